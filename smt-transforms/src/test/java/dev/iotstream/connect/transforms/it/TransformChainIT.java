package dev.iotstream.connect.transforms.it;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.iotstream.connect.common.MqttHeaders;
import dev.iotstream.connect.mqtt.MqttSourceConnector;
import dev.iotstream.connect.testing.ConnectClusters;
import dev.iotstream.connect.testing.EmbeddedHiveMqBroker;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/**
 * The transform chain inside a real Connect worker on MQTT-sourced records: HiveMQ CE -> iotstream MQTT source
 * -> ParseJson -> TopicSegmentsToFields -> NormalizeTimestamp -> ConvertUnits -> CoerceTypes -> Filter
 * (FieldInRange) -> Kafka, read back as JSON. The second test runs examples/alert-routing.json unchanged except
 * for the broker address and topics.
 */
class TransformChainIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static EmbeddedHiveMqBroker broker;
    private static EmbeddedConnectCluster connect;

    @BeforeAll
    static void start() {
        broker = EmbeddedHiveMqBroker.start();
        connect = ConnectClusters.start("smt-chain-it");
    }

    @AfterAll
    static void stop() {
        if (connect != null) {
            connect.stop();
        }
        if (broker != null) {
            broker.close();
        }
    }

    private static Map<String, String> sourceProps(String filters, String kafkaTopic) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("connector.class", MqttSourceConnector.class.getName());
        p.put("tasks.max", "1");
        p.put("mqtt.server.uris", broker.uri());
        p.put("mqtt.topics", filters);
        p.put("mqtt.qos", "1");
        p.put("kafka.topic", kafkaTopic);
        p.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        p.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        p.put("value.converter.schemas.enable", "false");
        return p;
    }

    @Test
    void chainNormalizesAndFiltersMqttReadings() throws Exception {
        String name = "chain";
        ConnectClusters.createTopic(connect, "chain-telemetry", 1);
        Map<String, String> p = sourceProps("chain/#", "chain-telemetry");
        p.put("transforms", "parse,segments,time,units,types,dropOutOfRange");
        p.put("transforms.parse.type", "dev.iotstream.connect.transforms.ParseJson$Value");
        p.put("transforms.segments.type", "dev.iotstream.connect.transforms.TopicSegmentsToFields");
        p.put("transforms.segments.pattern", "chain/{site}/{device}/{metric}");
        p.put("transforms.segments.key.segment", "device");
        p.put("transforms.time.type", "dev.iotstream.connect.transforms.NormalizeTimestamp$Value");
        p.put("transforms.time.field", "ts");
        p.put("transforms.time.zone", "Europe/Berlin");
        p.put("transforms.time.set.record.timestamp", "true");
        p.put("transforms.units.type", "dev.iotstream.connect.transforms.ConvertUnits$Value");
        p.put("transforms.units.conversions", "temp:degF->degC,pressure:psi->hPa");
        p.put("transforms.types.type", "dev.iotstream.connect.transforms.CoerceTypes$Value");
        p.put("transforms.types.spec", "battery:double,on:boolean");
        p.put("transforms.dropOutOfRange.type", "org.apache.kafka.connect.transforms.Filter");
        p.put("transforms.dropOutOfRange.predicate", "tempPlausible");
        p.put("transforms.dropOutOfRange.negate", "true");
        p.put("predicates", "tempPlausible");
        p.put("predicates.tempPlausible.type", "dev.iotstream.connect.transforms.predicates.FieldInRange");
        p.put("predicates.tempPlausible.field", "temp");
        p.put("predicates.tempPlausible.min", "-40");
        p.put("predicates.tempPlausible.max", "85");
        connect.configureConnector(name, p);
        connect.assertions().assertConnectorAndExactlyNumTasksAreRunning(name, 1, "chain connector did not start");
        awaitSubscribed("chain/probe/probe/env", "chain-telemetry");

        List<String[]> messages = new ArrayList<>();
        // temp in degF, ts in three formats, battery as a string, on as on/off; 248 degF = 120 degC is implausible.
        messages.add(new String[]{"chain/plant1/dev1/env",
                "{\"ts\":\"2024-05-01T12:00:00Z\",\"temp\":68,\"pressure\":14.7,\"battery\":\"87\",\"on\":\"on\"}"});
        messages.add(new String[]{"chain/plant1/dev2/env",
                "{\"ts\":1714564800,\"temp\":77.9,\"pressure\":14.5,\"battery\":\"12.5\",\"on\":\"off\"}"});
        messages.add(new String[]{"chain/plant2/dev3/env",
                "{\"ts\":\"2024-05-01T14:00:00\",\"temp\":248,\"pressure\":14.6,\"battery\":\"50\",\"on\":1}"});
        messages.add(new String[]{"chain/plant2/dev4/env",
                "{\"ts\":1714564800123,\"temp\":-4,\"pressure\":14.6,\"battery\":3,\"on\":0}"});
        messages.add(endMarker("chain/probe/end/env", 68));
        publish(messages);

        List<ConsumerRecord<byte[], byte[]>> records = awaitRecords("chain-telemetry", 3, "chain/probe/end/env");
        Map<String, ConsumerRecord<byte[], byte[]>> byKey = records.stream()
                .collect(Collectors.toMap(r -> new String(r.key(), StandardCharsets.UTF_8), r -> r));
        assertThat(byKey).containsOnlyKeys("dev1", "dev2", "dev4");

        Map<String, Object> dev1 = json(byKey.get("dev1"));
        assertThat(dev1).containsEntry("site", "plant1").containsEntry("device", "dev1").containsEntry("metric", "env")
                .containsEntry("ts", 1_714_564_800_000L).containsEntry("battery", 87.0).containsEntry("on", true);
        assertThat((double) dev1.get("temp")).isCloseTo(20.0, within(1e-9));
        assertThat((double) dev1.get("pressure")).isCloseTo(1013.529, within(1e-3));
        assertThat(byKey.get("dev1").timestamp()).isEqualTo(1_714_564_800_000L);
        assertThat(header(byKey.get("dev1"), MqttHeaders.TOPIC)).isEqualTo("chain/plant1/dev1/env");

        Map<String, Object> dev2 = json(byKey.get("dev2"));
        assertThat(dev2).containsEntry("ts", 1_714_564_800_000L).containsEntry("battery", 12.5).containsEntry("on", false);
        assertThat((double) dev2.get("temp")).isCloseTo(25.5, within(1e-9));

        Map<String, Object> dev4 = json(byKey.get("dev4"));
        assertThat(dev4).containsEntry("ts", 1_714_564_800_123L).containsEntry("battery", 3.0).containsEntry("on", false);
        assertThat((double) dev4.get("temp")).isCloseTo(-20.0, within(1e-9));
        assertThat(byKey.get("dev4").timestamp()).isEqualTo(1_714_564_800_123L);
        connect.deleteConnector(name);
    }

    @Test
    void alertRoutingExampleRoutesOutOfRangeReadingsToTheAlertsTopic() throws Exception {
        Map<String, Object> example = JSON.readValue(Files.readString(Path.of("examples/alert-routing.json")),
                new TypeReference<>() { });
        Map<String, String> p = new LinkedHashMap<>();
        example.forEach((k, v) -> p.put(k, String.valueOf(v)));
        p.put("mqtt.server.uris", broker.uri());
        String name = "alert-routing";
        ConnectClusters.createTopic(connect, "telemetry", 1);
        ConnectClusters.createTopic(connect, "telemetry-alerts", 1);
        connect.configureConnector(name, p);
        connect.assertions().assertConnectorAndExactlyNumTasksAreRunning(name, 1, "example connector did not start");
        awaitSubscribed("sensors/probe/probe/env", "telemetry");

        publish(List.of(
                new String[]{"sensors/hall/dev1/env", "{\"ts\":1714564800000,\"temp\":70,\"battery\":\"90\"}"},
                new String[]{"sensors/hall/dev2/env", "{\"ts\":1714564801000,\"temp\":212,\"battery\":\"80\"}"},
                new String[]{"sensors/roof/dev3/env", "{\"ts\":1714564802000,\"temp\":-22,\"battery\":\"70\"}"},
                new String[]{"sensors/roof/dev4/env", "{\"ts\":1714564803000,\"battery\":\"60\"}"},
                endMarker("sensors/probe/endalert/env", 212),
                endMarker("sensors/probe/end/env", 70)));

        List<ConsumerRecord<byte[], byte[]>> alerts = awaitRecords("telemetry-alerts", 2, "sensors/probe/endalert/env");
        assertThat(alerts).extracting(r -> new String(r.key(), StandardCharsets.UTF_8))
                .containsExactlyInAnyOrder("dev2", "dev3");
        for (ConsumerRecord<byte[], byte[]> alert : alerts) {
            assertThat(json(alert)).containsEntry("alert", "temp outside -20..60 degC");
        }
        Map<String, Object> hot = json(alerts.stream().filter(r -> new String(r.key()).equals("dev2")).findFirst().orElseThrow());
        assertThat((double) hot.get("temp")).isCloseTo(100.0, within(1e-9));
        assertThat(hot).containsEntry("site", "hall").containsEntry("battery", 80.0);

        List<ConsumerRecord<byte[], byte[]>> normal = awaitRecords("telemetry", 2, "sensors/probe/end/env");
        assertThat(normal).extracting(r -> new String(r.key(), StandardCharsets.UTF_8)).containsExactlyInAnyOrder("dev1", "dev4");
        for (ConsumerRecord<byte[], byte[]> r : normal) {
            assertThat(json(r)).doesNotContainKey("alert");
        }
        connect.deleteConnector(name);
    }

    /**
     * The source subscribes asynchronously after the task starts, and messages published before that are lost
     * (clean session). Publish a valid, in-range probe until one shows up in Kafka (one per 250 ms poll, the first at
     * once); tests ignore probes.
     */
    private static void awaitSubscribed(String probeTopic, String kafkaTopic) {
        String payload = "{\"ts\":" + Instant.now().toEpochMilli() + ",\"temp\":68,\"battery\":\"1\"}";
        Duration probeInterval = Duration.ofMillis(250);
        await().atMost(Duration.ofSeconds(60)).pollDelay(Duration.ZERO).pollInterval(probeInterval).until(() -> {
            publish(List.<String[]>of(new String[]{probeTopic, payload}));
            return readAll(kafkaTopic).stream().anyMatch(r -> header(r, MqttHeaders.TOPIC).equals(probeTopic));
        });
    }

    private static void publish(List<String[]> messages) throws Exception {
        MqttClient client = new MqttClient(broker.uri(), "pub-" + UUID.randomUUID(), new MemoryPersistence());
        client.connect(new MqttConnectOptions());
        try {
            for (String[] message : messages) {
                client.publish(message[0], message[1].getBytes(StandardCharsets.UTF_8), 1, false);
            }
        } finally {
            client.disconnect();
            client.close();
        }
    }

    /**
     * A probe published after a test's messages, on the same connection: HiveMQ sends a subscriber's QoS 1
     * messages in order, one in flight at a time, and the task hands them to Kafka in order, so once this probe is in
     * its Kafka topic every message before it that was routed there is too. {@code tempDegF} picks its route.
     */
    private static String[] endMarker(String probeTopic, int tempDegF) {
        return new String[]{probeTopic, "{\"ts\":" + Instant.now().toEpochMilli() + ",\"temp\":" + tempDegF
                + ",\"battery\":\"1\"}"};
    }

    /**
     * Waits for the end marker published after the messages (see {@link #endMarker}) instead of a fixed 3 s, then
     * checks that exactly {@code expected} non-probe records came: none missing, none extra.
     */
    private static List<ConsumerRecord<byte[], byte[]>> awaitRecords(String topic, int expected, String endProbeTopic) {
        await().atMost(Duration.ofSeconds(60)).until(() -> readAll(topic).stream()
                .anyMatch(r -> header(r, MqttHeaders.TOPIC).equals(endProbeTopic)));
        List<ConsumerRecord<byte[], byte[]>> records = nonProbe(readAll(topic));
        assertThat(records).hasSize(expected);
        return records;
    }

    private static List<ConsumerRecord<byte[], byte[]>> nonProbe(List<ConsumerRecord<byte[], byte[]>> records) {
        return records.stream().filter(r -> !header(r, MqttHeaders.TOPIC).contains("probe")).toList();
    }

    private static List<ConsumerRecord<byte[], byte[]>> readAll(String topic) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "it-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = connect.kafka().createConsumer(props)) {
            List<TopicPartition> parts = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            Map<TopicPartition, Long> end = consumer.endOffsets(parts);
            long deadline = System.currentTimeMillis() + 10_000;
            while (parts.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))
                    && System.currentTimeMillis() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? "" : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static Map<String, Object> json(ConsumerRecord<byte[], byte[]> record) throws IOException {
        return JSON.readValue(record.value(), new TypeReference<>() { });
    }
}
