package dev.iotstream.connect.bench.mqttsink;

import dev.iotstream.connect.bench.CpuMeter;
import dev.iotstream.connect.bench.JitQuiet;
import dev.iotstream.connect.mqtt.sink.MqttSinkConnector;
import dev.iotstream.connect.mqtt.sink.metrics.MqttSinkTaskMetrics;
import dev.iotstream.connect.testing.ConnectClusters;
import dev.iotstream.connect.testing.MosquittoBroker;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;

import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Throughput of the MQTT sink against a raw Paho publisher, same messages, same Mosquitto, same run, QoS 0 and 1:
 * (a) the raw publisher sending pre-built payloads (the ceiling: no Kafka), (b) the connector publishing the same
 * payloads from a Kafka topic through a real Connect worker (ByteArrayConverter, payload as is, offsets committed
 * after the PUBACKs), (c) the floor: a bare KafkaConsumer handing each record to the same raw publisher (no
 * Connect, no offsets). Each rate runs from the first acknowledgement to the last (QoS 0: the first/last written).
 * Prints messages/s and the ratios b/a and b/c.
 *
 * <p>Args: {@code [messages=200000] [qos=0,1] [rounds=2]}; unmeasured warm-up rounds first:
 * {@code -Dbench.warmups=N} (default 2, in {@code -Dbench.jvm.args}).
 */
public final class MqttSinkThroughputBenchmark {
    private static final int WARM_UP_ROUNDS = Math.max(1, Integer.getInteger("bench.warmups", 2));
    /**
     * The MQTT version of all three sides ({@code -Dbench.mqtt.version=5}): the connector's default (auto) speaks 5
     * to Mosquitto, and Paho's v5 client costs more per message than its v3 one, so the connector runs with the
     * raw publisher's version.
     */
    private static final String VERSION = System.getProperty("bench.mqtt.version", "3.1.1");

    private MqttSinkThroughputBenchmark() {
    }

    static byte[] payload(int i) {
        return ("{\"device\":\"dev-" + (i % 100) + "\",\"seq\":" + i + ",\"alert\":\"temp high\",\"temp\":71.5,"
                + "\"ts\":1700000000000,\"site\":\"bench\"}").getBytes(StandardCharsets.UTF_8);
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        List<Integer> qosLevels = new ArrayList<>();
        for (String q : (args.length > 1 ? args[1] : "0,1").split(",")) {
            qosLevels.add(Integer.parseInt(q.strip()));
        }
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        List<String> summary = new ArrayList<>();
        try (MosquittoBroker broker = MosquittoBroker.builder().limits(1000, 1_000_000).start()) {
            EmbeddedConnectCluster connect = ConnectClusters.start("mqtt-sink-bench");
            try {
                for (int qos : qosLevels) {
                    double[][] rates = new double[3][rounds + 1];
                    for (int round = 1 - WARM_UP_ROUNDS; round <= rounds; round++) {
                        double raw = raw(broker.uri(), qos, n, round);
                        double sink = connector(connect, broker.uri(), qos, n, round);
                        double floor = floor(connect, broker.uri(), qos, n, round);
                        if (round > 0) {
                            rates[0][round] = raw;
                            rates[1][round] = sink;
                            rates[2][round] = floor;
                        }
                    }
                    for (int round = 1; round <= rounds; round++) {
                        summary.add(String.format(Locale.ROOT, "QoS %d round %d: raw Paho publisher %,9.0f msg/s |"
                                        + " connector %,9.0f msg/s | floor (KafkaConsumer -> raw publisher) %,9.0f"
                                        + " msg/s | connector/raw %.2f | floor/raw %.2f | connector/floor %.2f", qos,
                                round, rates[0][round], rates[1][round], rates[2][round],
                                rates[1][round] / rates[0][round], rates[2][round] / rates[0][round],
                                rates[1][round] / rates[2][round]));
                    }
                    summary.add(String.format(Locale.ROOT, "QoS %d median of %d rounds: connector/raw %.2f | floor/raw"
                            + " %.2f | connector/floor %.2f", qos, rounds, medianRatio(rates[1], rates[0]),
                            medianRatio(rates[2], rates[0]), medianRatio(rates[1], rates[2])));
                }
            } finally {
                connect.stop();
            }
        }
        System.out.println();
        System.out.println("=== MqttSinkThroughputBenchmark: " + n + " messages of ~110 bytes per side and round, "
                + WARM_UP_ROUNDS + " warm-up rounds, Mosquitto max_inflight_messages 1000, window 1000, MQTT " + VERSION
                + " on all sides");
        summary.forEach(System.out::println);
        System.exit(0);
    }

    /** The median over the measured rounds (index 1..) of a[i] / b[i]: one round on a busy machine says little. */
    static double medianRatio(double[] a, double[] b) {
        double[] r = new double[a.length - 1];
        for (int i = 1; i < a.length; i++) {
            r[i - 1] = a[i] / b[i];
        }
        java.util.Arrays.sort(r);
        return r.length % 2 == 1 ? r[r.length / 2] : (r[r.length / 2 - 1] + r[r.length / 2]) / 2;
    }

    private static String tag(int round) {
        return round <= 0 ? " (warm-up)" : "";
    }

    /** Before the side's clients close: their threads' CPU counts only while they live. */
    private static void report(String side, int qos, int round, double rate, CpuMeter cpu, int n) {
        System.out.printf(Locale.ROOT, "  %s QoS %d round %d%s: %,.0f msg/s, %s%n", side, qos, round, tag(round),
                rate, cpu.report(n, "messages"));
        System.out.println("    busiest threads (us CPU/message): " + cpu.threadsPerUnit(6, n));
    }

    private static double raw(String uri, int qos, int n, int round) throws Exception {
        JitQuiet.await(10_000);
        CpuMeter cpu = CpuMeter.start();
        double rate;
        try (RawPublisher pub = RawPublisher.open(uri, VERSION)) {
            for (int i = 0; i < n; i++) {
                pub.publish("bench/raw", payload(i), qos);
            }
            rate = pub.finish(n);
            report("raw", qos, round, rate, cpu, n);
        }
        return rate;
    }

    private static String produce(EmbeddedConnectCluster connect, String side, int qos, int n, int round) {
        String topic = "bench_" + side + "_q" + qos + "_r" + (round + 10);
        connect.kafka().createTopic(topic, 1);
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        try (KafkaProducer<byte[], byte[]> producer = connect.kafka().createProducer(config)) {
            for (int i = 0; i < n; i++) {
                producer.send(new ProducerRecord<>(topic, null, payload(i)));
            }
            producer.flush();
        }
        return topic;
    }

    private static double connector(EmbeddedConnectCluster connect, String uri, int qos, int n, int round)
            throws Exception {
        String topic = produce(connect, "sink", qos, n, round);
        Map<String, String> props = new HashMap<>();
        props.put("connector.class", MqttSinkConnector.class.getName());
        props.put("tasks.max", "1");
        props.put("topics", topic);
        props.put("mqtt.server.uris", uri);
        props.put("mqtt.topic", "bench/sink");
        props.put("mqtt.qos", String.valueOf(qos));
        props.put("mqtt.version", VERSION);
        props.put("key.converter", "org.apache.kafka.connect.converters.ByteArrayConverter");
        props.put("value.converter", "org.apache.kafka.connect.converters.ByteArrayConverter");
        props.put("consumer.override.max.poll.records", "2000");
        props.put("consumer.override.max.partition.fetch.bytes", String.valueOf(8 * 1024 * 1024));
        JitQuiet.await(10_000);
        CpuMeter cpu = CpuMeter.start();
        connect.configureConnector(topic, props);
        MBeanServer jmx = ManagementFactory.getPlatformMBeanServer();
        ObjectName name = MqttSinkTaskMetrics.objectName(topic, 0);
        long first = -1;
        long firstCount = 0;
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        double rate = 0;
        while (System.nanoTime() < deadline) {
            long acked = jmx.isRegistered(name) ? (Long) jmx.getAttribute(name, "Acknowledged") : 0;
            if (first < 0 && acked > 0) {
                first = System.nanoTime();
                firstCount = acked;
            }
            if (acked >= n) {
                rate = (n - firstCount) / ((System.nanoTime() - first) / 1e9);
                break;
            }
            Thread.sleep(1);
        }
        if (rate == 0) {
            throw new IllegalStateException("connector did not publish " + n + " messages in 10 minutes");
        }
        report("connector", qos, round, rate, cpu, n);
        connect.deleteConnector(topic);
        return rate;
    }

    private static double floor(EmbeddedConnectCluster connect, String uri, int qos, int n, int round)
            throws Exception {
        String topic = produce(connect, "floor", qos, n, round);
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.GROUP_ID_CONFIG, topic);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        config.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 8 * 1024 * 1024);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        JitQuiet.await(10_000);
        CpuMeter cpu = CpuMeter.start();
        double rate;
        try (KafkaConsumer<byte[], byte[]> consumer = connect.kafka().createConsumer(config);
             RawPublisher pub = RawPublisher.open(uri, VERSION)) {
            consumer.subscribe(List.of(topic));
            long sent = 0;
            long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
            while (sent < n && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    pub.publish("bench/floor", r.value(), qos);
                    sent++;
                }
            }
            rate = pub.finish(n);
            report("floor", qos, round, rate, cpu, n);
        }
        return rate;
    }
}
