package dev.iotstream.connect.bench.mqtt;

import dev.iotstream.connect.testing.ConnectClusters;
import dev.iotstream.connect.testing.MosquittoBroker;
import dev.iotstream.connect.testing.ServerBinaries;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Throughput of the MQTT source connector against a raw Paho subscriber, in the same run, on the same Mosquitto
 * (max_inflight_messages and max_queued_messages raised), at QoS 0 and QoS 1. Each measurement publishes N
 * ~100-byte JSON messages as fast as one Paho publisher can and times from the first publish until the last
 * message is (a) delivered to the raw subscriber's callback or (b) appended by the Kafka broker (the last record's
 * LogAppendTime), so both include the same publisher and broker. Prints msgs/s and the ratio connector/raw. The
 * connector uses exactly the producer settings the module README recommends ({@link #PRODUCER_TUNING}). A third
 * side, the bridge floor ({@link BridgeSide}), shows what the Kafka leg alone costs on the same machine. The
 * connector reads its socket through a buffer, plain Paho does not; a fourth side, the raw subscriber with that
 * buffer, shows how much of the ratio the buffer is. Each side is started once and measured round after round
 * (see {@link ThroughputSide}).
 * <p>
 * Run: {@code mvn -pl benchmarks exec:exec -Dbench.main=dev.iotstream.connect.bench.mqtt.MqttThroughputBenchmark
 * -Dbench.args="100000 2"} (messages per measurement; measured rounds, after unmeasured warm-up rounds of
 * each side, 4 unless {@code -Dbench.warmups=N}, each side's rounds in a row unless {@code -Dbench.alternate=true};
 * the best measured round of each counts; an optional third argument picks the QoS levels, default
 * {@code 0,1}, e.g. {@code "100000 2 0"} while profiling QoS 0).
 * <p>
 * The connector side writes the connector's default headers; the system property {@value #HEADERS_PROPERTY}
 * (e.g. {@code -Dbench.jvm.args="-Dbench.mqtt.headers=topic"}) sets its {@code mqtt.headers} instead (an empty
 * value: no headers). The raw side is the same either way. {@code -Dbench.headerless=true} adds a side: the
 * connector with no headers, in the same run.
 */
public final class MqttThroughputBenchmark {
    static final String HEADERS_PROPERTY = "bench.mqtt.headers";
    /** Unmeasured rounds of both sides first; override with -Dbench.warmups=N (in -Dbench.jvm.args). */
    private static final int WARM_UP_ROUNDS = Math.max(1, Integer.getInteger("bench.warmups", 4));
    /**
     * By default each side runs its warm-ups and measured rounds in a row. Alternating raw and connector rounds
     * (-Dbench.alternate=true, the old order) deoptimizes the code both share (Paho's, Kafka's record code) at
     * every switch, and the C2 recompiles of the connector side's large methods (RecordAccumulator.append ~0.4 s
     * each) then land in every measured connector round: 0.7-0.8 s of JIT CPU per 100,000 messages after four
     * rounds, against 0.1 s on the raw side. A deployed connector does not switch workloads.
     */
    private static final boolean ALTERNATE = Boolean.getBoolean("bench.alternate");
    /**
     * The third side, the bridge floor (see {@link BridgeSide}); -Dbench.bridge=false (in -Dbench.jvm.args) skips it.
     */
    private static final boolean BRIDGE = !"false".equals(System.getProperty("bench.bridge"));
    /**
     * A fourth side, -Dbench.headerless=true (in -Dbench.jvm.args): the connector once more, with
     * {@code mqtt.headers=} (none), to show in the same run what the default headers cost end to end.
     */
    private static final boolean HEADERLESS = Boolean.getBoolean("bench.headerless");
    /**
     * The raw subscriber once more, reading through the connector's socket buffer; on by default, since the
     * connector's ratio to plain Paho is partly that buffer; -Dbench.rawbuffered=false (in -Dbench.jvm.args) skips it.
     */
    private static final boolean RAW_BUFFERED = !"false".equals(System.getProperty("bench.rawbuffered"));
    private static final int RAW = 0;
    private static final int CONNECTOR = 1;
    private static final int BRIDGE_SIDE = 2;
    private static final int CONNECTOR_HEADERLESS = 3;
    private static final int RAW_BUFFERED_SIDE = 4;
    /** Both sides start measuring once the JIT is idle (set-up compiles done), or after this long at most. */
    static final long JIT_QUIET_MAX_MS = 10_000;
    /**
     * Mosquitto's max_inflight_messages and the connector's mqtt.max.inflight: the connector's default window
     * (10,000). With 1,000 and the README's linger.ms=20 the QoS 1 side measured the window's round trip (1,000 acks
     * per ~25 ms, ~40,000 msg/s), as the README's tuning section says it will, not the connector
     * ({@code -Dbench.broker.inflight=1000} shows it).
     */
    static final int BROKER_INFLIGHT = Integer.getInteger("bench.broker.inflight", 10_000);
    /**
     * Exactly the producer settings recommended in mqtt-source-connector/README.md ("Tuning"); a user applies them
     * the same way, as connector properties.
     */
    static final Map<String, String> PRODUCER_TUNING = Map.of(
            "producer.override.linger.ms", "20",
            "producer.override.batch.size", "262144");

    private MqttThroughputBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        int[] qosLevels = args.length > 2 ? Arrays.stream(args[2].split(",")).mapToInt(Integer::parseInt)
                .toArray() : new int[] {0, 1};
        if (ServerBinaries.MOSQUITTO.find().isEmpty()) {
            throw new IllegalStateException(ServerBinaries.MOSQUITTO.missingReason());
        }
        try (MosquittoBroker broker = MosquittoBroker.builder().limits(BROKER_INFLIGHT, 10_000_000).start()) {
            EmbeddedConnectCluster connect = ConnectClusters.start("mqtt-bench", 1,
                    Map.of("connector.client.config.override.policy", "All"));
            try {
                StringBuilder report = new StringBuilder();
                for (int qos : qosLevels) {
                    double[] best = new double[5];
                    Map<Integer, ThroughputSide.Starter> sides = new LinkedHashMap<>();
                    sides.put(RAW, () -> new RawSubscriberSide(broker.uri(), qos, n, false));
                    if (RAW_BUFFERED) {
                        sides.put(RAW_BUFFERED_SIDE, () -> new RawSubscriberSide(broker.uri(), qos, n, true));
                    }
                    sides.put(CONNECTOR, () -> new ConnectorSide(connect, broker.uri(), qos, n,
                            System.getProperty(HEADERS_PROPERTY)));
                    if (HEADERLESS) {
                        sides.put(CONNECTOR_HEADERLESS, () -> new ConnectorSide(connect, broker.uri(), qos, n, ""));
                    }
                    if (BRIDGE) {
                        sides.put(BRIDGE_SIDE, () -> new BridgeSide(connect, broker.uri(), qos, n));
                    }
                    if (ALTERNATE) {
                        Map<Integer, ThroughputSide> started = new LinkedHashMap<>();
                        try {
                            for (Map.Entry<Integer, ThroughputSide.Starter> side : sides.entrySet()) {
                                started.put(side.getKey(), side.getValue().start());
                            }
                            for (int round = 1 - WARM_UP_ROUNDS; round <= rounds; round++) {
                                for (Map.Entry<Integer, ThroughputSide> side : started.entrySet()) {
                                    measure(side.getValue(), round, best, side.getKey());
                                }
                            }
                        } finally {
                            for (ThroughputSide side : started.values()) {
                                side.close();
                            }
                        }
                    } else {
                        for (Map.Entry<Integer, ThroughputSide.Starter> factory : sides.entrySet()) {
                            try (ThroughputSide side = factory.getValue().start()) {
                                for (int round = 1 - WARM_UP_ROUNDS; round <= rounds; round++) {
                                    measure(side, round, best, factory.getKey());
                                }
                            }
                        }
                    }
                    double bestRaw = best[RAW];
                    double bestConnector = best[CONNECTOR];
                    report.append(String.format("QoS %d: raw Paho subscriber %,.0f msgs/s, connector into Kafka"
                            + " %,.0f msgs/s, ratio %.2f (target >= %.1f)%n", qos, bestRaw, bestConnector,
                            bestConnector / bestRaw, qos == 0 ? 0.9 : 0.8));
                    if (RAW_BUFFERED) {
                        report.append(String.format("QoS %d: raw Paho subscriber reading through the connector's"
                                + " socket buffer %,.0f msgs/s, ratio %.2f; connector to it %.2f%n", qos,
                                best[RAW_BUFFERED_SIDE], best[RAW_BUFFERED_SIDE] / bestRaw,
                                bestConnector / best[RAW_BUFFERED_SIDE]));
                    }
                    if (BRIDGE) {
                        report.append(String.format("QoS %d: floor, buffered Paho subscriber into a bare"
                                + " KafkaProducer %,.0f msgs/s, ratio %.2f (the most any MQTT-to-Kafka bridge gets"
                                + " here)%n", qos,
                                best[BRIDGE_SIDE], best[BRIDGE_SIDE] / bestRaw));
                    }
                    if (HEADERLESS) {
                        report.append(String.format("QoS %d: connector with mqtt.headers= (none) %,.0f msgs/s, ratio "
                                + "%.2f%n", qos, best[CONNECTOR_HEADERLESS], best[CONNECTOR_HEADERLESS] / bestRaw));
                    }
                }
                String headers = System.getProperty(HEADERS_PROPERTY);
                System.out.println("\n=== MqttThroughputBenchmark: " + n + " messages per measurement, best of "
                        + rounds + " rounds after " + WARM_UP_ROUNDS + " warm-ups"
                        + (ALTERNATE ? ", sides alternating" : ", each side's rounds in a row")
                        + ", one subscriber / connector / bridge per side for all its rounds, "
                        + Runtime.getRuntime().availableProcessors() + " CPUs, connector "
                        + (headers == null ? "default headers" : "mqtt.headers=" + headers) + ", connector mqtt.version="
                        + ConnectorSide.VERSION + " (raw and bridge: Paho v3) ===");
                System.out.print(report);
            } finally {
                connect.stop();
            }
        }
    }

    private static void measure(ThroughputSide side, int round, double[] best, int index) throws Exception {
        double rate = side.run(round);
        if (round > 0) {
            best[index] = Math.max(best[index], rate);
        }
    }
}
