package dev.iotstream.connect.common;

import java.util.function.DoubleSupplier;

/**
 * Exponential backoff with jitter between connection attempts: the n-th delay is drawn from
 * [d/2, d] with d = min(max, initial * 2^n), so many tasks restarting together do not hit the broker in step.
 */
public final class Backoff {
    private final long initialMs;
    private final long maxMs;
    private final DoubleSupplier random;
    private int attempt;

    public Backoff(long initialMs, long maxMs, DoubleSupplier random) {
        this.initialMs = Math.max(1, initialMs);
        this.maxMs = Math.max(this.initialMs, maxMs);
        this.random = random;
    }

    public long nextDelayMs() {
        double ceiling = Math.min((double) maxMs, initialMs * Math.pow(2, Math.min(attempt, 30)));
        attempt++;
        return (long) (ceiling / 2 + random.getAsDouble() * ceiling / 2);
    }

    public void reset() {
        attempt = 0;
    }
}
