package dev.iotstream.connect.mqtt.ack;

import java.util.ArrayDeque;
import java.util.function.Consumer;
import java.util.function.IntSupplier;

/**
 * Keeps MQTT acknowledgements in arrival order and bounds how many messages are un-acknowledged.
 * <p>
 * A message is registered when it arrives (taking one slot of the window), told how many Kafka records it became,
 * and completes when Kafka has all of them (or they were filtered). Completed messages are acknowledged only when
 * every earlier message has been acknowledged too (MQTT 3.1.1 4.6.0-2 requires PUBACKs in PUBLISH order), and only
 * then is the slot freed.
 * <p>
 * {@link #voidAll()} marks every pending message as belonging to a dead connection: its ack is never sent (the
 * broker redelivers it on the next connection). A voided message leaves the window of the current connection at
 * once but stays counted until its records are through (or it is discarded, never polled), in a second window of
 * the same size: memory stays bounded by two windows, and the next connection can receive a full window while
 * Kafka still holds the records of the previous one. Without that, after a reconnect during a Kafka stall the
 * broker (keeping to the window: MQTT 5 Receive Maximum) would send messages the task could not take, the client
 * callback would wait, Paho would stop reading the socket and the keep-alive would time out, again and again.
 * <p>
 * An ack handed to the client is not yet at the broker: the client queues it for its sender thread. Until the client
 * has written it, its message still counts against the window ({@code acksInTransit}), so that what is in Kafka
 * without its ack having left the process stays within one window even when the sender thread falls behind (after a
 * kill -9 those messages all come again: the duplicate bound).
 * <p>
 * Thread-safe. Acks are sent while holding the lock so that two completing threads cannot reorder them.
 */
public final class OrderedAckTracker<M> {

    /** One registered message. */
    public static final class Ticket<M> {
        private final M message;
        private int outstanding = -1; // unknown until the message has been mapped to records
        private volatile boolean voided;
        private boolean released; // a voided ticket no longer counted in voidedHeld

        private Ticket(M message) {
            this.message = message;
        }

        public M message() {
            return message;
        }

        /** Its connection is gone: it is never acknowledged, and if not yet polled it need not be at all. */
        public boolean voided() {
            return voided;
        }

        private boolean complete() {
            return outstanding == 0;
        }
    }

    private final int window;
    private final Consumer<M> acker;
    private final IntSupplier acksInTransit;
    private final ArrayDeque<Ticket<M>> pending = new ArrayDeque<>();
    private long acked;
    private long voided;
    private int voidedHeld; // voided tickets whose records may still be in the pipeline

    public OrderedAckTracker(int window, Consumer<M> acker) {
        this(window, acker, () -> 0);
    }

    /** @param acksInTransit acks handed to {@code acker} that the client has not yet written to the network */
    public OrderedAckTracker(int window, Consumer<M> acker, IntSupplier acksInTransit) {
        if (window < 1) {
            throw new IllegalArgumentException("window must be >= 1");
        }
        this.window = window;
        this.acker = acker;
        this.acksInTransit = acksInTransit;
    }

    /**
     * Registers a message, waiting up to {@code timeoutMs} for a free slot (in the window, and in the two windows that
     * include voided messages still in the pipeline).
     *
     * @return the ticket, or null when the window stayed full for the whole timeout
     */
    public synchronized Ticket<M> register(M message, long timeoutMs) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
        while (true) {
            boolean windowFull = pending.size() >= window || pending.size() + voidedHeld >= 2 * window;
            // Written acks notify nobody (the client's sender thread must not take this lock), hence the short wait.
            boolean acksBehind = !windowFull && pending.size() + acksInTransit.getAsInt() >= window;
            if (!windowFull && !acksBehind) {
                break;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            wait(acksBehind ? 1 : Math.max(1, left / 1_000_000L));
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
        if (ticket.voided) {
            releaseVoided(ticket);
        } else {
            release();
        }
    }

    /** One record of the message is in Kafka (or was dropped by a transform on purpose). */
    public synchronized void recordDone(Ticket<M> ticket) {
        if (ticket.outstanding <= 0) {
            throw new IllegalStateException("more records completed than the message produced");
        }
        ticket.outstanding--;
        if (ticket.voided) {
            releaseVoided(ticket);
        } else {
            release();
        }
    }

    /**
     * The connection these messages arrived on is gone: their message ids mean nothing on the next one. They leave
     * the window; those with records still to come stay counted until then (or until {@link #discard}).
     */
    public synchronized void voidAll() {
        for (Ticket<M> t : pending) {
            t.voided = true;
            if (t.complete()) {
                t.released = true; // done, only waiting for an earlier ack that will never be sent
            } else {
                voidedHeld++;
            }
        }
        voided += pending.size();
        pending.clear();
        notifyAll();
    }

    /** A voided ticket that is never polled (dropped from the hand-off): it will have no records. */
    public synchronized void discard(Ticket<M> ticket) {
        if (ticket.voided && ticket.outstanding == -1) {
            ticket.outstanding = 0;
            releaseVoided(ticket);
        }
    }

    /** Voids one message that was registered after its connection was voided; it is never polled. */
    public synchronized void voidOne(Ticket<M> ticket) {
        if (!ticket.voided && pending.remove(ticket)) {
            ticket.voided = true;
            ticket.released = true;
            voided++;
            release();
            notifyAll();
        }
    }

    /**
     * The oldest message of this connection that was mapped to records of which Kafka has not confirmed all, or null.
     * When a task stops, Connect has already waited for every record it sent: this is then the one it refused.
     */
    public synchronized M oldestUnwritten() {
        for (Ticket<M> t : pending) {
            if (t.outstanding > 0) {
                return t.message;
            }
        }
        return null;
    }

    /** Voided messages whose records may still be in the pipeline (they hold memory, not the window). */
    public synchronized int voidedInFlight() {
        return voidedHeld;
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

    private void releaseVoided(Ticket<M> ticket) {
        if (ticket.complete() && !ticket.released) {
            ticket.released = true;
            voidedHeld--;
            notifyAll();
        }
    }

    public int window() {
        return window;
    }

    private void release() {
        boolean freed = false;
        while (!pending.isEmpty() && pending.peekFirst().complete()) {
            Ticket<M> head = pending.pollFirst();
            freed = true;
            acker.accept(head.message);
            acked++;
        }
        if (freed) {
            notifyAll();
        }
    }
}
