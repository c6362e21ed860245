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
}
