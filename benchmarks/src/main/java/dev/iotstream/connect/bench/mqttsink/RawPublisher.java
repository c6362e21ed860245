package dev.iotstream.connect.bench.mqttsink;

import java.util.concurrent.Semaphore;

/**
 * The raw publisher of the baseline and of the floor: one Paho async client with the sink's window (1000 messages
 * waiting for their PUBACK, QoS 0: for being written), the same as the connector's default mqtt.max.inflight.
 * The protocol is the connector's in the same run ({@link #open}): Paho's v3 and v5 clients cost differently per
 * message, so comparing a v5 connector with a v3 publisher measured the client library, not the connector.
 */
abstract class RawPublisher implements AutoCloseable {
    static final int WINDOW = 1000;

    private final Semaphore window = new Semaphore(WINDOW);
    private volatile long firstAckNanos = -1;
    private volatile long lastAckNanos;

    /** @param version "3.1.1" or "5" */
    static RawPublisher open(String uri, String version) throws Exception {
        return "5".equals(version) ? new RawPublisherV5(uri) : new RawPublisherV3(uri);
    }

    /** Called once per message by the client's callback thread. */
    protected final void completed() {
        long now = System.nanoTime();
        if (firstAckNanos < 0) {
            firstAckNanos = now;
        }
        lastAckNanos = now;
        window.release();
    }

    final void publish(String topic, byte[] payload, int qos) throws Exception {
        window.acquire();
        send(topic, payload, qos);
    }

    protected abstract void send(String topic, byte[] payload, int qos) throws Exception;

    /** Waits for every outstanding acknowledgement; returns messages/s from the first acknowledgement to the last. */
    final double finish(long messages) throws InterruptedException {
        window.acquire(WINDOW);
        window.release(WINDOW);
        return (messages - 1) / ((lastAckNanos - firstAckNanos) / 1e9);
    }
}
