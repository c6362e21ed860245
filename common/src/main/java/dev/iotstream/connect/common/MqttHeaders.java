package dev.iotstream.connect.common;

/**
 * Kafka header names the MQTT source writes and the transforms read. One place, so that a rename can never
 * leave the source and the transforms disagreeing.
 */
public final class MqttHeaders {
    public static final String TOPIC = "mqtt.topic";
    public static final String QOS = "mqtt.qos";
    public static final String RETAINED = "mqtt.retained";
    public static final String DUPLICATE = "mqtt.duplicate";
    public static final String MESSAGE_ID = "mqtt.message.id";
    public static final String CONTENT_TYPE = "mqtt.content.type";
    public static final String RESPONSE_TOPIC = "mqtt.response.topic";
    public static final String CORRELATION_DATA = "mqtt.correlation.data";
    /** Prefix of MQTT 5 user properties: {@code mqtt.user.<name>}. */
    public static final String USER_PROPERTY_PREFIX = "mqtt.user.";

    private MqttHeaders() {
    }
}
