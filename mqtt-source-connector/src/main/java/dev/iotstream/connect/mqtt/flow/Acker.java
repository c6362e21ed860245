package dev.iotstream.connect.mqtt.flow;

import dev.iotstream.connect.mqtt.client.InboundMessage;

/** Sends MQTT acknowledgements (PUBACK, or PUBREC/PUBCOMP's last step for QoS 2) through the client. */
public interface Acker {
    /** Called in arrival order, only for messages of the connection still current when their records were done. */
    void ack(InboundMessage message);

    /**
     * Acks handed to {@link #ack} that the client has not yet written to the network. Their messages still count
     * against the window, so that what is in Kafka without its ack having left the process stays within one window
     * even when the client's sender thread falls behind (after a kill -9 all of those come again: the duplicate
     * bound).
     */
    int inTransit();
}
