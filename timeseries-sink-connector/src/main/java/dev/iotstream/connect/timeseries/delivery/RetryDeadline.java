package dev.iotstream.connect.timeseries.delivery;

import dev.iotstream.connect.common.Backoff;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Retries of one store outage: the shared {@link Backoff} (exponential, with jitter, so many tasks do not hammer a
 * recovering store in lockstep), at least the store's Retry-After, and an overall deadline counted from the
 * outage's first failure.
 */
public final class RetryDeadline {
    private final Backoff backoff;
    private final long timeoutMs;
    private long firstFailureAt = -1;
    private int failures;

    public RetryDeadline(long initialMs, long maxMs, long timeoutMs) {
        this.backoff = new Backoff(initialMs, maxMs, () -> ThreadLocalRandom.current().nextDouble());
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
        failures++;
        long delay = Math.max(backoff.nextDelayMs(), retryAfterMs);
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
        backoff.reset();
    }
}
