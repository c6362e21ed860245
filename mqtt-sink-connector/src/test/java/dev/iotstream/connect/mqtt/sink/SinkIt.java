package dev.iotstream.connect.mqtt.sink;

import dev.iotstream.connect.testing.ConnectClusters;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;

import static org.assertj.core.api.Assertions.assertThat;

/** Helpers of the sink's integration tests: connector props, an MQTT subscriber, committed offsets, metrics. */
final class SinkIt {
    private SinkIt() {
    }

    record Received(String topic, String payload, boolean retained, int qos) {
    }

    static Map<String, String> props(String brokerUri, String kafkaTopic, String mqttTopic) {
        Map<String, String> p = new HashMap<>();
        p.put("connector.class", MqttSinkConnector.class.getName());
        p.put("tasks.max", "1");
        p.put("topics", kafkaTopic);
        p.put("mqtt.server.uris", brokerUri);
        p.put("mqtt.topic", mqttTopic);
        p.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        p.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        p.put("value.converter.schemas.enable", "false");
        p.put("payload.format", "json");
        p.put("mqtt.reconnect.backoff.initial.ms", "200");
        p.put("mqtt.reconnect.backoff.max.ms", "2000");
        p.put("mqtt.put.max.wait.ms", "500");
        return p;
    }

    static Map<String, String> withDeadLetters(Map<String, String> p, String dlq) {
        p.put("errors.tolerance", "all");
        p.put("errors.deadletterqueue.topic.name", dlq);
        p.put("errors.deadletterqueue.topic.replication.factor", "1");
        p.put("errors.deadletterqueue.context.headers.enable", "true");
        return p;
    }

    /** A subscriber that keeps everything it receives. */
    static final class Subscriber implements AutoCloseable, MqttCallback {
        final ConcurrentLinkedQueue<Received> received = new ConcurrentLinkedQueue<>();
        private final MqttClient client;

        Subscriber(String uri, String filter, int qos) throws Exception {
            this(uri, filter, qos, "sub-" + UUID.randomUUID(), true);
        }

        Subscriber(String uri, String filter, int qos, String clientId, boolean cleanSession) throws Exception {
            client = new MqttClient(uri, clientId, new MemoryPersistence());
            client.setCallback(this);
            MqttConnectOptions o = new MqttConnectOptions();
            o.setCleanSession(cleanSession);
            o.setMaxInflight(1000);
            o.setAutomaticReconnect(true);
            client.connect(o);
            client.subscribe(filter, qos);
        }

        List<Received> list() {
            return List.copyOf(received);
        }

        @Override
        public void connectionLost(Throwable cause) {
        }

        @Override
        public void messageArrived(String topic, MqttMessage m) {
            received.add(new Received(topic, new String(m.getPayload(), StandardCharsets.UTF_8), m.isRetained(),
                    m.getQos()));
        }

        @Override
        public void deliveryComplete(IMqttDeliveryToken token) {
        }

        @Override
        public void close() throws Exception {
            if (client.isConnected()) {
                client.disconnect();
            }
            client.close();
        }
    }

    /** Sum of the committed offsets of the sink connector's consumer group. */
    /**
     * A connector named {@code name} publishing over MQTT 5 to {@code mqttTopic}, which the broker refuses with Not
     * authorized (0x87): its task fails naming the credential to check, and nothing is committed.
     */
    static void assertNotAuthorizedFailsTheTask(EmbeddedConnectCluster connect, String brokerUri, String name,
                                                String mqttTopic) throws Exception {
        String topic = name + "-in";
        ConnectClusters.createTopic(connect, topic, 1);
        Map<String, String> p = props(brokerUri, topic, mqttTopic);
        p.put("mqtt.version", "5");
        connect.configureConnector(name, p);
        connect.kafka().produce(topic, null, "{\"alert\":1}");
        connect.assertions().assertConnectorIsRunningAndTasksHaveFailed(name, 1, "task should fail");
        String trace = connect.connectorStatus(name).tasks().get(0).trace();
        assertThat(trace).contains("Not authorized (0x87)").contains("mqtt.username");
        assertThat(committed(connect, name)).isZero();
        connect.deleteConnector(name);
    }

    static long committed(EmbeddedConnectCluster connect, String connector) throws Exception {
        try (Admin admin = connect.kafka().createAdminClient()) {
            Map<?, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets("connect-" + connector)
                    .partitionsToOffsetAndMetadata().get();
            return offsets.values().stream().filter(java.util.Objects::nonNull).mapToLong(OffsetAndMetadata::offset)
                    .sum();
        }
    }

    /** Produces n records in batches (the test kit's produce() waits for each one). */
    static void produce(EmbeddedConnectCluster connect, String topic, int n,
                        java.util.function.IntFunction<String> key, java.util.function.IntFunction<String> value)
            throws Exception {
        try (var producer = connect.kafka().createProducer(Map.of("linger.ms", 5))) {
            for (int i = 0; i < n; i++) {
                String k = key.apply(i);
                producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(topic,
                        k == null ? null : k.getBytes(StandardCharsets.UTF_8),
                        value.apply(i).getBytes(StandardCharsets.UTF_8)));
            }
            producer.flush();
        }
    }

    static long metric(String connector, String attribute) throws Exception {
        Object v = ManagementFactory.getPlatformMBeanServer().getAttribute(
                dev.iotstream.connect.mqtt.sink.metrics.MqttSinkTaskMetrics.objectName(connector, 0), attribute);
        return ((Number) v).longValue();
    }
}
