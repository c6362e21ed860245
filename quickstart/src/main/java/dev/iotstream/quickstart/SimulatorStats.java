package dev.iotstream.quickstart;

/**
 * A consistent-enough snapshot of the simulator's counters. {@code published} counts publishes the broker
 * acknowledged (PUBACK / PUBCOMP; for QoS 0: written to the socket), {@code outOfRangePublished} the subset of
 * those that carry an out-of-range temperature, i.e. how many alerts a correct pipeline must route.
 */
public record SimulatorStats(long attempted, long published, long failed, long outOfRangePublished,
                             String lastError) {

    public long inFlight() {
        return Math.max(0, attempted - published - failed);
    }
}
