package dev.iotstream.connect.mqtt.ack;

import dev.iotstream.connect.mqtt.metrics.MqttSourceTaskMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Admits QoS 0 messages to the task's hand-off: at most {@code slots} wait for poll() at once. QoS 0 has no flow
 * control in MQTT, and Paho's reader stops when its callback waits, so it reads no PINGRESP either and drops the
 * connection about one keep-alive later. So a message waits for a slot at most {@code maxWaitMs} (half the
 * keep-alive); after that QoS 0 messages are dropped, counted and logged until poll() frees slots again: a loss
 * the protocol allows and the user sees, instead of a reconnect series that loses them anyway.
 * Called on Paho's callback thread (one at a time); {@link #release} on the task thread.
 */
public final class Qos0Admission {
    private static final Logger log = LoggerFactory.getLogger(Qos0Admission.class);
    private static final long WAIT_SLICE_MS = 200;
    private static final long DROP_LOG_INTERVAL_MS = 30_000;

    private final Semaphore slots;
    private final long maxWaitMs;
    private final MqttSourceTaskMetrics metrics;
    private final String name;
    private volatile boolean dropping;
    private long droppedBefore;
    private long lastDropLog;

    /** @param maxWaitMs how long a message may wait for a slot before dropping starts; Long.MAX_VALUE: always wait */
    public Qos0Admission(int slots, long maxWaitMs, MqttSourceTaskMetrics metrics, String name) {
        this.slots = new Semaphore(slots);
        this.maxWaitMs = maxWaitMs;
        this.metrics = metrics;
        this.name = name;
    }

    /**
     * True when the message holds a slot now (the caller hands it to poll()); false when it was dropped (counted)
     * or the task is stopping.
     */
    public boolean admit(BooleanSupplier stopping, int waiting) throws InterruptedException {
        if (slots.tryAcquire()) { // the common case: no clock
            if (dropping) {
                dropping = false;
                log.info("{}: Kafka takes QoS 0 messages again; {} were dropped while it did not", name,
                        metrics.getMessagesDropped() - droppedBefore);
            }
            return true;
        }
        if (!dropping) {
            long deadline = System.currentTimeMillis() + maxWaitMs;
            for (long left = maxWaitMs; left > 0 && !stopping.getAsBoolean();
                 left = deadline - System.currentTimeMillis()) {
                if (slots.tryAcquire(Math.min(left, WAIT_SLICE_MS), TimeUnit.MILLISECONDS)) {
                    return true;
                }
            }
            if (stopping.getAsBoolean()) {
                return false;
            }
            dropping = true;
            droppedBefore = metrics.getMessagesDropped();
            lastDropLog = System.currentTimeMillis();
            log.warn("{}: Kafka has taken no QoS 0 message for {} ms ({} waiting); dropping QoS 0 messages until it"
                    + " does, so that Paho keeps reading and the MQTT connection stays up (keep-alive). Counted in"
                    + " MessagesDropped.", name, maxWaitMs, waiting);
        }
        metrics.qos0Dropped();
        long now = System.currentTimeMillis();
        if (now - lastDropLog >= DROP_LOG_INTERVAL_MS) {
            lastDropLog = now;
            log.warn("{}: still dropping QoS 0 messages, Kafka takes none; {} dropped so far", name,
                    metrics.getMessagesDropped() - droppedBefore);
        }
        return false;
    }

    /** poll() took {@code count} QoS 0 messages. */
    public void release(int count) {
        if (count > 0) {
            slots.release(count);
        }
    }
}
