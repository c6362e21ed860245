package dev.iotstream.connect.mqtt.ack;

import java.util.ArrayDeque;
import java.util.function.Consumer;

/**
 * Keeps MQTT acknowledgements in arrival order and bounds how many messages are un-acknowledged.
 * <p>
 * A message is registered when it arrives (taking one slot of the window), told how many Kafka records it became,
 * and completes when Kafka has all of them (or they were filtered). Completed messages are acknowledged only when
 * every earlier message has been acknowledged too (MQTT 3.1.1 4.6.0-2 requires PUBACKs in PUBLISH order), and only
 * then is the slot freed. {@link #voidAll()} marks every pending message as belonging to a dead connection: it
 * still has to drain (its records are already in the pipeline) but its ack is never sent.
 * <p>
 * Thread-safe. Acks are sent while holding the lock so that two completing threads cannot reorder them.
 */
public final class OrderedAckTracker<M> {

    /** One registered message. */
    public static final class Ticket<M> {
        private final M message;
        private int outstanding = -1; // unknown until the message has been mapped to records
        private boolean voided;

        private Ticket(M message) {
            this.message = message;
        }

        public M message() {
            return message;
        }

        private boolean complete() {
            return outstanding == 0;
        }
    }

    private final int window;
    private final Consumer<M> acker;
    private final ArrayDeque<Ticket<M>> pending = new ArrayDeque<>();
    private long acked;
    private long voided;

    public OrderedAckTracker(int window, Consumer<M> acker) {
        if (window < 1) {
            throw new IllegalArgumentException("window must be >= 1");
        }
        this.window = window;
        this.acker = acker;
    }

    /**
     * Registers a message, waiting up to {@code timeoutMs} for a free slot.
     *
     * @return the ticket, or null when the window stayed full for the whole timeout
     */
    public synchronized Ticket<M> register(M message, long timeoutMs) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
        while (pending.size() >= window) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            wait(Math.max(1, left / 1_000_000L));
        }
        Ticket<M> ticket = new Ticket<>(message);
        pending.addLast(ticket);
        return ticket;
    }

    /** Sets how many records the message became; zero completes it at once (skipped or filtered). */
    public synchronized void expect(Ticket<M> ticket, int records) {
        if (records < 0 || ticket.outstanding != -1) {
            throw new IllegalStateException("expect() called twice or with a negative count");
        }
        ticket.outstanding = records;
        release();
    }

    /** One record of the message is in Kafka (or was dropped by a transform on purpose). */
    public synchronized void recordDone(Ticket<M> ticket) {
        if (ticket.outstanding <= 0) {
            throw new IllegalStateException("more records completed than the message produced");
        }
        ticket.outstanding--;
        release();
    }

    /** The connection these messages arrived on is gone: their message ids mean nothing on the next one. */
    public synchronized void voidAll() {
        for (Ticket<M> t : pending) {
            t.voided = true;
        }
    }

    public synchronized int inFlight() {
        return pending.size();
    }

    public synchronized long acknowledged() {
        return acked;
    }

    public synchronized long voidedCount() {
        return voided;
    }

    public int window() {
        return window;
    }

    private void release() {
        boolean freed = false;
        while (!pending.isEmpty() && pending.peekFirst().complete()) {
            Ticket<M> head = pending.pollFirst();
            freed = true;
            if (head.voided) {
                voided++;
            } else {
                acker.accept(head.message);
                acked++;
            }
        }
        if (freed) {
            notifyAll();
        }
    }
}
