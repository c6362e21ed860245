package dev.iotstream.connect.bench.mqtt;

import dev.iotstream.connect.mqtt.MqttSourceConnector;
import dev.iotstream.connect.testing.ConnectClusters;
import dev.iotstream.connect.testing.MosquittoBroker;
import dev.iotstream.connect.testing.ServerBinaries;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Batched JSON end to end: records/s from Mosquitto into Kafka through the real source task (EmbeddedConnectCluster,
 * 1 task, JsonConverter without schemas, the producer tuning of {@link MqttThroughputBenchmark}), for the same N
 * readings sent (a) one per MQTT message and (b) B per message ({@code payload.json.records.path=readings},
 * {@code payload.json.records.copy=gateway,site,ts->batch_ts}), in the same run, and the ratio. The readings and
 * records are those of {@code BatchedJsonCpuHarness} (the same record content either way), QoS 1, one Paho
 * publisher; timed from the first publish to the last record's LogAppendTime ({@link KafkaTopicTarget}). Each side
 * is one connector for all its rounds, its warm-up rounds and measured rounds in a row; the best measured round
 * counts, and the lowest CPU per record (all in: this JVM and Mosquitto), steadier on a shared machine.
 * <p>
 * Run: {@code mvn -pl benchmarks exec:exec -Dbench.main=dev.iotstream.connect.bench.mqtt.BatchedJsonThroughputBenchmark
 * -Dbench.args="100000 2 50"} (readings per round, measured rounds, readings per batched message; warm-up rounds:
 * 2 unless {@code -Dbench.warmups=N}).
 */
public final class BatchedJsonThroughputBenchmark {
    private static final int WARM_UP_ROUNDS = Math.max(1, Integer.getInteger("bench.warmups", 2));
    private static final int QOS = 1;
    private static final long TIME = 1_764_000_000_000L;

    private BatchedJsonThroughputBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int readings = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        int perBatch = args.length > 2 ? Integer.parseInt(args[2]) : 50;
        if (readings % perBatch != 0) {
            throw new IllegalArgumentException("readings must be a multiple of the batch size");
        }
        if (ServerBinaries.MOSQUITTO.find().isEmpty()) {
            throw new IllegalStateException(ServerBinaries.MOSQUITTO.missingReason());
        }
        byte[][] singles = new byte[readings][];
        byte[][] batches = new byte[readings / perBatch][];
        StringBuilder batch = new StringBuilder();
        for (int i = 0; i < readings; i++) {
            String gateway = "gw-" + (i / perBatch % 10);
            singles[i] = utf8(String.format(Locale.ROOT, "{\"gateway\":\"%s\",\"site\":\"hall-3\",\"batch_ts\":%d,"
                    + "\"sensor\":\"s%d\",\"value\":%.2f,\"ts\":%d}", gateway, TIME, i % perBatch, value(i), TIME + i));
            batch.append(batch.length() == 0 ? "" : ",").append(String.format(Locale.ROOT,
                    "{\"sensor\":\"s%d\",\"value\":%.2f,\"ts\":%d}", i % perBatch, value(i), TIME + i));
            if ((i + 1) % perBatch == 0) {
                batches[i / perBatch] = utf8("{\"gateway\":\"" + gateway + "\",\"site\":\"hall-3\",\"ts\":" + TIME
                        + ",\"readings\":[" + batch + "]}");
                batch.setLength(0);
            }
        }
        try (MosquittoBroker broker = MosquittoBroker.builder()
                .limits(MqttThroughputBenchmark.BROKER_INFLIGHT, 10_000_000).start()) {
            EmbeddedConnectCluster connect = ConnectClusters.start("batched-json-bench", 1,
                    Map.of("connector.client.config.override.policy", "All"));
            try {
                double[] single = side(connect, broker.uri(), "json-single", null, singles, readings, rounds);
                double[] batched = side(connect, broker.uri(), "json-batched", "readings", batches, readings,
                        rounds);
                System.out.printf(Locale.ROOT, "%n=== BatchedJsonThroughputBenchmark: %d readings per round, best of %d"
                        + " rounds after %d warm-ups, QoS %d, Mosquitto -> source task -> Kafka (JsonConverter), %d"
                        + " CPUs ===%n", readings, rounds, WARM_UP_ROUNDS, QOS,
                        Runtime.getRuntime().availableProcessors());
                System.out.printf(Locale.ROOT, "one reading per message: %,.0f records/s (%,.0f msgs/s), %.1f us CPU"
                        + " per record%n", single[0], single[0], single[1]);
                System.out.printf(Locale.ROOT, "%d readings per message: %,.0f records/s (%,.0f msgs/s), %.1f us CPU"
                        + " per record%n", perBatch, batched[0], batched[0] / perBatch, batched[1]);
                System.out.printf(Locale.ROOT, "batched / one per message: records/s %.2f, CPU per record %.2f%n",
                        batched[0] / single[0], batched[1] / single[1]);
            } finally {
                connect.stop();
            }
        }
    }

    private static double value(int i) {
        return 20 + (i % 97) / 10.0;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * One connector, its warm-up and measured rounds in a row: the best measured records/s and the lowest CPU per
     * record (us; this JVM, which holds the publisher, Kafka and Connect, plus Mosquitto), which moves less than
     * the rate when other work competes for the cores.
     */
    private static double[] side(EmbeddedConnectCluster connect, String uri, String name, String recordsPath,
                               byte[][] payloads, int readings, int rounds) throws Exception {
        try (KafkaTopicTarget target = new KafkaTopicTarget(connect, name)) { // before the connector: LogAppendTime
            Map<String, String> p = new HashMap<>(MqttThroughputBenchmark.PRODUCER_TUNING);
            p.put("connector.class", MqttSourceConnector.class.getName());
            p.put("tasks.max", "1");
            p.put("mqtt.server.uris", uri);
            p.put("mqtt.topics", "bench/json/" + name);
            p.put("mqtt.qos", Integer.toString(QOS));
            p.put("mqtt.max.inflight", Integer.toString(MqttThroughputBenchmark.BROKER_INFLIGHT));
            p.put("kafka.topic", name);
            p.put("payload.format", "json");
            if (recordsPath != null) {
                p.put("payload.json.records.path", recordsPath);
                p.put("payload.json.records.copy", "gateway,site,ts->batch_ts");
            }
            p.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
            p.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
            p.put("value.converter.schemas.enable", "false");
            connect.configureConnector(name, p);
            connect.assertions().assertConnectorAndExactlyNumTasksAreRunning(name, 1, "connector did not start");
            Thread.sleep(2000); // connected and subscribed
            double best = 0;
            double cpu = Double.MAX_VALUE;
            for (int round = 1 - WARM_UP_ROUNDS; round <= rounds; round++) {
                KafkaTopicTarget.Round r = target.publishAndAwait(uri, "bench/json/" + name, QOS, payloads.length,
                        i -> payloads[i], readings);
                System.out.printf("%s round %d%s: %s%n", name, round, ThroughputSide.label(round), r);
                if (r.count() < readings) {
                    throw new IllegalStateException(name + ": only " + r.count() + " of " + readings + " records");
                }
                if (round > 0) {
                    best = Math.max(best, r.rate());
                    cpu = Math.min(cpu, r.cpuSeconds() * 1e6 / readings);
                }
            }
            connect.deleteConnector(name);
            return new double[]{best, cpu};
        }
    }
}
