package dev.iotstream.connect.mqtt.client;

/**
 * The few things the task needs from an MQTT client, so the v3 and v5 Paho clients are interchangeable and the
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
     * One connection attempt: connect, then subscribe to every filter. Blocks for at most the attempt timeout per
     * server URI.
     *
     * @return the server URI it connected to
     */
    String connectAndSubscribe() throws MqttConnectFailure;

    boolean isConnected();

    /** Epoch of the current connection, incremented on every successful connect. */
    long connectionEpoch();

    /**
     * Sends the PUBACK/PUBCOMP for {@code message}. Does nothing for QoS 0 or when the message arrived on an earlier
     * connection (its id is void; the broker redelivers it on the new one).
     */
    void ack(InboundMessage message);

    /** Disconnects promptly and releases the client; unacknowledged messages stay in the broker's session. */
    @Override
    void close();
}
