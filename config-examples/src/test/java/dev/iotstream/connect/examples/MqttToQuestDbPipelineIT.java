package dev.iotstream.connect.examples;

import dev.iotstream.connect.common.MqttHeaders;
import dev.iotstream.connect.testing.Cleanup;
import dev.iotstream.connect.testing.ConnectClusters;
import dev.iotstream.connect.testing.EmbeddedHiveMqBroker;
import dev.iotstream.connect.testing.EmbeddedQuestDb;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The foundation slice on real parts: Paho publishes 1,000 JSON readings at QoS 1 to HiveMQ, the MQTT source
 * writes them to Kafka, and the time-series sink (parsing JSON with ParseJson$Value) writes them to QuestDB.
 */
class MqttToQuestDbPipelineIT {
    private static final int MESSAGES = 1_000;
    private static final int DEVICES = 10;
    private static final long BASE_TIME_MS = 1_764_000_000_000L;
    private static final String RAW_TOPIC = "iot.raw";
    private static final DateTimeFormatter QUESTDB_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    private static EmbeddedHiveMqBroker broker;
    private static EmbeddedQuestDb questDb;
    private static EmbeddedConnectCluster connect;

    @BeforeAll
    static void startServers() {
        broker = EmbeddedHiveMqBroker.start();
        questDb = EmbeddedQuestDb.start();
        connect = ConnectClusters.start("pipeline");
        ConnectClusters.createTopic(connect, RAW_TOPIC, 3);
    }

    @AfterAll
    static void stopServers() {
        Cleanup.closeAll(connect == null ? null : connect::stop, questDb, broker);
    }

    @Test
    void everyPublishedReadingBecomesExactlyOneRowWithItsTagsFieldsAndTime() throws Exception {
        connect.configureConnector("mqtt-source", sourceConfig());
        connect.assertions().assertConnectorAndAtLeastNumTasksAreRunning("mqtt-source", 1, "source did not start");
        connect.configureConnector("questdb-sink", sinkConfig());
        connect.assertions().assertConnectorAndAtLeastNumTasksAreRunning("questdb-sink", 1, "sink did not start");

        publishReadings();

        ConsumerRecords<byte[], byte[]> inKafka = connect.kafka().consume(MESSAGES, 60_000, RAW_TOPIC);
        assertThat(inKafka.count()).isGreaterThanOrEqualTo(MESSAGES);
        Set<String> mqttTopics = new HashSet<>();
        for (ConsumerRecord<byte[], byte[]> record : inKafka) {
            Header topic = record.headers().lastHeader(MqttHeaders.TOPIC);
            assertThat(topic).as("mqtt.topic header").isNotNull();
            mqttTopics.add(new String(topic.value(), StandardCharsets.UTF_8));
        }
        assertThat(mqttTopics).hasSize(DEVICES);

        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertThat(questDb.count("telemetry")).isEqualTo(MESSAGES));
        List<Map<String, Object>> rows = questDb.query(
                "select site, device, temperature, humidity, timestamp from telemetry order by timestamp");
        assertThat(rows).hasSize(MESSAGES);
        for (int i = 0; i < MESSAGES; i++) {
            Map<String, Object> row = rows.get(i);
            assertThat(row).as("row %d", i)
                    .containsEntry("site", site(i))
                    .containsEntry("device", device(i))
                    .containsEntry("temperature", temperature(i))
                    .containsEntry("humidity", (double) (40 + i % 20))
                    .containsEntry("timestamp", QUESTDB_TIME.format(Instant.ofEpochMilli(BASE_TIME_MS + i)));
        }
    }

    private static void publishReadings() throws Exception {
        MqttClient publisher = new MqttClient(broker.uri(), "pipeline-publisher", new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setMaxInflight(1000);
        publisher.connect(options);
        try {
            for (int i = 0; i < MESSAGES; i++) {
                String json = String.format(Locale.ROOT,
                        "{\"site\":\"%s\",\"device\":\"%s\",\"temperature\":%s,\"humidity\":%d,\"ts\":%d}",
                        site(i), device(i), temperature(i), 40 + i % 20, BASE_TIME_MS + i);
                publisher.publish("sensors/" + site(i) + "/" + device(i) + "/telemetry",
                        json.getBytes(StandardCharsets.UTF_8), 1, false);
            }
        } finally {
            publisher.disconnect();
            publisher.close();
        }
    }

    private static String site(int i) {
        return "site-" + (i % DEVICES) / 5;
    }

    private static String device(int i) {
        return "dev-" + i % DEVICES;
    }

    private static double temperature(int i) {
        return 15.25 + (i % 100) / 4.0;
    }

    private static Map<String, String> sourceConfig() {
        Map<String, String> config = new HashMap<>();
        config.put("connector.class", "dev.iotstream.connect.mqtt.MqttSourceConnector");
        config.put("tasks.max", "1");
        config.put("mqtt.server.uris", broker.uri());
        config.put("mqtt.topics", "sensors/#");
        config.put("mqtt.qos", "1");
        config.put("kafka.topic", RAW_TOPIC);
        config.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        config.put("value.converter", "org.apache.kafka.connect.converters.ByteArrayConverter");
        return config;
    }

    private static Map<String, String> sinkConfig() {
        Map<String, String> config = new HashMap<>();
        config.put("connector.class", "dev.iotstream.connect.timeseries.TimeSeriesSinkConnector");
        config.put("tasks.max", "1");
        config.put("topics", RAW_TOPIC);
        config.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        config.put("value.converter", "org.apache.kafka.connect.converters.ByteArrayConverter");
        config.put("transforms", "parse");
        config.put("transforms.parse.type", "dev.iotstream.connect.transforms.ParseJson$Value");
        config.put("influx.url", questDb.url());
        config.put("influx.bucket", "iot");
        config.put("measurement", "telemetry");
        config.put("tags", "site,device");
        config.put("fields", "temperature,humidity");
        config.put("time.field", "ts");
        config.put("time.unit", "ms");
        return config;
    }
}
