package dev.iotstream.connect.timeseries.delivery;

import org.apache.kafka.common.TopicPartition;

import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The wait after a retriable write failure, kept without throwing {@code RetriableException}: Connect (4.1)
 * logs every RetriableException at ERROR with a stack trace and, while a back-off is longer than its offset
 * commit interval, calls the task again at every commit, so a normal Retry-After would log an ERROR per commit.
 * Instead the failed records stay buffered, the task pauses the partitions it owns (no new records in memory
 * while waiting), asks Connect for a call back when the wait is over, and resumes exactly the partitions it
 * paused once a write succeeded again or nothing is left to retry.
 * <p>
 * Pure bookkeeping: the task applies the returned partitions to its {@code SinkTaskContext}.
 */
public final class RetryWait {
    /** No write before this time (epoch ms); meaningful only while {@link #active}. */
    private long notBefore;
    private boolean active;
    private final Set<TopicPartition> paused = new LinkedHashSet<>();

    /**
     * Starts (or, after another failure, extends) the wait until {@code notBefore}; returns the partitions of
     * {@code assigned} to pause now, those not paused by this wait yet.
     */
    public Set<TopicPartition> begin(long notBefore, Collection<TopicPartition> assigned) {
        this.notBefore = notBefore;
        active = true;
        return toPause(assigned);
    }

    /** True from a failure until {@link #release}: partitions stay paused. */
    public boolean active() {
        return active;
    }

    /** True while the back-off or Retry-After is still running: no write may start. */
    public boolean waiting(long now) {
        return active && now < notBefore;
    }

    public long remainingMs(long now) {
        return active ? Math.max(0, notBefore - now) : 0;
    }

    /**
     * Partitions (newly assigned, or not yet paused) that must be paused because a wait is active; empty
     * otherwise. They are remembered, to be resumed with the others.
     */
    public Set<TopicPartition> toPause(Collection<TopicPartition> partitions) {
        Set<TopicPartition> out = new LinkedHashSet<>();
        if (active) {
            for (TopicPartition p : partitions) {
                if (paused.add(p)) {
                    out.add(p);
                }
            }
        }
        return out;
    }

    /**
     * Forgets revoked partitions: Connect drops them from its own paused set when they are not assigned again,
     * and re-pauses them when they are; then {@link #toPause} (from {@code open}) takes them back.
     */
    public void revoked(Collection<TopicPartition> partitions) {
        paused.removeAll(partitions);
    }

    /**
     * Ends the wait; returns the partitions this wait paused that are still {@code assigned}, to resume (resuming
     * a partition no longer assigned would be refused by Connect).
     */
    public Set<TopicPartition> release(Collection<TopicPartition> assigned) {
        Set<TopicPartition> out = new LinkedHashSet<>(paused);
        out.retainAll(new HashSet<>(assigned));
        paused.clear();
        active = false;
        notBefore = 0;
        return out;
    }
}
