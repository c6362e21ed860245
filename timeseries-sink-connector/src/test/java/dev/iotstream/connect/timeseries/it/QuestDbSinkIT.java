package dev.iotstream.connect.timeseries.it;

import dev.iotstream.connect.testing.ConnectClusters;
import dev.iotstream.connect.testing.EmbeddedQuestDb;
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
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
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
        ConnectClusters.createTopic(connect, topic, 2);
        List<String[]> records = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            records.add(new String[]{"dev-" + (i % 10), "{\"device\":\"dev-" + (i % 10) + "\",\"site\":\"plant a\","
                    + "\"temp\":" + (20 + i % 7) + ",\"hum\":" + (40.5 + i % 3) + ",\"ts\":" + (BASE_MS + i) + "}"});
        }
        produce(connect, topic, records, BASE_MS - 1);
        Map<String, String> props = connectorProps(topic, questDb.url());
        props.remove("influx.org");
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

    @Test
    void storeOutageLosesNothingDuplicatesNothingAndNeverCommitsUnwrittenOffsets() throws Exception {
        String topic = "outage";
        ConnectClusters.createTopic(connect, topic, 2);
        questDb.query("CREATE TABLE outage (device SYMBOL, seq DOUBLE, temp DOUBLE, timestamp TIMESTAMP) "
                + "TIMESTAMP(timestamp) PARTITION BY DAY WAL DEDUP UPSERT KEYS(timestamp, device)");
        produce(connect, topic, readings(0, 2000), BASE_MS);
        Map<String, String> props = connectorProps(topic, questDb.url());
        props.put("tags", "device");
        props.put("time.field", "ts");
        props.put("batch.size", "100");
        props.put("retry.backoff.initial.ms", "100");
        props.put("retry.backoff.max.ms", "1000");
        SinkItSupport.start(connect, "outage-sink", props);
        await().atMost(Duration.ofSeconds(60)).until(() -> questDb.count(topic) >= 2000);

        questDb.stop();
        produce(connect, topic, readings(2000, 4000), BASE_MS);
        ObjectName metrics = SinkTaskMetrics.objectName("outage-sink", 0);
        await().atMost(Duration.ofSeconds(30)).until(() -> (Long) jmx(metrics, "WriteRetries") >= 3);
        for (int i = 0; i < 5; i++) {
            long committed = committedTotal(connect, "outage-sink");
            long written = (Long) jmx(metrics, "PointsWritten");
            assertThat(committed).as("committed offsets never pass written points").isLessThanOrEqualTo(written);
            assertThat(committed).isLessThan(4000);
            Thread.sleep(700);
        }
        assertThat(connect.connectorStatus("outage-sink").tasks().get(0).state()).isEqualTo("RUNNING");

        questDb.restart();
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> assertThat(questDb.count(topic))
                .as("rows; points written " + jmx(metrics, "PointsWritten")).isGreaterThanOrEqualTo(4000));
        await().atMost(Duration.ofSeconds(30)).until(() -> committedTotal(connect, "outage-sink") == 4000);
        assertThat(questDb.count(topic)).isEqualTo(4000);
        List<Map<String, Object>> distinct = questDb.query("select count() n from (select distinct seq from outage)");
        assertThat(((Number) distinct.get(0).get("n")).longValue()).as("every record exactly once").isEqualTo(4000);
        List<Map<String, Object>> range = questDb.query("select min(seq) lo, max(seq) hi from outage");
        assertThat(((Number) range.get(0).get("lo")).longValue()).isZero();
        assertThat(((Number) range.get(0).get("hi")).longValue()).isEqualTo(3999);
        connect.deleteConnector("outage-sink");
    }

    @Test
    void badRecordsGoToTheDeadLetterQueueWithReasonsAndGoodOnesAreWritten() throws Exception {
        String topic = "mixed";
        ConnectClusters.createTopic(connect, topic, 1);
        List<String[]> records = new ArrayList<>();
        records.add(new String[]{"k0", "{\"device\":\"d1\",\"temp\":20.5,\"count\":1,\"ts\":" + BASE_MS + "}"});
        records.add(new String[]{"k1", "{\"device\":\"d1\",\"ts\":" + (BASE_MS + 1) + "}"});
        records.add(new String[]{"k2", "{\"device\":\"d1\",\"temp\":1.5,\"count\":\"many\",\"ts\":" + (BASE_MS + 2) + "}"});
        records.add(new String[]{"k3", "{\"device\":\"d1\",\"temp\":1.5,\"ts\":\"yesterday\"}"});
        records.add(new String[]{"k4", "{\"device\":\"d1\",\"temp\":\"hot\",\"ts\":" + (BASE_MS + 4) + "}"});
        for (int i = 5; i < 10; i++) {
            records.add(new String[]{"k" + i, "{\"device\":\"d1\",\"temp\":" + (20 + i) + ",\"count\":" + i
                    + ",\"ts\":" + (BASE_MS + i) + "}"});
        }
        // The first good record alone fixes the column types; the type conflict comes in a later batch.
        produce(connect, topic, records.subList(0, 1), BASE_MS);
        Map<String, String> props = SinkItSupport.withDeadLetterQueue(connectorProps(topic, questDb.url()), "mixed-dlq");
        props.put("tags", "device");
        props.put("time.field", "ts");
        props.put("field.types", "count:integer");
        SinkItSupport.start(connect, "mixed-sink", props);
        await().atMost(Duration.ofSeconds(60)).until(() -> questDb.count(topic) == 1);
        produce(connect, topic, records.subList(1, 10), BASE_MS);

        ConsumerRecords<byte[], byte[]> dead = connect.kafka().consume(4, 60_000, "mixed-dlq");
        Map<String, String> reasons = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : dead) {
            Header reason = r.headers().lastHeader("__connect.errors.exception.message");
            assertThat(reason).as("reason header").isNotNull();
            reasons.put(new String(r.key()), new String(reason.value()));
        }
        assertThat(reasons).containsOnlyKeys("k1", "k2", "k3", "k4");
        assertThat(reasons.get("k1")).contains("no field");
        assertThat(reasons.get("k2")).contains("'count'").contains("integer");
        assertThat(reasons.get("k3")).contains("ISO-8601");
        assertThat(reasons.get("k4")).contains("store rejected the point").contains("HTTP 400");

        await().atMost(Duration.ofSeconds(30)).until(() -> questDb.count(topic) == 6);
        List<Map<String, Object>> rows = questDb.query("select temp, count from mixed order by timestamp");
        assertThat(rows).extracting(r -> ((Number) r.get("count")).longValue()).containsExactly(1L, 5L, 6L, 7L, 8L, 9L);
        await().atMost(Duration.ofSeconds(30)).until(() -> committedTotal(connect, "mixed-sink") == 10);
        ObjectName metrics = SinkTaskMetrics.objectName("mixed-sink", 0);
        assertThat(jmx(metrics, "RecordsToDeadLetterQueue")).isEqualTo(4L);
        assertThat(jmx(metrics, "PointsWritten")).isEqualTo(6L);
        // At least the first record's batch and one after the split that isolated k4; at most one per point.
        assertThat((Long) jmx(metrics, "BatchesWritten")).isBetween(2L, 6L);
        assertThat((Long) jmx(metrics, "RejectedRequests")).isPositive();
        assertThat((Double) jmx(metrics, "WriteLatencyMaxMs")).isPositive();
        assertThat((Double) jmx(metrics, "WriteLatencyAvgMs")).isPositive()
                .isLessThanOrEqualTo((Double) jmx(metrics, "WriteLatencyMaxMs"));
        // The newest written record's Kafka timestamp was taken at produce time (BASE_MS is only the field time).
        assertThat((Long) jmx(metrics, "RecordLagMs")).isBetween(0L, Duration.ofMinutes(5).toMillis());
        assertThat(jmx(metrics, "BufferedRecords")).isEqualTo(0);
        assertThat(connect.connectorStatus("mixed-sink").tasks().get(0).state()).isEqualTo("RUNNING");
        connect.deleteConnector("mixed-sink");
    }

    /**
     * The recommended fast path: ByteArrayConverter hands the sink the raw JSON bytes, which it streams straight
     * into line protocol. Nested objects, arrays, nulls and every value type are written as with JsonConverter;
     * bad JSON, a JSON null, a top-level array and invalid UTF-8 go to the dead letter queue with a reason;
     * offsets are committed for all of them.
     */
    @Test
    void byteArrayConverterStreamsJsonBytesAndSendsBadOnesToTheDeadLetterQueue() throws Exception {
        String topic = "rawjson";
        ConnectClusters.createTopic(connect, topic, 1);
        List<byte[][]> records = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            records.add(new byte[][]{SinkItSupport.bytes("good" + i), SinkItSupport.bytes("{\"meta\":{\"device\":\"d"
                    + (i % 2) + "\",\"fw\":{\"v\":3}},\"temp\":" + (20 + i * 0.5) + ",\"count\":" + i
                    + ",\"ok\":" + (i % 3 == 0) + ",\"note\":\"n\\\"" + i + "\",\"gone\":null,\"list\":[1,{\"x\":2}],"
                    + "\"ts\":" + (BASE_MS + i) + "}")});
        }
        records.add(new byte[][]{SinkItSupport.bytes("bad-json"), SinkItSupport.bytes("{\"temp\":1.5,\"ts\":")});
        records.add(new byte[][]{SinkItSupport.bytes("json-null"), SinkItSupport.bytes("null")});
        records.add(new byte[][]{SinkItSupport.bytes("array"), SinkItSupport.bytes("[{\"temp\":1}]")});
        records.add(new byte[][]{SinkItSupport.bytes("bad-utf8"), new byte[]{'{', '"', 'n', '"', ':', '"', (byte) 0xC3,
                (byte) 0x28, '"', ',', '"', 't', 's', '"', ':', '1', '}'}});
        records.add(new byte[][]{SinkItSupport.bytes("last"), SinkItSupport.bytes("{\"meta\":{\"device\":\"d9\"},"
                + "\"temp\":99.5,\"ts\":" + (BASE_MS + 100) + "}")});
        long now = System.currentTimeMillis();
        try (var producer = connect.kafka().createProducer(Map.of())) {
            for (byte[][] kv : records) {
                producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(topic, null, now, kv[0], kv[1]));
            }
            producer.flush();
        }
        Map<String, String> props = SinkItSupport.withDeadLetterQueue(connectorProps(topic, questDb.url()), "raw-dlq");
        props.put("value.converter", "org.apache.kafka.connect.converters.ByteArrayConverter");
        props.remove("value.converter.schemas.enable");
        props.put("tags", "meta.device");
        props.put("flatten.separator", "_");
        props.put("time.field", "ts");
        props.put("field.types", "count:integer");
        SinkItSupport.start(connect, "raw-sink", props);

        ConsumerRecords<byte[], byte[]> dead = connect.kafka().consume(4, 60_000, "raw-dlq");
        Map<String, String> reasons = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : dead) {
            Header reason = r.headers().lastHeader("__connect.errors.exception.message");
            assertThat(reason).as("reason header").isNotNull();
            reasons.put(new String(r.key()), new String(reason.value()));
        }
        assertThat(reasons).containsOnlyKeys("bad-json", "json-null", "array", "bad-utf8");
        assertThat(reasons.get("bad-json")).contains("not valid JSON");
        assertThat(reasons.get("json-null")).contains("JSON value is null");
        assertThat(reasons.get("array")).contains("is an array");
        assertThat(reasons.get("bad-utf8")).contains("not valid JSON").containsIgnoringCase("utf-8");

        await().atMost(Duration.ofSeconds(60)).until(() -> questDb.count(topic) == 21);
        List<Map<String, Object>> rows = questDb.query("select meta_device, meta_fw_v, temp, count, ok, note, timestamp "
                + "from rawjson order by timestamp");
        assertThat(rows).hasSize(21);
        for (int i = 0; i < 20; i++) {
            Map<String, Object> row = rows.get(i);
            assertThat(row).containsEntry("meta_device", "d" + (i % 2)).containsEntry("ok", i % 3 == 0)
                    .containsEntry("note", "n\"" + i);
            assertThat(((Number) row.get("meta_fw_v")).doubleValue()).isEqualTo(3.0);
            assertThat(((Number) row.get("temp")).doubleValue()).isEqualTo(20 + i * 0.5);
            assertThat(((Number) row.get("count")).longValue()).isEqualTo(i);
            assertThat(Instant.parse((String) row.get("timestamp"))).isEqualTo(Instant.ofEpochMilli(BASE_MS + i));
        }
        assertThat(rows.get(20)).containsEntry("meta_device", "d9");
        assertThat(questDb.query("select * from rawjson limit 1").get(0)).doesNotContainKeys("gone", "list", "ts");
        await().atMost(Duration.ofSeconds(30)).until(() -> committedTotal(connect, "raw-sink") == records.size());
        ObjectName metrics = SinkTaskMetrics.objectName("raw-sink", 0);
        assertThat(jmx(metrics, "RecordsToDeadLetterQueue")).isEqualTo(4L);
        assertThat(jmx(metrics, "PointsWritten")).isEqualTo(21L);
        connect.deleteConnector("raw-sink");
    }

    @Test
    void wrongUrlPathFailsFastWithAMessageNamingTheSetting() throws Exception {
        String topic = "wrongpath";
        ConnectClusters.createTopic(connect, topic, 1);
        produce(connect, topic, readings(0, 5), BASE_MS);
        Map<String, String> props = connectorProps(topic, questDb.url() + "/no/such/prefix");
        props.put("tags", "device");
        props.put("validate.connection", "false");
        connect.configureConnector("wrongpath-sink", props);
        await().atMost(Duration.ofSeconds(60)).until(() -> taskState(connect, "wrongpath-sink").equals("FAILED"));
        String trace = connect.connectorStatus("wrongpath-sink").tasks().get(0).trace();
        assertThat(trace).contains("influx.url").contains("not retried");
        assertThat(committedTotal(connect, "wrongpath-sink")).isZero();
        connect.deleteConnector("wrongpath-sink");

        props.put("validate.connection", "true");
        ConfigInfos infos = connect.validateConnectorConfig(TimeSeriesSinkConnector.class.getSimpleName(), props);
        assertThat(infos.values()).filteredOn(v -> v.configValue().name().equals("influx.url"))
                .singleElement().satisfies(v -> assertThat(v.configValue().errors()).anyMatch(m -> m.contains("405") && m.contains("influx.url")));
    }

    @Test
    void escapedTagAndStringValuesRoundTrip() {
        String topic = "qescape";
        ConnectClusters.createTopic(connect, topic, 1);
        String tag = "a b,c=d\"e\\f";
        String note = "say \"hi\", x=1 \\ done";
        String multiLineTag = "row 1,\n\"row\"=2";
        produce(connect, topic, List.<String[]>of(new String[]{"k", "{\"tag\":" + json(tag) + ",\"note\":" + json(note)
                + ",\"multi\":\"line1\\nline2\",\"where\":" + json(multiLineTag) + ",\"v\":1.5,\"ts\":" + BASE_MS
                + "}"}), BASE_MS);
        Map<String, String> props = connectorProps(topic, questDb.url());
        props.put("measurement", "q escape");
        props.put("tags", "tag,where");
        props.put("time.field", "ts");
        SinkItSupport.start(connect, "qescape-sink", props);
        await().atMost(Duration.ofSeconds(60)).until(() -> questDb.count("q escape") == 1);
        Map<String, Object> row = questDb.query("select * from 'q escape'").get(0);
        assertThat(row).containsEntry("tag", tag).containsEntry("note", note).containsEntry("v", 1.5);
        // Newlines in string values travel escaped with a backslash and arrive as real newlines.
        assertThat(row.get("multi")).isEqualTo("line1\nline2");
        // Comma, space, equals and quote in tag values round-trip. A newline cannot: line protocol has no escape for
        // it in tags; the sink writes the two characters \n and QuestDB reads "\n" as an escaped 'n', so the newline
        // becomes the letter n (VictoriaMetrics keeps backslash-n literally, see VictoriaMetricsSinkIT).
        assertThat(row.get("where")).isEqualTo("row 1,n\"row\"=2");
        connect.deleteConnector("qescape-sink");
    }

    private static String json(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }

    static String taskState(EmbeddedConnectCluster connect, String name) {
        try {
            var tasks = connect.connectorStatus(name).tasks();
            return tasks.isEmpty() ? "" : tasks.get(0).state();
        } catch (RuntimeException e) {
            return "";
        }
    }

    static Object jmx(ObjectName name, String attribute) throws Exception {
        return ManagementFactory.getPlatformMBeanServer().getAttribute(name, attribute);
    }

    static List<String[]> readings(int from, int to) {
        List<String[]> records = new ArrayList<>();
        for (int i = from; i < to; i++) {
            records.add(new String[]{"dev-" + (i % 10), "{\"device\":\"dev-" + (i % 10) + "\",\"seq\":" + i
                    + ",\"temp\":" + (20 + i % 7) + ",\"ts\":" + (BASE_MS + i) + "}"});
        }
        return records;
    }
}
