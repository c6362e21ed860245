package dev.iotstream.connect.mqtt.sink.delivery;

import dev.iotstream.connect.common.Backoff;
import dev.iotstream.connect.mqtt.client.MqttClientAdapter;
import dev.iotstream.connect.mqtt.client.OutboundMessage;
import dev.iotstream.connect.mqtt.client.PublishOutcome;
import dev.iotstream.connect.mqtt.client.PublishRefusedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * Sends accepted messages on its own thread, in acceptance order, with at most the client's publish window
 * waiting for acknowledgement, and completes each record in the {@link OffsetTracker} only when the broker
 * acknowledged it. After a reconnect everything unacknowledged is sent again, first and in its original order.
 * MQTT 5 refusals are classified ({@link ReasonCodes}): dead letters wait in {@link #drainRefusals()} for the task
 * thread, a missing permission becomes {@link #checkFatal()}'s exception, the rest are retried with backoff.
 * A connection that closes with a per-message reason code (a broker's DISCONNECT Packet too large, or Paho's own
 * reaction to a PUBREC refusing a QoS 2 message) names no message: the messages in flight then become suspects and
 * go out again one at a time, and the one the connection closes on while it is alone in flight is dead-lettered.
 * <p>
 * A QoS 0 message is handed to the client on the caller's thread when nothing older waits in the outbox or is being
 * handed over by the sender thread and the connection is up ({@link #submit}): the hop to the sender thread (a lock
 * and a wake-up per message) cost ~1.1 us of CPU per message at 200,000 messages/s, more than the task thread's own
 * work. The message is then in flight exactly as if the sender thread had sent it: same window, same completion,
 * same resend when its connection goes before it was written, so order on the wire and offsets are the queued
 * path's.
 *
 * @param <P> the partition type
 */
public final class Dispatcher<P> implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);
    /**
     * A message sent on this many connections in a row that each dropped before its acknowledgement is taken for
     * one the broker refuses by disconnecting (Mosquitto answers an MQTT 5 PUBLISH over message_size_limit with a
     * PUBACK reason code Paho rejects as invalid, which drops the connection): it is dead-lettered instead of
     * blocking its partition forever.
     */
    static final int POISON_LOSSES = 5;
    /** How long a QoS 0 message waits for a place in the window before it is queued for the sender thread. */
    static final long DIRECT_WAIT_MS = 100;

    /** A record the broker refused for good, and why; the task dead-letters it, then calls {@link #settled}. */
    public record Refusal<P>(Object record, OffsetTracker.Entry<P> entry, String reason) {
    }

    private final class Pending {
        final long seq;
        final OffsetTracker.Entry<P> entry;
        final Object record;
        final OutboundMessage message;
        int attempt;
        long notBeforeMs;
        /** Connections lost while this message waited for its acknowledgement. */
        int losses;
        /** The connection (count of {@link #connected()} calls) it was last handed to the client on; -1: never. */
        long sentOn = -1;
        /** Last handed to the client while suspects were isolated, with nothing else in flight. */
        boolean sentAlone;

        Pending(long seq, OffsetTracker.Entry<P> entry, Object record, OutboundMessage message) {
            this.seq = seq;
            this.entry = entry;
            this.record = record;
            this.message = message;
        }
    }

    private final MqttClientAdapter client;
    private final OffsetTracker<P> tracker;
    private final LongSupplier clock;
    private final Backoff retryBackoff;
    private final String name;
    private final Object lock = new Object();
    private final TreeMap<Long, Pending> outbox = new TreeMap<>();
    private final Map<Long, Pending> inFlight = new HashMap<>();
    private final List<Refusal<P>> refusals = new ArrayList<>();
    /**
     * Messages that were in flight when a connection closed with a per-message reason code; while there are any,
     * one message at a time is in flight (guarded by lock).
     */
    private final Set<Long> suspects = new TreeSet<>();
    private final Thread thread;
    private final LongAdder published = new LongAdder();
    private final LongAdder acknowledged = new LongAdder();
    private final LongAdder retried = new LongAdder();
    private long nextSeq;
    private boolean ready;
    /** The sender thread waits in {@link #run} (guarded by lock): only then does a new message need a wake-up. */
    private boolean senderWaiting;
    /** Threads waiting for a free place in the window (guarded by lock): only then does a completion wake anyone. */
    private int roomWaiters;
    /**
     * The sender thread took a message from the outbox and has not returned from handing it to the client yet: a
     * message handed over directly now could overtake it. Set under lock, cleared without it.
     */
    private volatile boolean senderHandingOver;
    private volatile boolean closed;
    private volatile RuntimeException fatal;
    private volatile String lastLoss = "unknown";
    /**
     * The per-message reason code ({@link ReasonCodes}) the last connection closed with, until {@link #connected()}
     * judges the messages it left in flight (guarded by lock; 0: none).
     */
    private int lossCode;
    /** How many times {@link #connected()} was called (guarded by lock). */
    private long connections;

    public Dispatcher(MqttClientAdapter client, OffsetTracker<P> tracker, LongSupplier clock, Backoff retryBackoff,
                      String name) {
        this.client = client;
        this.tracker = tracker;
        this.clock = clock;
        this.retryBackoff = retryBackoff;
        this.name = name;
        this.thread = new Thread(this::run, "mqtt-sink-sender-" + name);
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    /**
     * Queues a message for {@code entry}, or hands a QoS 0 message to the client right here when that keeps the
     * order (see the class comment); waits at most {@link #DIRECT_WAIT_MS} for a place in the window, else queues.
     * Called by one thread (the task's).
     */
    public void submit(OffsetTracker.Entry<P> entry, Object record, OutboundMessage message) {
        Pending p;
        int attempt;
        synchronized (lock) {
            p = new Pending(nextSeq++, entry, record, message);
            if (message.qos() != 0 || !awaitDirectRoom()) {
                outbox.put(p.seq, p);
                if (senderWaiting) {
                    lock.notifyAll();
                }
                return;
            }
            attempt = handOver(p);
        }
        send(p, attempt);
    }

    /**
     * Guarded by lock. Whether a message may be handed to the client on the caller's thread now: connected, nothing
     * queued or being handed over that it could overtake, no suspects to isolate; waits for room in the window.
     */
    private boolean awaitDirectRoom() {
        long deadline = 0;
        while (ready && fatal == null && !closed && outbox.isEmpty() && suspects.isEmpty() && !senderHandingOver) {
            if (inFlight.size() < Math.max(1, client.publishWindow())) {
                return true;
            }
            long now = clock.getAsLong();
            if (deadline == 0) {
                deadline = now + DIRECT_WAIT_MS;
            } else if (now >= deadline) {
                return false;
            }
            roomWaiters++;
            try {
                lock.wait(Math.max(1, deadline - now));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            } finally {
                roomWaiters--;
            }
        }
        return false;
    }

    /** Guarded by lock. {@code p} goes to the client now: it counts as in flight on this connection. */
    private int handOver(Pending p) {
        int attempt = ++p.attempt;
        p.sentOn = connections;
        p.sentAlone = !suspects.isEmpty() && inFlight.isEmpty();
        inFlight.put(p.seq, p);
        return attempt;
    }

    /**
     * Waits up to {@code maxWaitMs} until the client is connected and fewer than {@code bound} messages are queued
     * or unacknowledged.
     *
     * @return whether there is room
     */
    public boolean awaitRoom(int bound, long maxWaitMs) throws InterruptedException {
        long deadline = clock.getAsLong() + maxWaitMs;
        synchronized (lock) {
            while (!(ready && outbox.size() + inFlight.size() < bound) && fatal == null && !closed) {
                long left = deadline - clock.getAsLong();
                if (left <= 0) {
                    return false;
                }
                roomWaiters++;
                try {
                    lock.wait(Math.min(left, 100));
                } finally {
                    roomWaiters--;
                }
            }
            return ready && fatal == null;
        }
    }

    /** The client connected (again): what the last connection left unacknowledged goes out first, in order. */
    public void connected() {
        synchronized (lock) {
            for (Pending p : inFlight.values()) {
                p.attempt++; // its late outcome from the old connection is ignored
                lost(p);
            }
            if (!inFlight.isEmpty()) {
                log.info("{}: resending {} messages not acknowledged before the reconnect", name, inFlight.size());
            }
            inFlight.clear();
            judgeLoss();
            connections++;
            ready = true;
            lock.notifyAll();
        }
    }

    /**
     * Guarded by lock. The last connection closed with a per-message reason code: the message it closed on is the
     * one it left unacknowledged, if that had been sent alone; otherwise every message it left unacknowledged is a
     * suspect. (Not necessarily the oldest: a broker may acknowledge messages later than it rejects a following
     * one, as HiveMQ does; and Paho may fail the publish call of the very message the broker rejects, as seen with
     * Mosquitto's max_packet_size, so "handed to the client" counts, not "in flight".)
     */
    private void judgeLoss() {
        int code = lossCode;
        lossCode = 0;
        if (code == 0) {
            return;
        }
        List<Pending> left = outbox.values().stream().filter(p -> p.sentOn == connections).toList();
        if (left.size() == 1 && left.get(0).sentAlone) {
            Pending culprit = left.get(0);
            outbox.remove(culprit.seq);
            suspects.remove(culprit.seq);
            refused(culprit, code);
        } else if (!left.isEmpty()) {
            left.forEach(p -> suspects.add(p.seq));
            log.info("{}: the connection closed with {} with {} messages unacknowledged; sending them one at a time"
                    + " to find the one it is about", name, ReasonCodes.name(code), left.size());
        }
    }

    /** Guarded by lock. Its connection went while it waited for its acknowledgement: it goes out again. */
    private void lost(Pending p) {
        p.losses++;
        outbox.put(p.seq, p);
    }

    /** The connection dropped: nothing is sent until {@link #connected()}. */
    public void disconnected(Throwable cause) {
        lastLoss = String.valueOf(cause);
        int code = PublishOutcome.disconnectReason(cause);
        synchronized (lock) {
            ready = false;
            lossCode = code > 0 && ReasonCodes.classify(code) == ReasonCodes.Action.DEAD_LETTER ? code : 0;
        }
    }

    /** @throws RuntimeException when the broker refused a message in a way retrying cannot fix */
    public void checkFatal() {
        if (fatal != null) {
            throw fatal;
        }
    }

    public List<Refusal<P>> drainRefusals() {
        synchronized (lock) {
            if (refusals.isEmpty()) {
                return List.of();
            }
            List<Refusal<P>> out = new ArrayList<>(refusals);
            refusals.clear();
            return out;
        }
    }

    /** A refused record was dead-lettered: its offset may be committed. */
    public void settled(Refusal<P> refusal) {
        tracker.done(refusal.entry());
    }

    public int queued() {
        synchronized (lock) {
            return outbox.size();
        }
    }

    public int inFlight() {
        synchronized (lock) {
            return inFlight.size();
        }
    }

    public long published() {
        return published.sum();
    }

    public long acknowledged() {
        return acknowledged.sum();
    }

    public long retried() {
        return retried.sum();
    }

    private void run() {
        while (!closed) {
            Pending p;
            int attempt;
            synchronized (lock) {
                try {
                    long wait = waitMs();
                    if (wait > 0) {
                        senderWait(wait);
                        continue;
                    }
                } catch (InterruptedException e) {
                    return;
                }
                p = outbox.pollFirstEntry().getValue();
                if (p.losses >= POISON_LOSSES) {
                    poisoned(p);
                    continue;
                }
                attempt = handOver(p);
                senderHandingOver = true;
            }
            long pause;
            try {
                pause = send(p, attempt);
            } finally {
                senderHandingOver = false;
            }
            if (pause > 0) {
                synchronized (lock) {
                    try {
                        senderWait(pause);
                    } catch (InterruptedException ie) {
                        return;
                    }
                }
            }
        }
    }

    /** Guarded by lock. */
    private void senderWait(long ms) throws InterruptedException {
        senderWaiting = true;
        try {
            lock.wait(ms);
        } finally {
            senderWaiting = false;
        }
    }

    /**
     * Hands {@code p} to the client (outside the lock); what the client will not take goes back to the outbox.
     *
     * @return how long the sender thread should pause before the next message, 0 for not at all
     */
    private long send(Pending p, int attempt) {
        try {
            client.publish(p.message, outcome -> completed(p, attempt, outcome));
            published.increment();
            return 0;
        } catch (PublishRefusedException e) {
            synchronized (lock) {
                if (inFlight.remove(p.seq) == p) {
                    outbox.put(p.seq, p);
                }
                if (!e.windowFull()) {
                    ready = client.isConnected() && ready;
                }
                wakeWaiters();
            }
            return e.windowFull() ? 5 : 100;
        } catch (RuntimeException e) {
            log.warn("{}: publish to '{}' failed: {}; retrying", name, p.message.topic(), e.toString());
            synchronized (lock) {
                if (inFlight.remove(p.seq) == p) {
                    p.notBeforeMs = clock.getAsLong() + retryBackoff.nextDelayMs();
                    outbox.put(p.seq, p);
                }
                wakeWaiters();
            }
            return 0;
        }
    }

    /**
     * Guarded by lock. Wakes whoever waits for what just changed (a place in the window, a message in the outbox);
     * nobody when nobody waits, which at full speed is the common case (a wake-up costs more than a message).
     */
    private void wakeWaiters() {
        if (roomWaiters > 0 || (senderWaiting && !outbox.isEmpty())) {
            lock.notifyAll();
        }
    }

    /** Guarded by lock. */
    private void refused(Pending p, int code) {
        String reason = "the connection closed with " + ReasonCodes.name(code) + " after the message to '"
                + p.message.topic() + "' was sent, again when it was sent alone (the broker's DISCONNECT, or the"
                + " client's answer to a PUBREC refusing it)";
        log.warn("{}: {}", name, reason);
        refusals.add(new Refusal<>(p.record, p.entry, reason));
    }

    /** Guarded by lock. The others in flight with it were only unlucky: their count starts again. */
    private void poisoned(Pending p) {
        String reason = "the broker dropped the connection each of the last " + p.losses + " times this message to '"
                + p.message.topic() + "' was sent, before acknowledging it (last: " + lastLoss + "); it refuses"
                + " the message this way (for example Mosquitto's message_size_limit)";
        log.warn("{}: {}", name, reason);
        refusals.add(new Refusal<>(p.record, p.entry, reason));
        suspects.remove(p.seq);
        outbox.values().forEach(other -> other.losses = 0);
        inFlight.values().forEach(other -> other.losses = 0);
    }

    /** 0 when the head of the outbox may be sent now, else how long to wait (guarded by lock). */
    private long waitMs() {
        if (closed) {
            return 100;
        }
        int window = suspects.isEmpty() ? Math.max(1, client.publishWindow()) : 1;
        if (!ready || outbox.isEmpty() || fatal != null || inFlight.size() >= window) {
            return 100;
        }
        long notBefore = outbox.firstEntry().getValue().notBeforeMs;
        long now = clock.getAsLong();
        return notBefore > now ? Math.min(notBefore - now, 100) : 0;
    }

    private void completed(Pending p, int attempt, PublishOutcome outcome) {
        synchronized (lock) {
            if (p.attempt != attempt || inFlight.get(p.seq) != p) {
                return; // an outcome from an earlier connection: the message was queued again
            }
            inFlight.remove(p.seq);
            if (outcome.acknowledged() || outcome.refused()) {
                suspects.remove(p.seq);
            }
            if (outcome.acknowledged()) {
                acknowledged.increment();
                retryBackoff.reset();
                tracker.done(p.entry);
            } else if (outcome.refused()) {
                int code = outcome.reasonCode();
                String reason = "the broker refused the message to '" + p.message.topic() + "': "
                        + ReasonCodes.name(code);
                switch (ReasonCodes.classify(code)) {
                    case DEAD_LETTER -> refusals.add(new Refusal<>(p.record, p.entry, reason));
                    case FAIL_TASK -> {
                        fatal = new IllegalStateException(name + ": " + reason + ". Retrying cannot help; check that"
                                + " mqtt.username (and mqtt.password or the client certificate) may publish to this"
                                + " topic in the broker's ACL.");
                        log.error("{}", fatal.getMessage());
                    }
                    default -> {
                        retried.increment();
                        p.notBeforeMs = clock.getAsLong() + retryBackoff.nextDelayMs();
                        outbox.put(p.seq, p);
                        log.warn("{}: {}; retrying", name, reason);
                    }
                }
            } else {
                // the connection went away first; sent again once connected
                lost(p);
            }
            wakeWaiters();
        }
    }

    @Override
    public void close() {
        closed = true;
        synchronized (lock) {
            lock.notifyAll();
        }
        thread.interrupt();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
