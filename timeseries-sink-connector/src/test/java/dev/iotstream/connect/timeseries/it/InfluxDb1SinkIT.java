package dev.iotstream.connect.timeseries.it;

import dev.iotstream.connect.testing.ConnectClusters;
import dev.iotstream.connect.testing.InfluxDb1Server;
import dev.iotstream.connect.testing.ServerRuntime;
import dev.iotstream.connect.timeseries.TimeSeriesSinkConnector;
import dev.iotstream.connect.timeseries.delivery.SinkTaskMetrics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.connect.runtime.rest.entities.ConfigInfos;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.management.ObjectName;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static dev.iotstream.connect.timeseries.it.QuestDbSinkIT.jmx;
import static dev.iotstream.connect.timeseries.it.QuestDbSinkIT.taskState;
import static dev.iotstream.connect.timeseries.it.SinkItSupport.committedTotal;
import static dev.iotstream.connect.timeseries.it.SinkItSupport.connectorProps;
import static dev.iotstream.connect.timeseries.it.SinkItSupport.produce;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Kafka -> real Connect worker -> a real InfluxDB 1.x ({@code influxd}) through influx.api=v1, read back with
 * InfluxQL.
 */
class InfluxDb1SinkIT {
    private static final long BASE_US = 1_700_000_000_000_000L;
    private static InfluxDb1Server influx;
    private static InfluxDb1Server influxWithAuth;
    private static EmbeddedConnectCluster connect;

    @BeforeAll
    static void startServers() {
        ServerRuntime.INFLUXD.require();
        influx = InfluxDb1Server.start();
        influxWithAuth = InfluxDb1Server.startWithAuth("admin", "s3cret");
        connect = ConnectClusters.start("influx1-sink-it");
    }

    @AfterAll
    static void stopServers() {
        if (connect != null) {
            connect.stop();
        }
        if (influx != null) {
            influx.close();
        }
        if (influxWithAuth != null) {
            influxWithAuth.close();
        }
    }

    static Map<String, String> v1Props(String topic, String url, String database) {
        Map<String, String> props = connectorProps(topic, url);
        props.remove("influx.bucket");
        props.remove("influx.org");
        props.put("influx.api", "v1");
        props.put("influx.v1.database", database);
        return props;
    }

    /**
     * Microsecond times with write.precision=us: InfluxDB 1.x reads an unknown precision such as "us" as
     * nanoseconds, silently (1970); every time matching proves the sink sends the "u" InfluxDB 1.x knows.
     */
    @Test
    void everyPointArrivesWithItsTagsValuesAndTime() {
        String topic = "v1weather";
        influx.createDatabase("telemetry");
        ConnectClusters.createTopic(connect, topic, 2);
        List<String[]> records = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            records.add(new String[]{"dev-" + (i % 10), "{\"device\":\"dev-" + (i % 10) + "\",\"temp\":"
                    + (20 + i * 0.5)
                    + ",\"hum\":" + (i % 100) + ",\"ts\":" + (BASE_US + i * 1000L + 7) + "}"});
        }
        produce(connect, topic, records, BASE_US / 1000);
        Map<String, String> props = v1Props(topic, influx.url(), "telemetry");
        props.put("influx.v1.retention.policy", "autogen");
        props.put("tags", "device");
        props.put("time.field", "ts");
        props.put("time.unit", "us");
        props.put("write.precision", "us");
        SinkItSupport.start(connect, "v1weather-sink", props);

        await().atMost(Duration.ofSeconds(60)).until(() -> influx.count("telemetry", topic, "temp") == 400);
        Map<String, String> actual = new TreeMap<>();
        for (Map<String, Object> row : influx.select("telemetry", "SELECT * FROM v1weather")) {
            // InfluxDB's JSON shows 21.0 as 21: compare as doubles.
            actual.put(row.get("device") + "|" + row.get("time"), ((Number) row.get("temp")).doubleValue() + "|"
                    + ((Number) row.get("hum")).doubleValue());
        }
        Map<String, String> expected = new TreeMap<>();
        for (int i = 0; i < 400; i++) {
            expected.put("dev-" + (i % 10) + "|" + (BASE_US + i * 1000L + 7) * 1000,
                    (20 + i * 0.5) + "|" + (double) (i % 100));
        }
        assertThat(actual).isEqualTo(expected);
        await().atMost(Duration.ofSeconds(30)).until(() -> committedTotal(connect, "v1weather-sink") == 400);
        connect.deleteConnector("v1weather-sink");
    }

    @Test
    void wrongPasswordFailsTheTaskNamingTheSetting() {
        String topic = "v1auth";
        influxWithAuth.createDatabase("secured");
        ConnectClusters.createTopic(connect, topic, 1);
        produce(connect, topic, List.<String[]>of(new String[]{"k", "{\"v\":1}"}), 0);
        Map<String, String> props = v1Props(topic, influxWithAuth.url(), "secured");
        props.put("influx.v1.username", "admin");
        props.put("influx.v1.password", "not-the-password");
        props.put("validate.connection", "false");
        connect.configureConnector("v1auth-sink", props);
        await().atMost(Duration.ofSeconds(60)).until(() -> taskState(connect, "v1auth-sink").equals("FAILED"));
        String trace = connect.connectorStatus("v1auth-sink").tasks().get(0).trace();
        assertThat(trace).contains("HTTP 401").contains("influx.v1.password").contains("not retried");
        assertThat(committedTotal(connect, "v1auth-sink")).isZero();
        connect.deleteConnector("v1auth-sink");

        props.put("validate.connection", "true");
        assertThat(errors(props, "influx.v1.password"))
                .anyMatch(m -> m.contains("401") && m.contains("influx.v1.password"));

        props.put("influx.v1.password", "s3cret");
        assertThat(errors(props, "influx.v1.password")).isEmpty();
        SinkItSupport.start(connect, "v1auth-ok-sink", props);
        await().atMost(Duration.ofSeconds(60)).until(() -> influxWithAuth.count("secured", topic, "v") == 1);
        connect.deleteConnector("v1auth-ok-sink");
    }

    @Test
    void unknownDatabaseFailsClearlyUnlessCreatingItIsAllowed() {
        String topic = "v1nodb";
        ConnectClusters.createTopic(connect, topic, 1);
        // Distinct times: two points of one series at the same time would be one point in the store.
        produce(connect, topic, List.<String[]>of(new String[]{"k", "{\"v\":1,\"ts\":" + BASE_US + "}"},
                new String[]{"k", "{\"v\":2,\"ts\":" + (BASE_US + 1) + "}"}), 0);
        Map<String, String> props = v1Props(topic, influx.url(), "not-yet-there");
        props.put("time.field", "ts");
        assertThat(errors(props, "influx.v1.database"))
                .anyMatch(m -> m.contains("HTTP 404") && m.contains("does not exist")
                        && m.contains("influx.v1.create.database"));

        props.put("validate.connection", "false");
        connect.configureConnector("v1nodb-sink", props);
        await().atMost(Duration.ofSeconds(60)).until(() -> taskState(connect, "v1nodb-sink").equals("FAILED"));
        assertThat(connect.connectorStatus("v1nodb-sink").tasks().get(0).trace())
                .contains("database 'not-yet-there' (influx.v1.database) does not exist")
                .contains("influx.v1.create.database=true").contains("not retried");
        assertThat(influx.databases()).doesNotContain("not-yet-there");
        connect.deleteConnector("v1nodb-sink");

        props.put("validate.connection", "true");
        props.put("influx.v1.create.database", "true");
        assertThat(errors(props, "influx.v1.database")).isEmpty();
        SinkItSupport.start(connect, "v1createdb-sink", props);
        await().atMost(Duration.ofSeconds(60)).until(() -> influx.databases().contains("not-yet-there")
                && influx.count("not-yet-there", topic, "v") == 2);
        await().atMost(Duration.ofSeconds(30)).until(() -> committedTotal(connect, "v1createdb-sink") == 2);
        connect.deleteConnector("v1createdb-sink");
    }

    /**
     * InfluxDB 1.x answers a field type conflict with 400 "partial write", having written the other lines. The
     * sink splits the batch like any 400: the halves re-send lines that are already stored, which rewrites the
     * same points (same series and time) and adds none, so the store holds each good record exactly once, the
     * metrics count each once, and only the conflicting record goes to the dead letter queue.
     */
    @Test
    void fieldTypeConflictSendsOnlyThatRecordToTheDeadLetterQueue() throws Exception {
        String topic = "v1conflict";
        influx.createDatabase("conflicts");
        ConnectClusters.createTopic(connect, topic, 1);
        List<String[]> records = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            String v = i == 17 ? "\"seventeen\"" : Double.toString(i + 0.5);
            records.add(new String[]{"k" + i, "{\"v\":" + v + ",\"ts\":" + (BASE_US + i) + "}"});
        }
        // The first record alone fixes v as a float; the conflict comes in a later batch.
        produce(connect, topic, records.subList(0, 1), 0);
        Map<String, String> props = SinkItSupport.withDeadLetterQueue(v1Props(topic, influx.url(), "conflicts"),
                "v1conflict-dlq");
        props.put("time.field", "ts");
        props.put("time.unit", "us");
        props.put("flush.interval.ms", "1000");
        SinkItSupport.start(connect, "v1conflict-sink", props);
        await().atMost(Duration.ofSeconds(60)).until(() -> influx.count("conflicts", topic, "v") == 1);
        produce(connect, topic, records.subList(1, 40), 0);

        ConsumerRecords<byte[], byte[]> dead = connect.kafka().consume(1, 60_000, "v1conflict-dlq");
        Map<String, String> reasons = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : dead) {
            Header reason = r.headers().lastHeader("__connect.errors.exception.message");
            reasons.put(new String(r.key()), new String(reason.value()));
        }
        assertThat(reasons).containsOnlyKeys("k17");
        assertThat(reasons.get("k17")).contains("store rejected the point").contains("HTTP 400")
                .contains("field type conflict");
        await().atMost(Duration.ofSeconds(30)).until(() -> committedTotal(connect, "v1conflict-sink") == 40);
        List<Double> values = influx.select("conflicts", "SELECT v FROM v1conflict").stream()
                .map(r -> ((Number) r.get("v")).doubleValue()).toList();
        List<Double> expected = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            if (i != 17) {
                expected.add(i + 0.5);
            }
        }
        assertThat(values).isEqualTo(expected);
        ObjectName metrics = SinkTaskMetrics.objectName("v1conflict-sink", 0);
        assertThat(jmx(metrics, "RecordsToDeadLetterQueue")).isEqualTo(1L);
        assertThat(jmx(metrics, "PointsWritten")).isEqualTo(39L);
        assertThat((Long) jmx(metrics, "RejectedRequests")).isPositive();
        connect.deleteConnector("v1conflict-sink");
    }

    private static List<String> errors(Map<String, String> props, String key) {
        ConfigInfos infos = connect.validateConnectorConfig(TimeSeriesSinkConnector.class.getSimpleName(), props);
        return infos.values().stream().filter(v -> v.configValue().name().equals(key)).findFirst()
                .orElseThrow().configValue().errors();
    }

    /**
     * influx.v1.database as a template: each record goes to its site's database (one request per database), a
     * record without the field goes to the dead letter queue naming the setting and the field.
     */
    @Test
    void recordsAreRoutedToTheirDatabaseAndUnroutableOnesDeadLettered() throws Exception {
        String topic = "v1routed";
        ConnectClusters.createTopic(connect, topic, 1);
        List<String[]> records = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            String site = i == 11 ? "" : ",\"site\":\"" + (i % 3 == 0 ? "north" : "south") + "\"";
            records.add(new String[]{"k" + i, "{\"v\":" + i + site + ",\"ts\":" + (BASE_US + i) + "}"});
        }
        produce(connect, topic, records, 0);
        Map<String, String> props = SinkItSupport.withDeadLetterQueue(v1Props(topic, influx.url(),
                "site_${field:site}"), "v1routed-dlq");
        props.put("influx.v1.create.database", "true");
        props.put("time.field", "ts");
        assertThat(errors(props, "influx.v1.database")).isEmpty();
        SinkItSupport.start(connect, "v1routed-sink", props);

        ConsumerRecords<byte[], byte[]> dead = connect.kafka().consume(1, 60_000, "v1routed-dlq");
        assertThat(dead).singleElement().satisfies(r -> {
            assertThat(new String(r.key())).isEqualTo("k11");
            assertThat(new String(r.headers().lastHeader("__connect.errors.exception.message").value()))
                    .contains("cannot route").contains("influx.v1.database 'site_${field:site}'")
                    .contains("field 'site'");
        });
        await().atMost(Duration.ofSeconds(60)).until(() -> committedTotal(connect, "v1routed-sink") == 30);
        await().atMost(Duration.ofSeconds(30)).until(() -> influx.databases().containsAll(
                List.of("site_north", "site_south")));
        List<Double> north = influx.select("site_north", "SELECT v FROM v1routed").stream()
                .map(r -> ((Number) r.get("v")).doubleValue()).toList();
        List<Double> south = influx.select("site_south", "SELECT v FROM v1routed").stream()
                .map(r -> ((Number) r.get("v")).doubleValue()).toList();
        List<Double> expectedNorth = new ArrayList<>();
        List<Double> expectedSouth = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            if (i != 11) {
                (i % 3 == 0 ? expectedNorth : expectedSouth).add((double) i);
            }
        }
        assertThat(north).isEqualTo(expectedNorth);
        assertThat(south).isEqualTo(expectedSouth);
        connect.deleteConnector("v1routed-sink");
    }

    /**
     * points.array: each reading of a record's array becomes a point with the element's time and the record's
     * device as a tag; a bad element is named in the dead letter reason while its record's other readings are
     * written; PointsWritten counts points, not records.
     */
    @Test
    void eachArrayElementBecomesAPoint() throws Exception {
        String topic = "v1arrays";
        influx.createDatabase("arrays");
        ConnectClusters.createTopic(connect, topic, 1);
        List<String[]> records = new ArrayList<>();
        for (int r = 0; r < 10; r++) {
            StringBuilder readings = new StringBuilder();
            for (int e = 0; e < 5; e++) {
                String v = r == 4 && e == 2 ? "\"x\"" : Integer.toString(r * 10 + e);
                readings.append(e == 0 ? "" : ",").append("{\"t\":").append(BASE_US + r * 10 + e)
                        .append(",\"v\":").append(v).append("}");
            }
            records.add(new String[]{"k" + r, "{\"device\":\"dev-" + (r % 2) + "\",\"readings\":[" + readings
                    + "]}"});
        }
        produce(connect, topic, records, 0);
        Map<String, String> props = SinkItSupport.withDeadLetterQueue(v1Props(topic, influx.url(), "arrays"),
                "v1arrays-dlq");
        props.put("points.array", "readings");
        props.put("tags", "device");
        props.put("time.field", "t");
        props.put("time.unit", "us");
        props.put("field.types", "v:float");
        SinkItSupport.start(connect, "v1arrays-sink", props);

        ConsumerRecords<byte[], byte[]> dead = connect.kafka().consume(1, 60_000, "v1arrays-dlq");
        assertThat(dead).singleElement().satisfies(r -> {
            assertThat(new String(r.key())).isEqualTo("k4");
            assertThat(new String(r.headers().lastHeader("__connect.errors.exception.message").value()))
                    .contains("1 of 5 array element(s) not written: element 2:");
        });
        await().atMost(Duration.ofSeconds(60)).until(() -> committedTotal(connect, "v1arrays-sink") == 10);
        await().atMost(Duration.ofSeconds(30)).until(() -> influx.count("arrays", topic, "v") == 49);
        Map<String, Double> actual = new TreeMap<>();
        for (Map<String, Object> row : influx.select("arrays", "SELECT v, device FROM v1arrays")) {
            actual.put(row.get("device") + "|" + row.get("time"), ((Number) row.get("v")).doubleValue());
        }
        Map<String, Double> expected = new TreeMap<>();
        for (int r = 0; r < 10; r++) {
            for (int e = 0; e < 5; e++) {
                if (!(r == 4 && e == 2)) {
                    expected.put("dev-" + (r % 2) + "|" + (BASE_US + r * 10 + e) * 1000, (double) (r * 10 + e));
                }
            }
        }
        assertThat(actual).isEqualTo(expected);
        ObjectName metrics = SinkTaskMetrics.objectName("v1arrays-sink", 0);
        assertThat(jmx(metrics, "PointsWritten")).isEqualTo(49L);
        connect.deleteConnector("v1arrays-sink");
    }
}
