package dev.iotstream.connect.bench.mqtt;

import dev.iotstream.connect.mqtt.MqttSourceConnector;
import dev.iotstream.connect.mqtt.metrics.MqttSourceTaskMetrics;
import dev.iotstream.connect.testing.ConnectClusters;
import dev.iotstream.connect.testing.MosquittoBroker;
import dev.iotstream.connect.testing.RabbitMqBroker;
import dev.iotstream.connect.testing.ServerBinaries;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Small broker windows, as a user meets them (issue 14, section 2).
 * <p>
 * <b>Burst</b>: N QoS 1 messages (default 10,000, ~110-byte JSON) published by {@code mosquitto_pub -l} (20 in
 * flight) as fast as Mosquitto takes them, into a connector created just before (the connector's defaults:
 * {@code mqtt.max.inflight} 1000, no producer overrides; variants with {@code linger.ms=0} and with the README's
 * producer tuning), against
 * Mosquitto at its defaults ({@code max_inflight_messages 20}, {@code max_queued_messages 1000}) and tuned (1000 /
 * 100,000), over MQTT 3.1.1 and 5. Counts the distinct messages that reached Kafka; beside it, in the same run and on
 * the same broker configuration, {@code mosquitto_sub} (acknowledges on receipt) counts what it got. A fresh broker
 * per configuration; its log's "Outgoing messages are being dropped" lines are counted per side.
 * <p>
 * <b>RabbitMQ rate</b>: M QoS 1 messages (default 20,000; 0 skips) by the same publisher into RabbitMQ's MQTT plugin
 * (MQTT 3.1.1) at its default {@code mqtt.prefetch} (10) and at 1000: msg/s of {@code mosquitto_sub} and of the
 * connector with {@code producer.override.linger.ms} 0, Kafka's default (5) and 20; first publish to the last
 * record's LogAppendTime (connector) or the last line printed (subscriber); one unmeasured warm-up round of M/10.
 * <p>
 * <b>Mosquitto rate</b> (optional fourth argument K, default 0 = skipped): the same three linger settings and
 * {@code mosquitto_sub} on tuned Mosquitto (1000 in flight), MQTT 3.1.1 and 5, K messages, publisher 1000 in flight.
 * <p>
 * Run: {@code mvn -pl benchmarks exec:exec -Dbench.main=dev.iotstream.connect.bench.mqtt.MqttBurstBenchmark
 * -Dbench.args="10000 2 20000 100000"} (burst size, rounds per burst side, RabbitMQ messages, Mosquitto rate
 * messages).
 */
public final class MqttBurstBenchmark {
    private static final int PUBLISHER_INFLIGHT = 20;
    /**
     * The connector sides of a burst, by {@code -Dbench.burst.variants} (default {@code defaults,linger0,readme}):
     * as a user who sets nothing gets it, with producer {@code linger.ms=0}, with the README's producer tuning, and
     * {@code inflight=N}: the defaults with {@code mqtt.max.inflight=N} (for MQTT 5 also the Receive Maximum).
     */
    private static final Map<String, Map<String, String>> KNOWN_VARIANTS = new LinkedHashMap<>();
    /** {@code -Dbench.burst.brokers}: {@code default}, {@code tuned} or both (default). */
    private static final List<String> BROKERS = List.of(System.getProperty("bench.burst.brokers", "default,tuned")
            .split(","));
    /** {@code -Dbench.burst.versions}: MQTT versions of the burst, default {@code 3.1.1,5}. */
    private static final List<String> VERSIONS = List.of(System.getProperty("bench.burst.versions", "3.1.1,5")
            .split(","));
    /** Publisher window for the rate runs on tuned Mosquitto, where 20 in flight would make the publisher the limit. */
    private static final int RATE_PUBLISHER_INFLIGHT = 1000;

    static {
        KNOWN_VARIANTS.put("defaults", Map.of());
        KNOWN_VARIANTS.put("linger0", Map.of("producer.override.linger.ms", "0"));
        KNOWN_VARIANTS.put("readme", MqttThroughputBenchmark.PRODUCER_TUNING);
    }

    private static Map<String, Map<String, String>> variants() {
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        for (String v : System.getProperty("bench.burst.variants", "defaults,linger0,readme").split(",")) {
            if (v.startsWith("inflight=")) {
                out.put("mqtt.max.inflight=" + v.substring(9), Map.of("mqtt.max.inflight", v.substring(9)));
            } else if (KNOWN_VARIANTS.containsKey(v)) {
                String label = switch (v) {
                    case "linger0" -> "linger.ms=0";
                    case "readme" -> "README producer tuning linger.ms=20 batch.size=262144";
                    default -> v;
                };
                out.put(label, KNOWN_VARIANTS.get(v));
            } else {
                throw new IllegalArgumentException("unknown bench.burst.variants entry " + v);
            }
        }
        return out;
    }
    private static int connectors;

    private MqttBurstBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        int rabbitN = args.length > 2 ? Integer.parseInt(args[2]) : 20_000;
        int mosquittoRateN = args.length > 3 ? Integer.parseInt(args[3]) : 0;
        for (ServerBinaries b : new ServerBinaries[] {ServerBinaries.MOSQUITTO, MosquittoClients.PUB,
                MosquittoClients.SUB}) {
            if (b.find().isEmpty()) {
                throw new IllegalStateException(b.missingReason());
            }
        }
        StringBuilder report = new StringBuilder();
        EmbeddedConnectCluster connect = ConnectClusters.start("mqtt-burst", 1,
                Map.of("connector.client.config.override.policy", "All"));
        try {
            if (BROKERS.contains("default")) {
                burst(connect, "default (max_inflight_messages 20, max_queued_messages 1000)", -1, -1, n, rounds,
                        report);
            }
            if (BROKERS.contains("tuned")) {
                burst(connect, "tuned (max_inflight_messages 1000, max_queued_messages 100000)", 1000, 100_000, n,
                        rounds, report);
            }
            if (rabbitN > 0) {
                rabbit(connect, -1, rabbitN, report);
                rabbit(connect, 1000, rabbitN, report);
            }
            if (mosquittoRateN > 0) {
                try (MosquittoBroker broker = MosquittoBroker.builder().limits(1000, 10_000_000).start()) {
                    for (String version : new String[] {"3.1.1", "5"}) {
                        rates(connect, "Mosquitto tuned (1000 / 10000000)", broker.uri(), broker.port(), version,
                                RATE_PUBLISHER_INFLIGHT, mosquittoRateN, report);
                    }
                }
            }
        } finally {
            connect.stop();
        }
        System.out.println("\n=== MqttBurstBenchmark: burst of " + n + " QoS 1 messages (mosquitto_pub -l, "
                + PUBLISHER_INFLIGHT + " in flight), " + rounds + " rounds per side; RabbitMQ " + rabbitN
                + " messages; Mosquitto rate " + mosquittoRateN + " messages; "
                + Runtime.getRuntime().availableProcessors() + " CPUs ===");
        System.out.print(report);
    }

    private static void burst(EmbeddedConnectCluster connect, String label, int inflight, int queued, int n,
                              int rounds, StringBuilder report) throws Exception {
        MosquittoBroker.Builder builder = MosquittoBroker.builder();
        if (inflight > 0) {
            builder.limits(inflight, queued);
        }
        try (MosquittoBroker broker = builder.start()) {
            for (String version : VERSIONS) {
                for (int round = 1; round <= rounds; round++) {
                    int dropsBefore = drops(broker);
                    long sub = subscriberBurst(broker.port(), version, n);
                    int subDrops = drops(broker) - dropsBefore;
                    line(report, "Mosquitto %s, MQTT %s, round %d: mosquitto_sub (auto-ack) %,d / %,d; broker log"
                            + " 'being dropped' lines %d", label, version, round, sub, n, subDrops);
                    for (Map.Entry<String, Map<String, String>> producer : variants().entrySet()) {
                        dropsBefore = drops(broker);
                        long got = connectorBurst(connect, broker.uri(), broker.port(), version, n,
                                producer.getValue());
                        line(report, "Mosquitto %s, MQTT %s, round %d: connector (%s) %,d / %,d in Kafka; 'being"
                                + " dropped' lines %d", label, version, round, producer.getKey(), got, n,
                                drops(broker) - dropsBefore);
                    }
                }
            }
        }
    }

    private static void line(StringBuilder report, String format, Object... args) {
        String text = String.format(format, args);
        System.out.println(">> " + text);
        report.append(text).append('\n');
    }

    /** Mosquitto logs this when a client's queue is full and it drops an outgoing message. */
    private static int drops(MosquittoBroker broker) {
        return (int) broker.log().lines().filter(l -> l.contains("being dropped")).count();
    }

    private static long subscriberBurst(int port, String version, int n) throws Exception {
        String topic = "burst/sub/" + System.nanoTime();
        try (MosquittoClients.Subscriber sub = new MosquittoClients.Subscriber(port, topic, 1, version)) {
            MosquittoClients.publish(port, topic, 1, version, PUBLISHER_INFLIGHT, n);
            return StableCount.await(sub::received, n, 100);
        }
    }

    private static long connectorBurst(EmbeddedConnectCluster connect, String uri, int port, String version, int n,
                                       Map<String, String> producer) throws Exception {
        String name = "burst-" + (++connectors) + "-v" + version.replace(".", "");
        try (KafkaTopicTarget target = new KafkaTopicTarget(connect, name)) {
            Map<String, String> p = connectorProps(uri, "burst/" + name, name);
            p.put("mqtt.version", version);
            p.putAll(producer);
            connect.configureConnector(name, p);
            awaitConnected(name);
            MosquittoClients.publish(port, "burst/" + name, 1, version, PUBLISHER_INFLIGHT, n);
            StableCount.await(target::endOffset, n, 100);
            long distinct = distinctValues(connect, name);
            connect.deleteConnector(name);
            return distinct;
        }
    }

    private static void rabbit(EmbeddedConnectCluster connect, int prefetch, int n, StringBuilder report)
            throws Exception {
        if (ServerBinaries.RABBITMQ_SERVER.find().isEmpty() || ServerBinaries.EPMD.find().isEmpty()) {
            line(report, "RabbitMQ skipped: %s", ServerBinaries.RABBITMQ_SERVER.missingReason());
            return;
        }
        RabbitMqBroker.Builder builder = RabbitMqBroker.builder();
        if (prefetch > 0) {
            builder.prefetch(prefetch);
        }
        String label = prefetch > 0 ? "mqtt.prefetch " + prefetch : "default (mqtt.prefetch 10)";
        try (RabbitMqBroker broker = builder.start()) {
            rates(connect, "RabbitMQ " + label, broker.uri(), broker.mqttPort(), "3.1.1", PUBLISHER_INFLIGHT, n,
                    report);
        }
    }

    /** msg/s of mosquitto_sub, then of the connector with producer linger.ms 0, Kafka's default and 20. */
    private static void rates(EmbeddedConnectCluster connect, String label, String uri, int port, String version,
                              int publisherInflight, int n, StringBuilder report) throws Exception {
        double sub = 0;
        for (int round = 0; round <= 1; round++) {
            sub = subscriberRate(port, version, publisherInflight, round == 0 ? n / 10 : n, round);
        }
        line(report, "%s, MQTT %s, %,d messages, publisher %d in flight: mosquitto_sub (auto-ack) %,.0f msg/s", label,
                version, n, publisherInflight, sub);
        Map<String, String> lingers = new LinkedHashMap<>();
        lingers.put("0", "0");
        lingers.put("Kafka's default (5)", null);
        lingers.put("20", "20");
        for (Map.Entry<String, String> linger : lingers.entrySet()) {
            double rate = connectorRate(connect, uri, port, version, publisherInflight, linger.getValue(), n);
            line(report, "%s, MQTT %s, %,d messages: connector linger.ms=%s %,.0f msg/s, %.2f x mosquitto_sub",
                    label, version, n, linger.getKey(), rate, rate / sub);
        }
    }

    private static double subscriberRate(int port, String version, int publisherInflight, int n, int round)
            throws Exception {
        String topic = "rate/sub/" + System.nanoTime();
        try (MosquittoClients.Subscriber sub = new MosquittoClients.Subscriber(port, topic, 1, version)) {
            MqttPublisher.Start start = MosquittoClients.publish(port, topic, 1, version, publisherInflight, n);
            long count = StableCount.await(sub::received, n, 20);
            double rate = count / ((sub.lastAtNanos() - start.nanos()) / 1e9);
            System.out.printf("rate mosquitto_sub round %d%s: %d of %d, %,.0f msg/s%n", round,
                    ThroughputSide.label(round), count, n, rate);
            return rate;
        }
    }

    private static double connectorRate(EmbeddedConnectCluster connect, String uri, int port, String version,
                                        int publisherInflight, String linger, int n) throws Exception {
        String name = "rate-" + (++connectors);
        String topic = "rate/" + name;
        Map<String, String> p = connectorProps(uri, topic, name);
        p.put("mqtt.version", version);
        if (linger != null) {
            p.put("producer.override.linger.ms", linger);
        }
        try (KafkaTopicTarget target = new KafkaTopicTarget(connect, name)) {
            connect.configureConnector(name, p);
            awaitConnected(name);
            double rate = 0;
            for (int round = 0; round <= 1; round++) {
                int count = round == 0 ? n / 10 : n;
                long base = target.endOffset();
                MqttPublisher.Start start = MosquittoClients.publish(port, topic, 1, version, publisherInflight,
                        count);
                long got = StableCount.await(() -> target.endOffset() - base, count, 100);
                rate = got / ((target.appendTimeOf(base + got - 1) - start.epochMillis()) / 1e3);
                System.out.printf("rate connector linger=%s round %d%s: %d of %d, %,.0f msg/s%n", linger, round,
                        ThroughputSide.label(round), got, count, rate);
            }
            connect.deleteConnector(name);
            return rate;
        }
    }

    private static Map<String, String> connectorProps(String uri, String mqttTopic, String kafkaTopic) {
        Map<String, String> p = new HashMap<>();
        p.put("connector.class", MqttSourceConnector.class.getName());
        p.put("tasks.max", "1");
        p.put("mqtt.server.uris", uri);
        p.put("mqtt.topics", mqttTopic);
        p.put("mqtt.qos", "1");
        p.put("kafka.topic", kafkaTopic);
        p.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        p.put("value.converter", "org.apache.kafka.connect.converters.ByteArrayConverter");
        return p;
    }

    /** Connected (the task's metric), then a moment for the SUBACK: a fresh connector, as a user creates one. */
    private static void awaitConnected(String name) throws Exception {
        long deadline = System.currentTimeMillis() + 60_000;
        while (!Boolean.TRUE.equals(metric(name, "Connected"))) {
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("connector " + name + " did not connect");
            }
            Thread.sleep(50);
        }
        Thread.sleep(500);
    }

    private static Object metric(String name, String attribute) {
        try {
            return ManagementFactory.getPlatformMBeanServer()
                    .getAttribute(MqttSourceTaskMetrics.objectName(name, 0), attribute);
        } catch (Exception e) {
            return null;
        }
    }

    private static long distinctValues(EmbeddedConnectCluster connect, String topic) {
        TopicPartition tp = new TopicPartition(topic, 0);
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        try (KafkaConsumer<byte[], byte[]> consumer = connect.kafka().createConsumer(props)) {
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            long end = consumer.endOffsets(List.of(tp)).get(tp);
            Set<String> values = new HashSet<>();
            while (consumer.position(tp) < end) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    values.add(new String(r.value(), StandardCharsets.UTF_8));
                }
            }
            return values.size();
        }
    }
}
