package dev.iotstream.connect.bench.mqtt;

import dev.iotstream.connect.bench.CpuMeter;
import dev.iotstream.connect.bench.JitQuiet;
import dev.iotstream.connect.mqtt.MqttSourceConnector;
import dev.iotstream.connect.testing.ConnectClusters;
import dev.iotstream.connect.testing.MosquittoBroker;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Throughput of the MQTT source connector against a raw Paho subscriber, in the same run, on the same Mosquitto
 * (max_inflight_messages and max_queued_messages raised), at QoS 0 and QoS 1. Each measurement publishes N
 * ~100-byte JSON messages as fast as one Paho publisher can and times from the first publish until the last
 * message is (a) delivered to the raw subscriber's callback or (b) appended by the Kafka broker (the last record's
 * LogAppendTime), so both include the same publisher and broker. Prints msgs/s and the ratio connector/raw. The
 * connector uses exactly the producer settings the module README recommends ({@link #PRODUCER_TUNING}). A third
 * side, the bridge floor ({@link BridgeSide}), shows what the Kafka leg alone costs on the same machine. Each side
 * is started once and measured round after round (see {@link Side}).
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
    /** The third side, the bridge floor (see {@link #bridge}); -Dbench.bridge=false skips it. */
    private static final boolean BRIDGE = !"false".equals(System.getProperty("bench.bridge"));
    /**
     * A fourth side, -Dbench.headerless=true: the connector once more, with {@code mqtt.headers=} (none), to show in
     * the same run what the default headers cost end to end.
     */
    private static final boolean HEADERLESS = Boolean.getBoolean("bench.headerless");
    private static final int RAW = 0;
    private static final int CONNECTOR = 1;
    private static final int BRIDGE_SIDE = 2;
    private static final int CONNECTOR_HEADERLESS = 3;
    /** Both sides start measuring once the JIT is idle (set-up compiles done), or after this long at most. */
    private static final long JIT_QUIET_MAX_MS = 10_000;
    private static final int BROKER_INFLIGHT = 1000;
    private static final int PUBLISH_WINDOW = 1000;
    /**
     * Exactly the producer settings recommended in mqtt-source-connector/README.md ("Tuning"); a user applies them
     * the same way, as connector properties.
     */
    private static final Map<String, String> PRODUCER_TUNING = Map.of(
            "producer.override.linger.ms", "20",
            "producer.override.batch.size", "262144");

    private MqttThroughputBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        int[] qosLevels = args.length > 2 ? java.util.Arrays.stream(args[2].split(",")).mapToInt(Integer::parseInt)
                .toArray() : new int[] {0, 1};
        if (!MosquittoBroker.isInstalled()) {
            throw new IllegalStateException("needs " + MosquittoBroker.EXECUTABLE);
        }
        try (MosquittoBroker broker = MosquittoBroker.builder().limits(BROKER_INFLIGHT, 10_000_000).start()) {
            EmbeddedConnectCluster connect = ConnectClusters.start("mqtt-bench", 1,
                    Map.of("connector.client.config.override.policy", "All"));
            try {
                StringBuilder report = new StringBuilder();
                for (int qos : qosLevels) {
                    double[] best = new double[4];
                    Map<Integer, SideFactory> sides = new java.util.LinkedHashMap<>();
                    sides.put(RAW, () -> new RawSide(broker.uri(), qos, n));
                    sides.put(CONNECTOR, () -> new ConnectorSide(connect, broker.uri(), qos, n,
                            System.getProperty(HEADERS_PROPERTY)));
                    if (HEADERLESS) {
                        sides.put(CONNECTOR_HEADERLESS, () -> new ConnectorSide(connect, broker.uri(), qos, n, ""));
                    }
                    if (BRIDGE) {
                        sides.put(BRIDGE_SIDE, () -> new BridgeSide(connect, broker.uri(), qos, n));
                    }
                    if (ALTERNATE) {
                        Map<Integer, Side> started = new java.util.LinkedHashMap<>();
                        try {
                            for (Map.Entry<Integer, SideFactory> side : sides.entrySet()) {
                                started.put(side.getKey(), side.getValue().start());
                            }
                            for (int round = 1 - WARM_UP_ROUNDS; round <= rounds; round++) {
                                for (Map.Entry<Integer, Side> side : started.entrySet()) {
                                    measure(side.getValue(), round, best, side.getKey());
                                }
                            }
                        } finally {
                            for (Side side : started.values()) {
                                side.close();
                            }
                        }
                    } else {
                        for (Map.Entry<Integer, SideFactory> factory : sides.entrySet()) {
                            try (Side side = factory.getValue().start()) {
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
                    if (BRIDGE) {
                        report.append(String.format("QoS %d: floor, raw Paho subscriber into a bare KafkaProducer "
                                + "%,.0f msgs/s, ratio %.2f (the most any MQTT-to-Kafka bridge gets here)%n", qos,
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
                        + (headers == null ? "default headers" : "mqtt.headers=" + headers) + " ===");
                System.out.print(report);
            } finally {
                connect.stop();
            }
        }
    }

    /**
     * One side of the comparison, started once and measured round after round, as a deployed subscriber,
     * connector or bridge runs: creating one per round put Connect's connector set-up and deletion (config topic
     * writes, a new producer) into every round, and the JIT recompiled the producer's hottest methods
     * (RecordAccumulator.append ~0.6 s) inside measured rounds as their type profiles changed.
     */
    private interface Side extends AutoCloseable {
        /** msgs/s of one round of n messages. */
        double run(int round) throws Exception;

        @Override
        void close() throws Exception;
    }

    private interface SideFactory {
        Side start() throws Exception;
    }

    private static void measure(Side side, int round, double[] best, int index) throws Exception {
        double rate = side.run(round);
        if (round > 0) {
            best[index] = Math.max(best[index], rate);
        }
    }

    private static byte[] payload(int i) {
        return ("{\"device\":\"dev-" + (i % 100) + "\",\"seq\":" + i + ",\"temp\":21.5,\"hum\":40.25,"
                + "\"ts\":1700000000000,\"site\":\"bench\"}").getBytes(StandardCharsets.UTF_8);
    }

    /** When the first message was published, on the monotonic clock and on the wall clock (for Kafka timestamps). */
    private record Start(long nanos, long epochMillis) {
    }

    /** Publishes n messages with at most PUBLISH_WINDOW outstanding; returns the start time. */
    private static Start publish(String uri, String topic, int qos, int n) throws Exception {
        MqttAsyncClient pub = new MqttAsyncClient(uri, "bench-pub-" + System.nanoTime(), new MemoryPersistence());
        MqttConnectOptions o = new MqttConnectOptions();
        o.setMaxInflight(PUBLISH_WINDOW);
        pub.connect(o).waitForCompletion(30_000);
        Semaphore window = new Semaphore(PUBLISH_WINDOW);
        IMqttActionListener release = new IMqttActionListener() {
            @Override
            public void onSuccess(IMqttToken token) {
                window.release();
            }

            @Override
            public void onFailure(IMqttToken token, Throwable e) {
                window.release();
            }
        };
        Start start = new Start(System.nanoTime(), System.currentTimeMillis());
        for (int i = 0; i < n; i++) {
            window.acquire();
            pub.publish(topic, payload(i), qos, false, null, release);
        }
        window.acquire(PUBLISH_WINDOW);
        pub.disconnect().waitForCompletion(30_000);
        pub.close();
        return start;
    }

    private static String label(int round) {
        return round <= 0 ? " (warm-up)" : "";
    }

    /** The baseline: a plain Paho subscriber whose callback only counts. */
    private static final class RawSide implements Side {
        private final String uri;
        private final int qos;
        private final int n;
        private final String topic;
        private final AtomicLong received = new AtomicLong();
        private final AtomicLong lastAt = new AtomicLong();
        private final MqttClient sub;

        RawSide(String uri, int qos, int n) throws Exception {
            this.uri = uri;
            this.qos = qos;
            this.n = n;
            this.topic = "bench/raw/q" + qos;
            sub = new MqttClient(uri, "bench-raw-" + System.nanoTime(), new MemoryPersistence());
            sub.connect(new MqttConnectOptions());
            sub.subscribe(topic, qos, (t, m) -> {
                received.incrementAndGet();
                lastAt.set(System.nanoTime());
            });
        }

        @Override
        public double run(int round) throws Exception {
            received.set(0); // the previous round ended only once its count stood still: nothing is in flight
            JitQuiet.await(JIT_QUIET_MAX_MS);
            CpuMeter cpu = CpuMeter.start();
            Start start = publish(uri, topic, qos, n);
            long count = awaitCount(received::get, n);
            String cpuReport = cpu.report(n, "message") + "\n    busiest threads: " + cpu.threads(5);
            double rate = count / ((lastAt.get() - start.nanos()) / 1e9);
            long endMillis = start.epochMillis() + (lastAt.get() - start.nanos()) / 1_000_000;
            System.out.printf("raw       QoS %d round %d%s: %d of %d received, %,.0f msgs/s [epoch ms %d..%d]%n  %s%n",
                    qos, round, label(round), count, n, rate, start.epochMillis(), endMillis, cpuReport);
            return rate;
        }

        @Override
        public void close() throws Exception {
            sub.disconnect();
            sub.close();
        }
    }

    /** The connector into Kafka, exactly as a user configures it (plus the README's producer tuning). */
    private static final class ConnectorSide implements Side {
        private final EmbeddedConnectCluster connect;
        private final String uri;
        private final int qos;
        private final int n;
        private final String name;
        private final IntoKafka.Target target;

        /** @param headers the connector's mqtt.headers, or null for its default */
        ConnectorSide(EmbeddedConnectCluster connect, String uri, int qos, int n, String headers) throws Exception {
            this.connect = connect;
            this.uri = uri;
            this.qos = qos;
            this.n = n;
            this.name = "bench-q" + qos + (headers == null ? "" : headers.isBlank() ? "-noheaders"
                    : "-headers-" + headers.replaceAll("[^a-z]+", "-"));
            // LogAppendTime: the broker stamps every batch with the time it appended it, so the end of the
            // measurement is read from the last record itself, as exactly as the raw side's callback time
            connect.kafka().createTopic(name, 1, 1, Map.of("message.timestamp.type", "LogAppendTime"));
            Map<String, String> p = new HashMap<>(PRODUCER_TUNING);
            p.put("connector.class", MqttSourceConnector.class.getName());
            p.put("tasks.max", "1");
            p.put("mqtt.server.uris", uri);
            p.put("mqtt.topics", "bench/conn/" + name);
            p.put("mqtt.qos", Integer.toString(qos));
            p.put("mqtt.max.inflight", Integer.toString(BROKER_INFLIGHT));
            p.put("kafka.topic", name);
            p.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
            p.put("value.converter", "org.apache.kafka.connect.converters.ByteArrayConverter");
            if (headers != null) { // absent: the connector's default, exactly what a user who does not set it gets
                p.put("mqtt.headers", headers);
            }
            connect.configureConnector(name, p);
            connect.assertions().assertConnectorAndExactlyNumTasksAreRunning(name, 1, "connector did not start");
            Thread.sleep(2000); // connected and subscribed (the metric would say so; keep the harness independent)
            target = new IntoKafka.Target(connect, name);
        }

        @Override
        public double run(int round) throws Exception {
            IntoKafka result = target.publishAndAwait(uri, "bench/conn/" + name, qos, n);
            System.out.printf("connector QoS %d round %d%s (%s): %s%n", qos, round, label(round), name, result);
            return result.rate();
        }

        @Override
        public void close() throws Exception {
            target.close();
            connect.deleteConnector(name);
        }
    }

    /**
     * The floor for any MQTT-to-Kafka bridge on this machine: the raw side's Paho subscriber handing every message
     * to a bare KafkaProducer (the connector's producer tuning, no key, no headers, nothing held back for acks:
     * Paho acknowledges QoS 1 when the callback returns, before Kafka has the record, so this loses messages a
     * crash would not give back). Timed like the connector side, to the last record's LogAppendTime. On by
     * default; -Dbench.bridge=false skips it.
     */
    private static final class BridgeSide implements Side {
        private final String uri;
        private final int qos;
        private final int n;
        private final String mqttTopic;
        private final KafkaProducer<byte[], byte[]> producer;
        private final MqttClient sub;
        private final IntoKafka.Target target;

        BridgeSide(EmbeddedConnectCluster connect, String uri, int qos, int n) throws Exception {
            this.uri = uri;
            this.qos = qos;
            this.n = n;
            String kafkaTopic = "bridge-q" + qos;
            connect.kafka().createTopic(kafkaTopic, 1, 1, Map.of("message.timestamp.type", "LogAppendTime"));
            Map<String, Object> config = new HashMap<>();
            config.put(ProducerConfig.LINGER_MS_CONFIG, PRODUCER_TUNING.get("producer.override.linger.ms"));
            config.put(ProducerConfig.BATCH_SIZE_CONFIG, PRODUCER_TUNING.get("producer.override.batch.size"));
            config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
            config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
            mqttTopic = "bench/bridge/q" + qos;
            producer = connect.kafka().createProducer(config);
            sub = new MqttClient(uri, "bench-bridge-" + System.nanoTime(), new MemoryPersistence());
            sub.connect(new MqttConnectOptions());
            sub.subscribe(mqttTopic, qos, (t, m) -> producer.send(new ProducerRecord<>(kafkaTopic, m.getPayload())));
            target = new IntoKafka.Target(connect, kafkaTopic);
        }

        @Override
        public double run(int round) throws Exception {
            IntoKafka result = target.publishAndAwait(uri, mqttTopic, qos, n);
            System.out.printf("bridge    QoS %d round %d%s: %s%n", qos, round, label(round), result);
            return result.rate();
        }

        @Override
        public void close() throws Exception {
            target.close();
            sub.disconnect();
            sub.close();
            producer.close();
        }
    }

    /** What one phase that ends in Kafka measured. */
    private record IntoKafka(long count, int n, Start start, long lastAppendMillis, String cpuReport) {
        double rate() {
            return count / ((lastAppendMillis - start.epochMillis()) / 1e3);
        }

        @Override
        public String toString() {
            return String.format("%d of %d in Kafka, %,.0f msgs/s [epoch ms %d..%d]%n  %s", count, n, rate(),
                    start.epochMillis(), lastAppendMillis, cpuReport);
        }

        /** The Kafka topic a side writes into, read by one consumer for all its rounds. */
        private static final class Target implements AutoCloseable {
            private final TopicPartition tp;
            private final KafkaConsumer<byte[], byte[]> consumer;

            Target(EmbeddedConnectCluster connect, String kafkaTopic) {
                tp = new TopicPartition(kafkaTopic, 0);
                Map<String, Object> props = new HashMap<>();
                props.put(ConsumerConfig.GROUP_ID_CONFIG, "bench");
                consumer = connect.kafka().createConsumer(props);
                consumer.assign(List.of(tp));
            }

            /** Publishes n messages to mqttTopic once the JIT is idle and waits until Kafka has them (or stalls). */
            IntoKafka publishAndAwait(String uri, String mqttTopic, int qos, int n) throws Exception {
                long base = endOffset(); // the previous round ended only once its count stood still
                JitQuiet.await(JIT_QUIET_MAX_MS);
                CpuMeter cpu = CpuMeter.start();
                Start start = publish(uri, mqttTopic, qos, n);
                // completion only: a cheap check every 100 ms (the end time comes from the record, not this loop)
                long count = awaitCount(() -> endOffset() - base, n, 100);
                long lastAppendMillis = appendTimeOf(base + count - 1);
                // before the side is closed, so that the connector task's threads are still there to be counted
                String cpuReport = cpu.report(n, "message") + "\n    busiest threads: " + cpu.threads(5);
                return new IntoKafka(count, n, start, lastAppendMillis, cpuReport);
            }

            private long endOffset() {
                return consumer.endOffsets(List.of(tp)).get(tp);
            }

            /** The broker's append time (LogAppendTime topic) of the record at {@code offset}. */
            private long appendTimeOf(long offset) {
                consumer.seek(tp, offset);
                long deadline = System.currentTimeMillis() + 30_000;
                while (System.currentTimeMillis() < deadline) {
                    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                        if (r.offset() == offset) {
                            if (r.timestampType() != TimestampType.LOG_APPEND_TIME) {
                                throw new IllegalStateException("expected LogAppendTime, got " + r.timestampType());
                            }
                            return r.timestamp();
                        }
                    }
                }
                throw new IllegalStateException("could not read offset " + offset + " of " + tp);
            }

            @Override
            public void close() {
                consumer.close();
            }
        }
    }

    /** Waits until n arrived, or (QoS 0 may drop) until the count has not moved for 5 s. */
    private static long awaitCount(LongSupplier count, int n) throws InterruptedException {
        return awaitCount(count, n, 5);
    }

    private static long awaitCount(LongSupplier count, int n, long checkEveryMs) throws InterruptedException {
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
