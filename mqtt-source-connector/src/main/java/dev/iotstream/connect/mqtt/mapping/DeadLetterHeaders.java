package dev.iotstream.connect.mqtt.mapping;

/**
 * Headers on records written to {@code payload.dead.letter.topic}, next to the {@code mqtt.*} headers chosen by
 * {@code mqtt.headers} and, whatever it says, {@code mqtt.topic}: these four name the Kafka topic and the task,
 * not the MQTT topic, which identifies the device that sent the payload.
 */
public final class DeadLetterHeaders {
    /** Why the payload could not be decoded. */
    public static final String REASON = "mqtt.dlq.reason";
    /** The configured payload.format the payload failed to decode as. */
    public static final String FORMAT = "mqtt.dlq.payload.format";
    /** The Kafka topic the records would have gone to. */
    public static final String INTENDED_TOPIC = "mqtt.dlq.intended.topic";
    /** Connector name and task index that received the message. */
    public static final String SOURCE = "mqtt.dlq.source";
    /**
     * The payload's bytes, on dead letters of messages whose records were rejected downstream of the connector
     * (their value is null, so that the transform that rejected them passes the dead letter through).
     */
    public static final String PAYLOAD = "mqtt.dlq.payload";
    /**
     * The part of the message that could not become a record, when the rest of it did: a JSON array element
     * ({@code readings[3]}) or a Sparkplug B metric ({@code plant1/gw7/pump/alias 12}). The value is the whole
     * message's bytes.
     */
    public static final String ELEMENT = "mqtt.dlq.element";

    private DeadLetterHeaders() {
    }
}
