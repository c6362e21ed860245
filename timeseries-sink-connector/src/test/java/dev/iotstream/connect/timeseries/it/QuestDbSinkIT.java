package dev.iotstream.connect.timeseries.it;

import dev.iotstream.connect.testing.ConnectClusters;
import dev.iotstream.connect.testing.EmbeddedQuestDb;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.iotstream.connect.timeseries.it.SinkItSupport.committedTotal;
import static dev.iotstream.connect.timeseries.it.SinkItSupport.connectorProps;
import static dev.iotstream.connect.timeseries.it.SinkItSupport.produce;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Kafka -> real Connect worker -> embedded QuestDB, read back with SQL. */
class QuestDbSinkIT {
    private static final long BASE_MS = 1_700_000_000_000L;
    private static EmbeddedQuestDb questDb;
    private static EmbeddedConnectCluster connect;

    @BeforeAll
    static void startServers() {
        questDb = EmbeddedQuestDb.start();
        connect = ConnectClusters.start("questdb-sink-it");
    }

    @AfterAll
    static void stopServers() {
        if (connect != null) {
            connect.stop();
        }
        if (questDb != null) {
            questDb.close();
        }
    }

    @Test
    void jsonRecordsBecomeRowsWithTagsFieldsAndTimes() {
        String topic = "weather";
        connect.kafka().createTopic(topic, 2);
        List<String[]> records = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            records.add(new String[]{"dev-" + (i % 10), "{\"device\":\"dev-" + (i % 10) + "\",\"site\":\"plant a\","
                    + "\"temp\":" + (20 + i % 7) + ",\"hum\":" + (40.5 + i % 3) + ",\"ts\":" + (BASE_MS + i) + "}"});
        }
        produce(connect, topic, records, BASE_MS - 1);
        Map<String, String> props = connectorProps(topic, questDb.url());
        props.put("tags", "device,site");
        props.put("time.field", "ts");
        SinkItSupport.start(connect, "weather-sink", props);

        await().atMost(Duration.ofSeconds(60)).until(() -> questDb.count(topic) == 1000);
        List<Map<String, Object>> rows = questDb.query("select device, site, temp, hum, timestamp from weather order by timestamp");
        assertThat(rows).hasSize(1000);
        for (int i = 0; i < 1000; i++) {
            Map<String, Object> row = rows.get(i);
            assertThat(row).containsEntry("device", "dev-" + (i % 10)).containsEntry("site", "plant a");
            assertThat(((Number) row.get("temp")).doubleValue()).isEqualTo(20 + i % 7);
            assertThat(((Number) row.get("hum")).doubleValue()).isEqualTo(40.5 + i % 3);
            assertThat(Instant.parse((String) row.get("timestamp"))).isEqualTo(Instant.ofEpochMilli(BASE_MS + i));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> committedTotal(connect, "weather-sink") == 1000);
        connect.deleteConnector("weather-sink");
    }
}
