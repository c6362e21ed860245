package dev.iotstream.connect.mqtt.sink.delivery;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Per Kafka partition, the records accepted in offset order and whether each is done (acknowledged by the broker,
 * dead-lettered or skipped). The committable offset of a partition is one past the last record of its done
 * prefix: nothing past an unacknowledged message is ever committed. Thread-safe: records are added by the task
 * thread and completed from the MQTT client's threads.
 *
 * @param <P> the partition type (TopicPartition in the task; anything in tests)
 */
public final class OffsetTracker<P> {
    /** One accepted record. */
    public static final class Entry<P> {
        final P partition;
        final long offset;
        final long acceptedAtMs;
        boolean done;

        Entry(P partition, long offset, long acceptedAtMs) {
            this.partition = partition;
            this.offset = offset;
            this.acceptedAtMs = acceptedAtMs;
        }

        public P partition() {
            return partition;
        }

        public long offset() {
            return offset;
        }
    }

    private final LongSupplier clock;
    private final Map<P, ArrayDeque<Entry<P>>> open = new HashMap<>();
    private final Map<P, Long> committable = new HashMap<>();
    private int pending;

    public OffsetTracker(LongSupplier clock) {
        this.clock = clock;
    }

    public synchronized Entry<P> accept(P partition, long offset) {
        Entry<P> e = new Entry<>(partition, offset, clock.getAsLong());
        open.computeIfAbsent(partition, p -> new ArrayDeque<>()).addLast(e);
        pending++;
        return e;
    }

    public synchronized void done(Entry<P> e) {
        if (e.done) {
            return;
        }
        e.done = true;
        pending--;
        ArrayDeque<Entry<P>> q = open.get(e.partition);
        if (q == null) {
            return; // partition revoked meanwhile
        }
        while (!q.isEmpty() && q.peekFirst().done) {
            committable.put(e.partition, q.pollFirst().offset + 1);
        }
    }

    /** Offsets to commit (next offset to read) for partitions that made progress since they were assigned. */
    public synchronized Map<P, Long> committable() {
        return Map.copyOf(committable);
    }

    /** Records accepted and not yet done. */
    public synchronized int pending() {
        return pending;
    }

    /** How long the oldest record not yet done has waited, 0 when none. */
    public synchronized long oldestPendingAgeMs() {
        long oldest = Long.MAX_VALUE;
        for (ArrayDeque<Entry<P>> q : open.values()) {
            for (Entry<P> e : q) {
                if (!e.done) {
                    oldest = Math.min(oldest, e.acceptedAtMs);
                    break;
                }
            }
        }
        return oldest == Long.MAX_VALUE ? 0 : clock.getAsLong() - oldest;
    }

    /** Forgets a revoked partition: its unacknowledged records will be read again by the next owner. */
    public synchronized void forget(P partition) {
        ArrayDeque<Entry<P>> q = open.remove(partition);
        if (q != null) {
            for (Entry<P> e : q) {
                if (!e.done) {
                    e.done = true;
                    pending--;
                }
            }
        }
        committable.remove(partition);
    }
}
