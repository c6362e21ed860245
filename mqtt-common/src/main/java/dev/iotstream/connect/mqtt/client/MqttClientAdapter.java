package dev.iotstream.connect.mqtt.client;

import java.util.function.Consumer;

/**
 * The few things a task needs from an MQTT client, so the v3 and v5 Paho clients are interchangeable and the
 * connection supervision, acking and mapping logic is written once.
 * <p>
 * Implementations must install their callback and turn on manual acks before the first connect: with a
 * persistent session the broker sends the backlog right after CONNACK.
 */
public interface MqttClientAdapter extends AutoCloseable {

    /** Receives what the client delivers. Called on Paho's threads: implementations must return promptly. */
    interface Listener {
        void messageArrived(InboundMessage message);

        void connectionLost(Throwable cause);
    }

    /**
     * One connection attempt: connect, then subscribe to every filter (none for a client that only publishes).
     * Blocks for at most the attempt timeout per
     * server URI.
     *
     * @return the server URI it connected to
     */
    String connectAndSubscribe() throws MqttConnectFailure;

    boolean isConnected();

    /** Whether the connection speaks MQTT 5 (Receive Maximum, reason codes, properties). */
    default boolean isMqtt5() {
        return false;
    }

    /** Epoch of the current connection, incremented on every successful connect. */
    long connectionEpoch();

    /**
     * Sends the PUBACK/PUBCOMP for {@code message}. Does nothing for QoS 0 or when the message arrived on an earlier
     * connection (its id is void; the broker redelivers it on the new one).
     */
    void ack(InboundMessage message);

    /**
     * Acks passed to {@link #ack} for the current connection and not yet written to the network: their messages are
     * still owed an acknowledgement by the broker's reckoning. 0 where the client cannot tell.
     */
    default int acksInTransit() {
        return 0;
    }

    /**
     * Sends {@code message} without waiting for the broker; {@code done} is called once, on a Paho thread, with the
     * PUBACK / PUBCOMP (and its MQTT 5 reason code), when a QoS 0 message is written, or with the failure when the
     * connection goes away first. {@code done} must return promptly.
     *
     * @throws PublishRefusedException when nothing was queued (not connected, or the in-flight window is full)
     */
    void publish(OutboundMessage message, Consumer<PublishOutcome> done) throws PublishRefusedException;

    /**
     * Most QoS 1/2 messages that may wait for their acknowledgement on the current connection: the configured
     * window, lowered to the broker's Receive Maximum under MQTT 5.
     */
    int publishWindow();

    /** Disconnects promptly and releases the client; unacknowledged messages stay in the broker's session. */
    @Override
    void close();
}
