package dev.iotstream.connect.bench.mqtt;

import java.util.function.LongSupplier;

/** The end of a round: every message counted, or (QoS 0 may drop) a count that stood still for 5 s. */
final class StableCount {
    private StableCount() {
    }

    /** Waits until n arrived, or until the count has not moved for 5 s; checks every 5 ms. */
    static long await(LongSupplier count, int n) throws InterruptedException {
        return await(count, n, 5);
    }

    static long await(LongSupplier count, int n, long checkEveryMs) throws InterruptedException {
        long last = -1;
        long stableSince = System.currentTimeMillis();
        while (count.getAsLong() < n) {
            long c = count.getAsLong();
            if (c != last) {
                last = c;
                stableSince = System.currentTimeMillis();
            } else if (System.currentTimeMillis() - stableSince > 5000) {
                break;
            }
            Thread.sleep(checkEveryMs);
        }
        return count.getAsLong();
    }
}
