package dev.iotstream.connect.mqtt.client;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Acks of the current connection that Paho was asked to send but has not yet written to the socket. Counted only
 * over transports whose bytes we see ({@link AckCountingOutputStream}: tcp:// and ssl://); elsewhere nothing is counted and
 * {@link #inTransit()} stays 0, i.e. the window alone bounds what is acknowledged in Kafka but not at the broker.
 */
final class AckLedger {
    private final AtomicLong handed = new AtomicLong();
    private final AtomicLong written = new AtomicLong();
    private volatile boolean counting;

    /** A new connection: acks still queued for the old one will never be written (their messages come again). */
    void connectionStarting(boolean countable) {
        counting = false;
        handed.set(0);
        written.set(0);
        counting = countable;
    }

    void handed() {
        if (counting) {
            handed.incrementAndGet();
        }
    }

    /** Paho refused the ack (the connection is closing): it will never be written. */
    void notHanded() {
        if (counting) {
            handed.decrementAndGet();
        }
    }

    void written(int acks) {
        if (counting) {
            written.addAndGet(acks);
        }
    }

    int inTransit() {
        long w = written.get(); // first: a racing write can then only make the difference larger, never negative
        long d = handed.get() - w;
        return d <= 0 ? 0 : (int) Math.min(Integer.MAX_VALUE, d);
    }
}
