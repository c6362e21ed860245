package dev.iotstream.connect.common;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What {@link Backoff} promises: the n-th delay (n from 0) is drawn from [d/2, d] with d = min(max, initial * 2^n),
 * and {@link Backoff#reset()} starts over at n = 0. The random source is injected, so the extremes of the jitter
 * (0.0 and just below 1.0, the range of {@code nextDouble()}) give exact delays.
 */
class BackoffTest {
    private static final double ALMOST_ONE = Math.nextDown(1.0);

    @Test
    void ceilingDoublesPerAttemptFromTheInitialDelay() {
        Backoff top = new Backoff(100, 1_000_000, () -> ALMOST_ONE);
        Backoff bottom = new Backoff(100, 1_000_000, () -> 0.0);
        long ceiling = 100;
        for (int n = 0; n < 10; n++, ceiling *= 2) {
            assertThat(bottom.nextDelayMs()).as("lowest delay of attempt " + n).isEqualTo(ceiling / 2);
            // just below 1.0 the delay is the ceiling itself, less the truncation to whole ms
            assertThat(top.nextDelayMs()).as("highest delay of attempt " + n).isBetween(ceiling - 1, ceiling);
        }
    }

    @Test
    void delaysStopGrowingAtTheMaximum() {
        Backoff top = new Backoff(100, 1000, () -> ALMOST_ONE);
        Backoff bottom = new Backoff(100, 1000, () -> 0.0);
        long[] ceilings = {100, 200, 400, 800, 1000, 1000, 1000};
        for (long ceiling : ceilings) {
            assertThat(top.nextDelayMs()).isBetween(ceiling - 1, ceiling);
            assertThat(bottom.nextDelayMs()).isEqualTo(ceiling / 2);
        }
        // a task that retries for days: 2^n must neither overflow nor leave the cap
        for (int n = 0; n < 10_000; n++) {
            assertThat(top.nextDelayMs()).isBetween(999L, 1000L);
        }
        assertThat(bottom.nextDelayMs()).isEqualTo(500);
    }

    @Test
    void everyDelayIsJitteredWithinHalfToAllOfItsCeiling() {
        Random random = new Random(42);
        Backoff backoff = new Backoff(200, 5000, random::nextDouble);
        int runs = 500;
        long[] ceilings = {200, 400, 800, 1600, 3200, 5000, 5000};
        long[] lowest = new long[ceilings.length];
        long[] highest = new long[ceilings.length];
        java.util.Arrays.fill(lowest, Long.MAX_VALUE);
        for (int run = 0; run < runs; run++) {
            backoff.reset();
            for (int n = 0; n < ceilings.length; n++) {
                long delay = backoff.nextDelayMs();
                assertThat(delay).as("attempt " + n).isBetween(ceilings[n] / 2, ceilings[n]);
                lowest[n] = Math.min(lowest[n], delay);
                highest[n] = Math.max(highest[n], delay);
            }
        }
        // spread over the whole range, not a fixed point inside it: tasks restarting together do not retry in step
        for (int n = 0; n < ceilings.length; n++) {
            assertThat(lowest[n]).as("lowest delay of attempt " + n).isLessThan(ceilings[n] * 55 / 100);
            assertThat(highest[n]).as("highest delay of attempt " + n).isGreaterThan(ceilings[n] * 95 / 100);
        }
    }

    @Test
    void resetStartsOverAtTheInitialDelay() {
        Backoff backoff = new Backoff(100, 10_000, () -> 0.0);
        for (int n = 0; n < 6; n++) {
            backoff.nextDelayMs();
        }
        assertThat(backoff.nextDelayMs()).isEqualTo(3200); // attempt 6: ceiling 6400
        backoff.reset();
        assertThat(backoff.nextDelayMs()).isEqualTo(50);
        assertThat(backoff.nextDelayMs()).isEqualTo(100);
    }
}
