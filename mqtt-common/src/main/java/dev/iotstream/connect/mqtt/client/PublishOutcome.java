package dev.iotstream.connect.mqtt.client;

/**
 * How one publish ended. QoS 0: sent. QoS 1/2: the broker's PUBACK / PUBCOMP (MQTT 5 may carry a reason code
 * >= 0x80 that refuses the message), or the connection went away first ({@code failure}, the message is void
 * and must be sent again on the next connection).
 *
 * @param reasonCode the MQTT 5 PUBACK/PUBREC/PUBCOMP reason code, 0 for MQTT 3.1.1 and for success
 */
public record PublishOutcome(int reasonCode, Throwable failure) {
    public static final PublishOutcome ACKNOWLEDGED = new PublishOutcome(0, null);

    public boolean acknowledged() {
        return failure == null && reasonCode < 0x80;
    }

    public boolean refused() {
        return failure == null && reasonCode >= 0x80;
    }

    /**
     * The MQTT 5 reason code of the broker's DISCONNECT behind a lost connection (e.g. 0x95 Packet too large for
     * the PUBLISH it could not take), or 0 when the loss carries none.
     */
    public static int disconnectReason(Throwable cause) {
        if (cause instanceof org.eclipse.paho.mqttv5.common.MqttException e
                && e.getReasonCode() >= 0x80 && e.getReasonCode() <= 0xFF) {
            return e.getReasonCode();
        }
        return 0;
    }
}
