package dev.iotstream.connect.bench.timeseries;

import dev.iotstream.connect.testing.ConnectClusters;
import dev.iotstream.connect.testing.ServerBinaries;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Throughput of the time-series sink against raw writers, same points, same store, same run:
 * (0) bare HTTP: pre-built line protocol bodies of 5000 lines POSTed by the JDK HttpClient (no client library),
 * (a) influxdb-client-java's blocking API writing pre-built lines in batches of 5000 (no Kafka, no JSON, no
 * mapping), (b) the connector consuming the same readings from a Kafka topic through a real Connect worker, once
 * per variant. Prints points/s of each and the ratios to the bare writer, the direct client and (for the other
 * variants) the v2 bytes path, per store.
 *
 * <p>Args: {@code [points=300000] [stores=questdb,vm] [rounds=2] [converters=bytes,json]}; variants, comma
 * separated: "bytes" (ByteArrayConverter, the sink streams the JSON bytes: the recommended configuration),
 * "json" (JsonConverter with schemas.enable=false: Connect builds maps), "string" (StringConverter), "v1" (bytes
 * through influx.api=v1, POST /write), "lp" (input.format=line-protocol: the topic holds the finished lines),
 * "gzip" (bytes with influx.gzip=true, the connector's default; every other side writes uncompressed), "client"
 * and "clientgzip" (bytes and gzip written through influxdb-client-java's WriteApiBlocking, as before).
 * Unmeasured warm-up rounds first: {@code -Dbench.warmups=N} (default 3, in {@code -Dbench.jvm.args}).
 */
public final class SinkThroughputBenchmark {
    private static List<String> converters = List.of("bytes", "json");
    /**
     * This JVM holds Kafka, Connect, Jetty and (for QuestDB) the store: with one warm-up round its JIT compilers
     * still used about a core through the measured connector phases (JIT seconds are printed per phase), which
     * made the rates swing by 2x from round to round. Override with -Dbench.warmups=N.
     */
    private static final int WARM_UP_ROUNDS = Math.max(1, Integer.getInteger("bench.warmups", 3));
    /**
     * By default each side (direct client, connector per converter) runs its warm-ups and rounds in a row: switching
     * sides in one JVM deoptimizes shared code and puts C2 recompiles into every measured round of the side with
     * more code (the connector's). -Dbench.alternate=true keeps the old order: direct, connectors, direct, ...
     */
    private static final boolean ALTERNATE = Boolean.getBoolean("bench.alternate");
    /**
     * The last side, the Kafka floor (see {@link KafkaFloorPhase}); -Dbench.floor=false (in -Dbench.jvm.args) skips
     * it.
     */
    private static final boolean FLOOR = !"false".equals(System.getProperty("bench.floor"));

    private SinkThroughputBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int points = args.length > 0 ? Integer.parseInt(args[0]) : 300_000;
        List<String> stores = List.of((args.length > 1 ? args[1] : "questdb,vm").split(","));
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        converters = List.of((args.length > 3 ? args[3] : "bytes,json").split(","));
        for (String converter : converters) {
            if (!ConnectorPhase.CONVERTERS.containsKey(converter)) {
                throw new IllegalArgumentException("converter '" + converter + "': expected one of " + ConnectorPhase.CONVERTERS.keySet());
            }
        }
        EmbeddedConnectCluster connect = ConnectClusters.start("sink-bench");
        List<String> summary = new ArrayList<>();
        try {
            for (String store : stores) {
                summary.addAll(runStore(connect, store.trim(), points, rounds));
            }
        } finally {
            connect.stop();
        }
        System.out.println();
        System.out.println("=== SinkThroughputBenchmark: " + points + " points, " + BenchPoints.DEVICES + " devices, 4 fields, batch "
                + BenchPoints.BATCH + ", value converters " + converters + ", " + WARM_UP_ROUNDS + " warm-ups per side, "
                + (ALTERNATE ? "sides alternating" : "each side's rounds in a row") + questDbSettings());
        summary.forEach(System.out::println);
        System.exit(0);
    }

    /**
     * The embedded QuestDB reads its settings from QDB_* environment variables; the ones set are part of the result
     * (QDB_SHARED_WORKER_NAP_THRESHOLD / _SLEEP_THRESHOLD decide how long its idle workers spin on the cores the
     * other sides share).
     */
    private static String questDbSettings() {
        StringBuilder out = new StringBuilder();
        new java.util.TreeMap<>(System.getenv()).forEach((k, v) -> {
            if (k.startsWith("QDB_")) {
                out.append(out.length() == 0 ? ", QuestDB env " : " ").append(k).append('=').append(v);
            }
        });
        return out.length() == 0 ? ", QuestDB at its defaults" : out.toString();
    }

    /** One phase: writes the points of one round into a store started for it; returns points/s. */
    private interface Phase {
        double run(RunningStore store, int round) throws Exception;
    }

    /**
     * Warm-ups (rounds up to 0, not counted) and measured rounds of the direct client and of the connector per
     * converter, each phase on a store of its own. Rounds of the same side run in a row unless -Dbench.alternate.
     */
    private static List<String> runStore(EmbeddedConnectCluster connect, String store, int points, int rounds)
            throws Exception {
        if (store.equals("vm") && ServerBinaries.VICTORIA_METRICS.find().isEmpty()) {
            return List.of(store + ": skipped, " + ServerBinaries.VICTORIA_METRICS.missingReason());
        }
        List<Phase> sides = new ArrayList<>();
        sides.add((running, round) -> DirectClientPhase.run(running, store, round, points));
        sides.add((running, round) -> BareHttpPhase.run(running, store, round, points));
        for (String converter : converters) {
            sides.add((running, round) -> ConnectorPhase.run(connect, running, store, round, points, converter));
        }
        if (FLOOR) {
            sides.add((running, round) -> KafkaFloorPhase.run(connect, running, store, round, points));
        }
        // -Dbench.floor2=<in flight>,<batch>: a second floor side in the same run (experiments).
        String floor2 = System.getProperty("bench.floor2", "");
        if (!floor2.isEmpty()) {
            String[] f = floor2.split(",");
            sides.add((running, round) -> KafkaFloorPhase.run(connect, running, store, round, points,
                    Integer.parseInt(f[0]), Integer.parseInt(f[1])));
        }
        double[][] rates = new double[sides.size()][rounds + 1];
        if (ALTERNATE) {
            for (int round = 1 - WARM_UP_ROUNDS; round <= rounds; round++) {
                for (int side = 0; side < sides.size(); side++) {
                    runPhase(store, sides.get(side), round, rates[side]);
                }
            }
        } else {
            for (int side = 0; side < sides.size(); side++) {
                for (int round = 1 - WARM_UP_ROUNDS; round <= rounds; round++) {
                    runPhase(store, sides.get(side), round, rates[side]);
                }
            }
        }
        List<String> results = new ArrayList<>();
        int bytesSide = converters.indexOf("bytes");
        for (int round = 1; round <= rounds; round++) {
            double bare = rates[1][round];
            results.add(String.format(Locale.ROOT, "%-8s round %d: bare HTTP (JDK HttpClient, pre-built bodies) "
                    + "%,10.0f points/s | direct client %,10.0f points/s | direct/bare %.2f", store, round, bare,
                    rates[0][round], rates[0][round] / bare));
            for (int c = 0; c < converters.size(); c++) {
                double rate = rates[c + 2][round];
                String vsBytes = bytesSide < 0 || bytesSide == c ? "" : String.format(Locale.ROOT,
                        " | vs connector (bytes) %.2f", rate / rates[bytesSide + 2][round]);
                results.add(String.format(Locale.ROOT, "%-8s round %d: connector (%-6s) %,10.0f points/s | vs bare "
                        + "%.2f | vs direct client %.2f%s", store, round, converters.get(c), rate, rate / bare,
                        rate / rates[0][round], vsBytes));
            }
            if (FLOOR) {
                double floor = rates[converters.size() + 2][round];
                results.add(String.format(Locale.ROOT, "%-8s round %d: floor, bare KafkaConsumer of ready lines into "
                        + "the connector's writer %,10.0f points/s | vs bare %.2f | vs direct client %.2f (the most a "
                        + "Kafka-fed sink gets here) | connector (bytes) vs floor %s",
                        store, round, floor, floor / bare, floor / rates[0][round], bytesSide < 0 ? "-"
                                : String.format(Locale.ROOT, "%.2f", rates[bytesSide + 2][round] / floor)));
            }
        }
        if (rounds > 1) {
            // One round's ratio swung by 1.5x on the shared machine (the same variant 254k-404k points/s from round
            // to round): with several rounds, judge the targets by the medians.
            double bare = median(rates[1], rounds);
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-8s median of %d rounds: bare HTTP "
                    + "%,10.0f points/s", store, rounds, bare));
            for (int c = 0; c < converters.size(); c++) {
                double rate = median(rates[c + 2], rounds);
                line.append(String.format(Locale.ROOT, " | %s %,.0f (vs bare %.2f%s)", converters.get(c), rate,
                        rate / bare, bytesSide < 0 || bytesSide == c ? "" : String.format(Locale.ROOT,
                                ", vs bytes %.2f", rate / median(rates[bytesSide + 2], rounds))));
            }
            if (FLOOR) {
                double floor = median(rates[converters.size() + 2], rounds);
                line.append(String.format(Locale.ROOT, " | floor %,.0f (vs bare %.2f)", floor, floor / bare));
            }
            results.add(line.toString());
        }
        return results;
    }

    /** The median of rounds 1..rounds (index 0 is unused). */
    private static double median(double[] byRound, int rounds) {
        double[] sorted = java.util.Arrays.copyOfRange(byRound, 1, rounds + 1);
        java.util.Arrays.sort(sorted);
        return rounds % 2 == 1 ? sorted[rounds / 2] : (sorted[rounds / 2 - 1] + sorted[rounds / 2]) / 2;
    }

    private static void runPhase(String store, Phase phase, int round, double[] rates) throws Exception {
        try (RunningStore running = RunningStore.start(store)) {
            double rate = phase.run(running, round);
            if (round > 0) {
                rates[round] = rate;
            }
        }
    }

}
