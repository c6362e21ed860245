package dev.iotstream.connect.mqtt;

import dev.iotstream.connect.mqtt.metrics.MqttSourceTaskMetrics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.IntFunction;

import static org.awaitility.Awaitility.await;

/** Helpers shared by the integration tests: publishing, reading everything back from Kafka, reading metrics. */
final class MqttIt {
    private MqttIt() {
    }

    static Map<String, String> connectorProps(String brokerUri, String filters, String kafkaTopic) {
        Map<String, String> p = new HashMap<>();
        p.put("connector.class", MqttSourceConnector.class.getName());
        p.put("tasks.max", "1");
        p.put("mqtt.server.uris", brokerUri);
        p.put("mqtt.topics", filters);
        p.put("kafka.topic", kafkaTopic);
        p.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        p.put("value.converter", "org.apache.kafka.connect.converters.ByteArrayConverter");
        p.put("mqtt.reconnect.backoff.initial.ms", "200");
        p.put("mqtt.reconnect.backoff.max.ms", "2000");
        return p;
    }

    /** Publishes {@code count} messages with QoS {@code qos}; returns once the broker has acknowledged all. */
    static void publish(String uri, int qos, int count, IntFunction<String> topic, IntFunction<String> payload)
            throws Exception {
        publish(uri, qos, count, topic, payload, o -> { });
    }

    static void publish(String uri, int qos, int count, IntFunction<String> topic, IntFunction<String> payload,
                        java.util.function.Consumer<MqttConnectOptions> options) throws Exception {
        MqttAsyncClient client = new MqttAsyncClient(uri, "pub-" + UUID.randomUUID(), new MemoryPersistence());
        MqttConnectOptions o = new MqttConnectOptions();
        o.setMaxInflight(1000);
        options.accept(o);
        client.connect(o).waitForCompletion(30_000);
        try {
            List<IMqttDeliveryToken> tokens = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                tokens.add(client.publish(topic.apply(i), payload.apply(i).getBytes(StandardCharsets.UTF_8), qos, false));
                if (tokens.size() >= 500) {
                    for (IMqttDeliveryToken t : tokens) {
                        t.waitForCompletion(60_000);
                    }
                    tokens.clear();
                }
            }
            for (IMqttDeliveryToken t : tokens) {
                t.waitForCompletion(60_000);
            }
        } finally {
            client.disconnect().waitForCompletion(10_000);
            client.close();
        }
    }

    /** One message with raw bytes (for payloads that are not valid text) and an optional retained flag. */
    static void publishRaw(String uri, String topic, byte[] payload, boolean retained,
                           java.util.function.Consumer<MqttConnectOptions> options) throws Exception {
        MqttAsyncClient client = new MqttAsyncClient(uri, "pub-" + UUID.randomUUID(), new MemoryPersistence());
        MqttConnectOptions o = new MqttConnectOptions();
        options.accept(o);
        client.connect(o).waitForCompletion(30_000);
        try {
            client.publish(topic, payload, 1, retained).waitForCompletion(30_000);
        } finally {
            client.disconnect().waitForCompletion(10_000);
            client.close();
        }
    }

    /** Every record currently in {@code topic} (all partitions, from the beginning). */
    static List<ConsumerRecord<byte[], byte[]>> readAll(EmbeddedConnectCluster connect, String topic) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        try (KafkaConsumer<byte[], byte[]> consumer = connect.kafka().createConsumer(props)) {
            List<TopicPartition> parts = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            Map<TopicPartition, Long> end = consumer.endOffsets(parts);
            List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
            long deadline = System.currentTimeMillis() + 30_000;
            while (parts.stream().anyMatch(p -> consumer.position(p) < end.get(p))
                    && System.currentTimeMillis() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            }
            return out;
        }
    }

    static String value(ConsumerRecord<byte[], byte[]> r) {
        return r.value() == null ? null : new String(r.value(), StandardCharsets.UTF_8);
    }

    static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        var h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    /** Waits (up to 60 s) until task 0 of {@code connector} reports its MQTT connection up (the Connected metric). */
    static void awaitConnected(String connector) {
        await().atMost(Duration.ofSeconds(60))
                .until(() -> Boolean.TRUE.equals(metric(connector, 0, "Connected")));
    }

    static Object metric(String connector, int task, String attribute) {
        try {
            return ManagementFactory.getPlatformMBeanServer()
                    .getAttribute(MqttSourceTaskMetrics.objectName(connector, task), attribute);
        } catch (Exception e) {
            return null;
        }
    }
}
