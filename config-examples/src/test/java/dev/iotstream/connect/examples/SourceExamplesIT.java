package dev.iotstream.connect.examples;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.iotstream.connect.common.MqttHeaders;
import dev.iotstream.connect.testing.Cleanup;
import dev.iotstream.connect.testing.EmbeddedHiveMqBroker;
import dev.iotstream.connect.testing.MosquittoBroker;
import dev.iotstream.connect.testing.ServerRuntime;
import dev.iotstream.connect.testing.TempDirs;
import dev.iotstream.connect.testing.TestCertificates;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.connect.util.clusters.EmbeddedKafkaCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.iotstream.connect.examples.Placeholders.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Proves the MQTT-side examples on real brokers (embedded HiveMQ CE; Mosquitto with TLS and required client
 * certificates) and a real Connect worker, by reading back what each writes to Kafka.
 */
class SourceExamplesIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private static Path secrets;
    private static TestCertificates certs;
    private static EmbeddedHiveMqBroker broker;
    private static MosquittoBroker tlsBroker;
    private static MosquittoBroker plainBroker;
    private static ExampleCluster cluster;
    private static Placeholders placeholders;

    @BeforeAll
    static void start() {
        secrets = TempDirs.create("example-secrets");
        certs = TestCertificates.generate();
        broker = EmbeddedHiveMqBroker.start();
        if (ServerRuntime.MOSQUITTO.available()) {
            plainBroker = MosquittoBroker.start();
            tlsBroker = MosquittoBroker.builder()
                    .tls(certs.caPem(), certs.serverCertPem(), certs.serverKeyPem(), true).start();
        }
        cluster = ExampleCluster.start("source-examples");
        placeholders = new Placeholders().withSecretsIn(secrets)
                .with(MQTT, broker.uri())
                .with(CA_PEM, certs.caPem().toString())
                .with(CLIENT_PEM, certs.clientCertPem().toString())
                .with(CLIENT_KEY, certs.clientKeyPem().toString())
                .with(TRUSTSTORE, certs.truststore("PKCS12").toString())
                .with(KEYSTORE, certs.clientKeystore("PKCS12").toString());
        if (tlsBroker != null) {
            placeholders.with(MQTT_TLS, tlsBroker.uri());
        }
    }

    @AfterAll
    static void stop() {
        Cleanup.closeAll(cluster, tlsBroker, plainBroker, broker, certs, () -> TempDirs.deleteRecursively(secrets));
    }

    /**
     * On Mosquitto: HiveMQ CE delivered every message of a burst to one member of the share group (observed
     * [0, 0, 300]), which would prove nothing about spreading; Mosquitto distributes round-robin.
     */
    @Test
    void sharedSubscriptionSpreadsTheMessagesOverThreeTasksAndLosesNone() throws Exception {
        ServerRuntime.MOSQUITTO.require();
        Example source = ExampleFiles.load("mqtt5-shared-subscriptions/mqtt5-shared-source.json");
        int n = 300;
        Map<String, String> config = new Placeholders().with(MQTT, plainBroker.uri()).apply(source);
        cluster.run(source, config); // also waits until all three tasks have subscribed
        try {
            try (MqttPublisher device = MqttPublisher.connect(plainBroker.uri())) {
                for (int i = 0; i < n; i++) {
                    device.publish("factory/line-" + i % 3 + "/metrics", "{\"seq\":" + i + ",\"power\":1.5}");
                }
            }
            Set<Integer> seen = new HashSet<>();
            int records = 0;
            for (ConsumerRecord<byte[], byte[]> r : kafka().consume(n, 90_000, "factory-metrics")) {
                Map<String, Object> value = JSON.readValue(r.value(), MAP);
                int seq = ((Number) value.get("seq")).intValue();
                seen.add(seq);
                records++;
                assertThat(ExampleCluster.text(r.key())).isEqualTo("line-" + seq % 3);
            }
            assertThat(seen).as("distinct messages in Kafka").hasSize(n);
            List<Long> perTask = new ArrayList<>();
            for (int task = 0; task < 3; task++) {
                perTask.add(ExampleCluster.messagesReceived(source.name(), task));
            }
            System.out.printf("shared subscription: %d messages, %d records, per task %s%n", n, records, perTask);
            assertThat(perTask.stream().mapToLong(Long::longValue).sum()).isGreaterThanOrEqualTo(n);
            assertThat(perTask).as("messages received per task").allMatch(c -> c > 0);
        } finally {
            cluster.remove(source);
        }
    }

    @Test
    void mutualTlsWithPemFiles() throws Exception {
        runMutualTls(ExampleFiles.load("mutual-tls/mqtt-mtls-pem-source.json"), "pem");
    }

    @Test
    void mutualTlsWithKeystoresAndPasswordsFromTheSecretsFile() throws Exception {
        runMutualTls(ExampleFiles.load("mutual-tls/mqtt-mtls-keystore-source.json"), "keystore");
    }

    private void runMutualTls(Example source, String tag) throws Exception {
        ServerRuntime.MOSQUITTO.require();
        Map<String, String> config = placeholders.apply(source);
        assertThat(config.get("mqtt.server.uris")).startsWith("ssl://127.0.0.1:");
        int n = 20;
        cluster.run(source, config);
        try {
            try (MqttPublisher device = MqttPublisher.connectTls(tlsBroker.uri(), certs)) {
                for (int i = 0; i < n; i++) {
                    device.publish("plant/press-" + i % 2 + "/pressure", tag + "-" + i);
                }
            }
            Set<String> payloads = new HashSet<>();
            for (ConsumerRecord<byte[], byte[]> r : kafka().consume(n, 90_000, "plant-telemetry")) {
                String payload = ExampleCluster.text(r.value());
                if (payload.startsWith(tag + "-")) {
                    payloads.add(payload);
                    assertThat(ExampleCluster.text(r.key())).isEqualTo(ExampleCluster.header(r, MqttHeaders.TOPIC))
                            .startsWith("plant/press-");
                }
            }
            assertThat(payloads).hasSize(n);
        } finally {
            cluster.remove(source);
        }
    }

    @Test
    void normalizationChainTurnsMixedDeviceMessagesIntoCleanTelemetry() throws Exception {
        Example source = ExampleFiles.load("normalization/mqtt-normalized-source.json");
        long expectedTime = Instant.parse("2026-11-24T09:15:00Z").toEpochMilli();
        List<String> payloads = List.of(
                "{\"seq\":0,\"time\":\"2026-11-24T10:15:00+01:00\",\"temp\":68,\"pressure\":29.92,\"wind\":10,"
                        + "\"online\":\"on\",\"battery\":3}",
                "{\"seq\":1,\"time\":\"24.11.2026 10:15:00\",\"temp\":68,\"pressure\":29.92,\"wind\":10,"
                        + "\"online\":1,\"battery\":3}",
                "{\"seq\":2,\"time\":" + expectedTime / 1000 + ",\"temp\":68,\"pressure\":29.92,\"wind\":10,"
                        + "\"online\":\"yes\",\"battery\":\"3\"}",
                "{\"seq\":3,\"time\":\"Tue, 24 Nov 2026 09:15:00 GMT\",\"temp\":68.0,\"pressure\":29.92,\"wind\":10,"
                        + "\"online\":true,\"battery\":3}");
        cluster.run(source, placeholders.apply(source));
        try {
            try (MqttPublisher station = MqttPublisher.connect(broker.uri())) {
                for (String payload : payloads) {
                    station.publish("weather/hamburg/st-7", payload);
                }
            }
            Map<Integer, Map<String, Object>> bySeq = new HashMap<>();
            for (ConsumerRecord<byte[], byte[]> r : kafka().consume(payloads.size(), 90_000, "weather")) {
                Map<String, Object> v = JSON.readValue(r.value(), MAP);
                bySeq.put(((Number) v.get("seq")).intValue(), v);
                assertThat(ExampleCluster.text(r.key())).isEqualTo("st-7");
                assertThat(r.timestamp()).as("record timestamp from the time field").isEqualTo(expectedTime);
            }
            assertThat(bySeq).hasSize(payloads.size());
            for (Map.Entry<Integer, Map<String, Object>> e : bySeq.entrySet()) {
                Map<String, Object> v = e.getValue();
                assertThat(v.get("site")).as("seq %d", e.getKey()).isEqualTo("hamburg");
                assertThat(v.get("station")).isEqualTo("st-7");
                assertThat(((Number) v.get("time")).longValue()).as("time of seq %d", e.getKey()).isEqualTo(expectedTime);
                assertThat((Double) v.get("temp")).isCloseTo(20.0, within(1e-9));
                assertThat(v.get("temp_unit")).isEqualTo("degC");
                assertThat((Double) v.get("pressure")).isCloseTo(1013.21, within(0.01));
                assertThat(v.get("pressure_unit")).isEqualTo("hPa");
                assertThat((Double) v.get("wind")).isCloseTo(16.09344, within(1e-6));
                assertThat(v.get("online")).isEqualTo(true);
                assertThat(v.get("battery")).isEqualTo(3.0);
            }
        } finally {
            cluster.remove(source);
        }
    }

    @Test
    void outOfRangeReadingsAreRoutedToTheAlertsTopic() throws Exception {
        Example source = ExampleFiles.load("alert-routing/mqtt-alert-routing-source.json");
        Map<String, String> readings = Map.of(
                "dev-1", "{\"temp\":21.5}",
                "dev-2", "{\"temp\":75.2}",
                "dev-3", "{\"temp\":-31}",
                "dev-4", "{\"temp\":60}",
                "dev-5", "{\"humidity\":40}");
        cluster.run(source, placeholders.apply(source));
        try {
            try (MqttPublisher device = MqttPublisher.connect(broker.uri())) {
                for (Map.Entry<String, String> r : readings.entrySet()) {
                    device.publish("sensors/site-9/" + r.getKey() + "/env", r.getValue());
                }
            }
            kafka().consume(2, 90_000, "environment-alerts");
            kafka().consume(3, 90_000, "environment");
            Map<String, Map<String, Object>> alerts = byKey(kafka().consumeAll(30_000, "environment-alerts"));
            Map<String, Map<String, Object>> normal = byKey(kafka().consumeAll(30_000, "environment"));
            assertThat(alerts).containsOnlyKeys("dev-2", "dev-3");
            assertThat(alerts.values()).allSatisfy(v -> assertThat(v.get("alert")).isEqualTo("temp outside -20..60"));
            assertThat(normal).containsOnlyKeys("dev-1", "dev-4", "dev-5");
            assertThat(normal.values()).allSatisfy(v -> assertThat(v).doesNotContainKey("alert")
                    .containsEntry("site", "site-9"));
        } finally {
            cluster.remove(source);
        }
    }

    private static Map<String, Map<String, Object>> byKey(Iterable<ConsumerRecord<byte[], byte[]>> records) throws Exception {
        Map<String, Map<String, Object>> out = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            assertThat(out.put(ExampleCluster.text(r.key()), JSON.readValue(r.value(), MAP)))
                    .as("duplicate record for %s", ExampleCluster.text(r.key())).isNull();
        }
        return out;
    }

    private static EmbeddedKafkaCluster kafka() {
        return cluster.connect().kafka();
    }
}
