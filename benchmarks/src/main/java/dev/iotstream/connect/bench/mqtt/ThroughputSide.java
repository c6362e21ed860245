package dev.iotstream.connect.bench.mqtt;

/**
 * One side of the comparison, started once and measured round after round, as a deployed subscriber, connector or
 * bridge runs: creating one per round put Connect's connector set-up and deletion (config topic writes, a new
 * producer) into every round, and the JIT recompiled the producer's hottest methods (RecordAccumulator.append
 * ~0.6 s) inside measured rounds as their type profiles changed.
 */
interface ThroughputSide extends AutoCloseable {
    /** msgs/s of one round of n messages; rounds up to 0 are unmeasured warm-ups. */
    double run(int round) throws Exception;

    @Override
    void close() throws Exception;

    /** Starts a side (connects, subscribes, creates its connector). */
    interface Starter {
        ThroughputSide start() throws Exception;
    }

    static String label(int round) {
        return round <= 0 ? " (warm-up)" : "";
    }
}
