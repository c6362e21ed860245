package dev.iotstream.connect.examples;

import dev.iotstream.connect.common.MqttHeaders;
import dev.iotstream.connect.testing.Cleanup;
import dev.iotstream.connect.testing.ConnectClusters;
import dev.iotstream.connect.testing.EmbeddedHiveMqBroker;
import dev.iotstream.connect.testing.TempDirs;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.connect.util.clusters.EmbeddedKafkaCluster;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.client.IMqttMessageListener;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

import static dev.iotstream.connect.examples.Placeholders.MQTT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Proves the MQTT sink examples, one per mode, on embedded HiveMQ and a real Connect worker: a fixed topic, a
 * templated topic (fed by the alert-routing source example: routed alerts arrive retained on
 * alerts/{site}/{device}), and reply mode.
 */
class SinkExamplesIT {
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static Path secrets;
    private static EmbeddedHiveMqBroker broker;
    private static ExampleCluster cluster;
    private static Placeholders placeholders;

    @BeforeAll
    static void start() {
        secrets = TempDirs.create("sink-example-secrets");
        broker = EmbeddedHiveMqBroker.start();
        cluster = ExampleCluster.start("sink-examples");
        placeholders = new Placeholders().withSecretsIn(secrets).with(MQTT, broker.uri());
    }

    @AfterAll
    static void stop() {
        Cleanup.closeAll(cluster, broker, () -> TempDirs.deleteRecursively(secrets));
    }

    private static EmbeddedKafkaCluster kafka() {
        return cluster.connect().kafka();
    }

    @Test
    void fixedTopicCarriesCommandsAsTheyAre() throws Exception {
        Example sink = ExampleFiles.load("mqtt-sink/mqtt-commands-fixed-topic.json");
        ConnectClusters.createTopic(cluster.connect(), "plant-commands", 1);
        MqttClient actuator = new MqttClient(broker.uri(), "actuator", new MemoryPersistence());
        actuator.connect(new MqttConnectOptions());
        List<String> got = new CopyOnWriteArrayList<>();
        actuator.subscribe("plant/commands", 1, (t, m) -> got.add(new String(m.getPayload(), StandardCharsets.UTF_8)));
        cluster.run(sink, placeholders.apply(sink));
        try {
            for (String command : List.of("open valve-1", "close valve-2", "stop press-3")) {
                kafka().produce("plant-commands", "line-1", command);
            }
            await().atMost(WAIT).until(() -> got.size() == 3);
            assertThat(got).containsExactly("open valve-1", "close valve-2", "stop press-3");
        } finally {
            actuator.disconnect();
            actuator.close();
            cluster.remove(sink);
        }
    }

    @Test
    void routedAlertsArriveRetainedOnTheirDevicesTopic() throws Exception {
        Example source = ExampleFiles.load("alert-routing/mqtt-alert-routing-source.json");
        Example sink = ExampleFiles.load("mqtt-sink/mqtt-alerts-templated-topic.json");
        ConnectClusters.createTopic(cluster.connect(), "environment", 1);
        ConnectClusters.createTopic(cluster.connect(), "environment-alerts", 1);
        cluster.run(source, placeholders.apply(source));
        cluster.run(sink, placeholders.apply(sink));
        try {
            try (MqttPublisher device = MqttPublisher.connect(broker.uri())) {
                device.publish("sensors/site-9/dev-1/env", "{\"temp\":21.5}");
                device.publish("sensors/site-9/dev-2/env", "{\"temp\":75.2}");
                device.publish("sensors/site-9/dev-3/env", "{\"temp\":-31}");
            }
            kafka().produce("environment-alerts", null, "{\"temp\":99,\"alert\":\"no site or device\"}");
            // A dashboard that subscribes afterwards gets the latest alert of every device (retained).
            MqttClient dashboard = new MqttClient(broker.uri(), "dashboard", new MemoryPersistence());
            dashboard.connect(new MqttConnectOptions());
            Map<String, String> alerts = new java.util.concurrent.ConcurrentHashMap<>();
            try {
                await().atMost(WAIT).pollInterval(Duration.ofSeconds(1)).until(() -> {
                    dashboard.unsubscribe("alerts/#");
                    dashboard.subscribe("alerts/#", 1, (t, m) -> {
                        if (m.isRetained()) {
                            alerts.put(t, new String(m.getPayload(), StandardCharsets.UTF_8));
                        }
                    });
                    return alerts.size() >= 2;
                });
            } finally {
                dashboard.disconnect();
                dashboard.close();
            }
            assertThat(new TreeMap<>(alerts)).containsOnlyKeys("alerts/site-9/dev-2", "alerts/site-9/dev-3");
            assertThat(alerts.get("alerts/site-9/dev-2")).contains("\"temp\":75.2")
                    .contains("\"alert\":\"temp outside -20..60\"");
            ConsumerRecord<byte[], byte[]> dead = kafka().consume(1, WAIT.toMillis(), "environment-alerts-dlq")
                    .iterator().next();
            assertThat(ExampleCluster.header(dead, "__connect.errors.exception.message"))
                    .contains("${field:site} is missing");
        } finally {
            cluster.remove(sink);
            cluster.remove(source);
        }
    }

    @Test
    void repliesGoToTheResponseTopicWithTheCorrelationData() throws Exception {
        Example sink = ExampleFiles.load("mqtt-sink/mqtt-replies.json");
        ConnectClusters.createTopic(cluster.connect(), "device-replies", 1);
        org.eclipse.paho.mqttv5.client.MqttClient device = new org.eclipse.paho.mqttv5.client.MqttClient(
                broker.uri(), "dev-7", new org.eclipse.paho.mqttv5.client.persist.MemoryPersistence());
        device.connect(new MqttConnectionOptions());
        List<MqttMessage> got = new CopyOnWriteArrayList<>();
        device.subscribe(new MqttSubscription[] {new MqttSubscription("replies/dev-7", 1)},
                new IMqttMessageListener[] {(t, m) -> got.add(m)});
        cluster.run(sink, placeholders.apply(sink));
        try (KafkaProducer<byte[], byte[]> app = kafka().createProducer(Map.of())) {
            ProducerRecord<byte[], byte[]> reply = new ProducerRecord<>("device-replies",
                    "{\"setpoint\":21}".getBytes(StandardCharsets.UTF_8));
            // as the MQTT source writes them with Connect's default SimpleHeaderConverter
            reply.headers().add(MqttHeaders.RESPONSE_TOPIC, "replies/dev-7".getBytes(StandardCharsets.UTF_8));
            reply.headers().add(MqttHeaders.CORRELATION_DATA, Base64.getEncoder()
                    .encode("req-42".getBytes(StandardCharsets.UTF_8)));
            app.send(reply).get();
            await().atMost(WAIT).until(() -> got.size() == 1);
            MqttMessage m = got.get(0);
            assertThat(new String(m.getPayload(), StandardCharsets.UTF_8)).isEqualTo("{\"setpoint\":21}");
            assertThat(new String(m.getProperties().getCorrelationData(), StandardCharsets.UTF_8)).isEqualTo("req-42");
            assertThat(m.getProperties().getContentType()).isEqualTo("application/json");
        } finally {
            device.disconnect();
            device.close();
            cluster.remove(sink);
        }
    }
}
