package dev.iotstream.connect.timeseries.delivery;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential back-off with jitter and an overall deadline, counted from the first failure of the current
 * outage. Jitter keeps many tasks from hammering a recovering store in lockstep.
 */
public final class Backoff {
    private final long initialMs;
    private final long maxMs;
    private final long timeoutMs;
    private long firstFailureAt = -1;
    private int failures;

    public Backoff(long initialMs, long maxMs, long timeoutMs) {
        this.initialMs = initialMs;
        this.maxMs = Math.max(initialMs, maxMs);
        this.timeoutMs = timeoutMs;
    }

    /** Delay before the next attempt, or -1 when the deadline has passed. */
    public long next(long retryAfterMs, long now) {
        if (firstFailureAt < 0) {
            firstFailureAt = now;
        }
        if (now - firstFailureAt >= timeoutMs) {
            return -1;
        }
        long ceiling = Math.min(maxMs, initialMs << Math.min(failures, 30));
        failures++;
        long jittered = ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1);
        long delay = Math.max(jittered, retryAfterMs);
        return Math.max(1, Math.min(delay, firstFailureAt + timeoutMs - now + 1));
    }

    public int failures() {
        return failures;
    }

    public long outageMs(long now) {
        return firstFailureAt < 0 ? 0 : now - firstFailureAt;
    }

    public void reset() {
        firstFailureAt = -1;
        failures = 0;
    }
}
