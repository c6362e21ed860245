package dev.iotstream.connect.examples;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.iotstream.connect.mqtt.mapping.DeadLetterHeaders;
import dev.iotstream.connect.mqtt.sparkplug.proto.SparkplugB.DataType;
import dev.iotstream.connect.mqtt.sparkplug.proto.SparkplugB.Payload;
import dev.iotstream.connect.testing.Cleanup;
import dev.iotstream.connect.testing.EmbeddedHiveMqBroker;
import dev.iotstream.connect.testing.EmbeddedQuestDb;
import dev.iotstream.connect.testing.InfluxDb1Server;
import dev.iotstream.connect.testing.MosquittoBroker;
import dev.iotstream.connect.testing.ServerRuntime;
import dev.iotstream.connect.testing.TempDirs;
import dev.iotstream.connect.testing.TestCertificates;
import dev.iotstream.connect.testing.VictoriaMetricsServer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.connect.util.clusters.EmbeddedKafkaCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import static dev.iotstream.connect.examples.Placeholders.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/**
 * Proves the sink-side examples (and the source+sink pairs) on real parts: every example validates with zero
 * errors through the REST API, and each pipeline puts its data where the example says. Stores that cannot run
 * here are swapped for one that speaks the same InfluxDB v2 write API, changing only the endpoint: InfluxDB 2.x
 * and InfluxDB Cloud -> QuestDB, InfluxDB 1.8 -> VictoriaMetrics (see config-examples/README.md). The InfluxDB 1.x
 * example runs against a real InfluxDB 1.x ({@code influxd}) with auth on.
 */
class PipelineExamplesIT {
    private static final long BASE_MS = 1_764_000_000_000L; // 2025-11-24T16:00:00Z
    /** How often a store is queried while waiting for rows (one local HTTP query); each wait costs at least one. */
    private static final Duration STORE_POLL = Duration.ofMillis(200);
    private static final DateTimeFormatter QUESTDB_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DEVICE_USER = "device";
    private static final String DEVICE_PASSWORD = "device-secret";
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private static Path secrets;
    private static TestCertificates certs;
    private static EmbeddedHiveMqBroker broker;
    /** Mosquitto with password authentication, so a wrong or unresolved mqtt.password would be rejected. */
    private static MosquittoBroker authBroker;
    private static EmbeddedQuestDb questDb;
    private static VictoriaMetricsServer victoriaMetrics;
    /** influxd with auth on: the example's user, and the password it reads from the secrets file. */
    private static InfluxDb1Server influxDb1;
    private static ExampleCluster cluster;
    private static Placeholders placeholders;

    @BeforeAll
    static void start() {
        secrets = TempDirs.create("example-secrets");
        certs = TestCertificates.generate();
        broker = EmbeddedHiveMqBroker.start();
        questDb = EmbeddedQuestDb.start();
        if (ServerRuntime.VICTORIA_METRICS.available()) {
            victoriaMetrics = VictoriaMetricsServer.start();
        }
        if (ServerRuntime.INFLUXD.available()) {
            influxDb1 = InfluxDb1Server.startWithAuth("kafka-connect", Placeholders.SECRETS.get("influx.v1.password"));
            influxDb1.createDatabase("telemetry");
        }
        cluster = ExampleCluster.start("pipeline-examples");
        if (ServerRuntime.MOSQUITTO.available()) {
            authBroker = MosquittoBroker.builder()
                    .user("kafka-connect", Placeholders.SECRETS.get("mqtt.password"))
                    .user(DEVICE_USER, DEVICE_PASSWORD).start();
        }
        placeholders = placeholders(broker.uri());
    }

    /** Every placeholder mapped to this class's servers and files, the plain MQTT endpoint to {@code mqttUri}. */
    private static Placeholders placeholders(String mqttUri) {
        String vm = victoriaMetrics != null ? victoriaMetrics.url() : questDb.url();
        return new Placeholders().withSecretsIn(secrets)
                .with(MQTT, mqttUri)
                .with(MQTT_TLS, "ssl://127.0.0.1:" + broker.port()) // validation only; SourceExamplesIT connects
                .with(CA_PEM, certs.caPem().toString())
                .with(CLIENT_PEM, certs.clientCertPem().toString())
                .with(CLIENT_KEY, certs.clientKeyPem().toString())
                .with(TRUSTSTORE, certs.truststore("PKCS12").toString())
                .with(KEYSTORE, certs.clientKeystore("PKCS12").toString())
                .with(INFLUXDB, questDb.url())
                .with(INFLUXDB_CLOUD, questDb.url())
                .with(QUESTDB, questDb.url())
                .with(INFLUXDB_V1, vm)
                // VictoriaMetrics also serves /write, so the example still validates where influxd is missing
                .with(INFLUXDB_1X, influxDb1 != null ? influxDb1.url() : vm)
                .with(VICTORIA_METRICS, vm);
    }

    @AfterAll
    static void stop() {
        Cleanup.closeAll(cluster, victoriaMetrics, influxDb1, authBroker, questDb, broker, certs,
                () -> TempDirs.deleteRecursively(secrets));
    }

    @Test
    void everyExampleValidatesWithZeroErrorsThroughTheRestApi() {
        Map<String, List<String>> failures = new TreeMap<>();
        List<Example> all = ExampleFiles.all();
        for (Example example : all) {
            List<String> errors = cluster.validationErrors(example.name(), placeholders.apply(example));
            if (!errors.isEmpty()) {
                failures.put(example.id(), errors);
            }
        }
        assertThat(failures).as("validation errors of %d examples", all.size()).isEmpty();
        // the check can fail: the same endpoint rejects a broken copy of an example
        Map<String, String> broken = placeholders.apply(ExampleFiles.load("targets/questdb-sink.json"));
        broken.put("influx.url", questDb.url() + "/api/v2/write");
        assertThat(cluster.validationErrors("broken-questdb-sink", broken)).anyMatch(e -> e.startsWith("influx.url: "));
    }

    @Test
    void jsonTelemetryGoesFromTheBrokerThroughKafkaIntoTheStore() throws Exception {
        Example source = ExampleFiles.load("json-telemetry-influxdb/mqtt-json-source.json");
        Example sink = ExampleFiles.load("json-telemetry-influxdb/influxdb-sink.json");
        String site = "plant-a";
        int n = 50;
        // Mosquitto checks the password the source reads from the secrets file (HiveMQ CE accepts any)
        String mqtt = authBroker != null ? authBroker.uri() : broker.uri();
        cluster.run(source, placeholders(mqtt).apply(source));
        cluster.run(sink, placeholders.apply(sink)); // InfluxDB 2.x endpoint swapped for QuestDB
        try {
            try (MqttPublisher device = authBroker != null
                    ? MqttPublisher.connect(mqtt, DEVICE_USER, DEVICE_PASSWORD) : MqttPublisher.connect(mqtt)) {
                for (int i = 0; i < n; i++) {
                    device.publish("sensors/" + site + "/" + device(i) + "/telemetry", String.format(Locale.ROOT,
                            "{\"temperature\":%s,\"humidity\":%d,\"ts\":%d}", temperature(i), humidity(i), time(i)));
                }
            }
            ConsumerRecords<byte[], byte[]> records = kafka().consume(n, 90_000, "telemetry");
            int fromThisTest = 0;
            for (ConsumerRecord<byte[], byte[]> record : records) {
                Map<String, Object> value = JSON.readValue(record.value(), MAP);
                if (site.equals(value.get("site"))) {
                    fromThisTest++;
                    assertThat(ExampleCluster.text(record.key())).isEqualTo(value.get("device"));
                    assertThat(value.keySet()).contains("temperature", "humidity", "ts", "site", "device");
                }
            }
            assertThat(fromThisTest).isEqualTo(n);
            assertQuestDbRows(site, n);
        } finally {
            cluster.remove(sink);
            cluster.remove(source);
        }
    }

    @Test
    void influxDbCloudExampleWritesEveryPoint_onQuestDbWithOnlyTheEndpointSwapped() throws Exception {
        Example sink = ExampleFiles.load("targets/influxdb-cloud-sink.json");
        runSinkOnTelemetry(sink, "cloud", 40, () -> assertQuestDbRows("cloud", 40));
    }

    @Test
    void questDbExampleWritesEveryPoint() throws Exception {
        Example sink = ExampleFiles.load("targets/questdb-sink.json");
        runSinkOnTelemetry(sink, "questdb", 40, () -> assertQuestDbRows("questdb", 40));
    }

    @Test
    void victoriaMetricsExampleWritesEverySample() throws Exception {
        ServerRuntime.VICTORIA_METRICS.require();
        Example sink = ExampleFiles.load("targets/victoriametrics-sink.json");
        runSinkOnTelemetry(sink, "victoriametrics", 40, () -> assertVictoriaMetricsSamples("victoriametrics", 40));
    }

    @Test
    void influxDb18ExampleWritesEverySample_onVictoriaMetricsWithOnlyTheEndpointSwapped() throws Exception {
        ServerRuntime.VICTORIA_METRICS.require();
        Example sink = ExampleFiles.load("targets/influxdb-1.8-sink.json");
        runSinkOnTelemetry(sink, "influxdb-v1", 40, () -> assertVictoriaMetricsSamples("influxdb-v1", 40));
    }

    @Test
    void influxDb1xExampleWritesEveryPointToARealInfluxDb1() throws Exception {
        ServerRuntime.INFLUXD.require();
        Example sink = ExampleFiles.load("targets/influxdb-1.x-sink.json");
        runSinkOnTelemetry(sink, "influxdb-1x", 40, () -> {
            String where = " FROM autogen.telemetry WHERE site = 'influxdb-1x'";
            await().atMost(Duration.ofSeconds(90)).pollInterval(STORE_POLL).until(() ->
                    influxDb1.select("telemetry", "SELECT count(temperature)" + where).stream()
                            .anyMatch(r -> ((Number) r.get("count")).intValue() == 40));
            List<Map<String, Object>> rows = influxDb1.select("telemetry",
                    "SELECT device, temperature, humidity" + where);
            for (int i = 0; i < 40; i++) {
                assertThat(rows.get(i)).as("row %d", i)
                        .containsEntry("time", time(i) * 1_000_000)
                        .containsEntry("device", device(i));
                assertThat(((Number) rows.get(i).get("temperature")).doubleValue()).isEqualTo(temperature(i));
                assertThat(((Number) rows.get(i).get("humidity")).doubleValue()).isEqualTo(humidity(i));
            }
        });
    }

    @Test
    void senmlPacksBecomeVictoriaMetricsSeriesAndUnfitEntriesGoToDeadLetterTopics() throws Exception {
        ServerRuntime.VICTORIA_METRICS.require();
        Example source = ExampleFiles.load("senml/mqtt-senml-source.json");
        Example sink = ExampleFiles.load("senml/senml-victoriametrics-sink.json");
        kafka().createTopic("senml-dlq", 1); // the example asks for replication 3; this cluster has one broker
        cluster.run(source, placeholders.apply(source));
        cluster.run(sink, placeholders.apply(sink));
        String bn = "urn:dev:mac:0024befffe804ff1:";
        try {
            try (MqttPublisher device = MqttPublisher.connect(broker.uri())) {
                device.publish("senml/building-1/room-12", "[{\"bn\":\"" + bn + "\",\"bt\":1764000000,\"bu\":\"Cel\","
                        + "\"n\":\"temp\",\"v\":21.5},{\"n\":\"temp\",\"t\":60,\"v\":21.75},"
                        + "{\"n\":\"humidity\",\"u\":\"%RH\",\"v\":40},{\"n\":\"status\",\"vs\":\"ok\"}]");
                device.publish("senml/building-1/room-13", "{\"not\":\"a pack\"}");
            }
            assertThat(kafka().consume(4, 90_000, "senml").count()).isEqualTo(4);
            ConsumerRecord<byte[], byte[]> undecodable = kafka().consume(1, 90_000, "senml-undecodable").iterator().next();
            // raw bytes with the reason in headers; the example's JsonConverter writes bytes as a base64 JSON string
            assertThat(ExampleCluster.text(undecodable.value())).isEqualTo("\"" + Base64.getEncoder().encodeToString(
                    "{\"not\":\"a pack\"}".getBytes(StandardCharsets.UTF_8)) + "\"");
            assertThat(ExampleCluster.header(undecodable, DeadLetterHeaders.REASON)).isNotBlank();
            ConsumerRecord<byte[], byte[]> dead = kafka().consume(1, 90_000, "senml-dlq").iterator().next();
            assertThat(ExampleCluster.text(dead.value())).contains("\"vs\":\"ok\"");
            assertThat(ExampleCluster.header(dead, "__connect.errors.exception.message"))
                    .as("reason of %s", ExampleCluster.headers(dead)).isNotBlank();

            await().atMost(Duration.ofSeconds(90)).pollInterval(STORE_POLL).untilAsserted(() -> {
                Map<String, Map<Long, Double>> byName = new TreeMap<>();
                for (VictoriaMetricsServer.Series s : victoriaMetrics.export("{__name__=\"senml_v\"}")) {
                    byName.put(s.labels().get("n") + " " + s.labels().get("u"), s.samples());
                }
                assertThat(byName).containsOnlyKeys(bn + "temp Cel", bn + "humidity %RH");
                assertThat(byName.get(bn + "temp Cel")).containsExactly(
                        Map.entry(1_764_000_000_000L, 21.5), Map.entry(1_764_000_060_000L, 21.75));
                assertThat(byName.get(bn + "humidity %RH")).containsExactly(Map.entry(1_764_000_000_000L, 40.0));
            });
        } finally {
            cluster.remove(sink);
            cluster.remove(source);
        }
    }

    @Test
    void badRecordsGoToTheDeadLetterQueueWithReasonsAndTheGoodOnesAreWritten() throws Exception {
        Example sink = ExampleFiles.load("dead-letter-queue/questdb-sink-with-dlq.json");
        kafka().createTopic("meter-readings", 1);
        kafka().createTopic("meter-readings-dlq", 1); // the example asks for replication 3; this cluster has one broker
        List<String> bad = List.of(
                "{\"meter\":\"m-1\",\"kwh\":", // not JSON: the converter fails
                "{\"meter\":\"m-2\",\"ts\":" + BASE_MS + "}", // neither kwh nor voltage: no field
                "{\"meter\":\"m-3\",\"kwh\":1.5,\"voltage\":230.1,\"ts\":\"yesterday\"}"); // unreadable time
        int good = 12;
        for (int i = 0; i < good; i++) {
            kafka().produce("meter-readings", "m-1", String.format(Locale.ROOT,
                    "{\"meter\":\"m-1\",\"kwh\":%s,\"voltage\":230.5,\"ts\":%d}", 100 + i * 0.25, time(i)));
            if (i % 4 == 1) {
                kafka().produce("meter-readings", "m-x", bad.get(i / 4));
            }
        }
        cluster.run(sink, placeholders.apply(sink));
        try {
            await().atMost(Duration.ofSeconds(90)).pollInterval(STORE_POLL)
                    .untilAsserted(() -> assertThat(questDb.count("meter_readings")).isEqualTo(good));
            List<Map<String, Object>> rows = questDb.query("select meter, kwh, voltage, timestamp from meter_readings "
                    + "order by timestamp");
            for (int i = 0; i < good; i++) {
                assertThat(rows.get(i)).containsEntry("meter", "m-1").containsEntry("kwh", 100 + i * 0.25)
                        .containsEntry("voltage", 230.5)
                        .containsEntry("timestamp", QUESTDB_TIME.format(Instant.ofEpochMilli(time(i))));
            }
            kafka().consume(bad.size(), 90_000, "meter-readings-dlq");
            List<String> values = new ArrayList<>();
            for (ConsumerRecord<byte[], byte[]> dead : kafka().consumeAll(30_000, "meter-readings-dlq")) {
                values.add(ExampleCluster.text(dead.value()));
                assertThat(ExampleCluster.header(dead, "__connect.errors.exception.message"))
                        .as("reason of %s", ExampleCluster.headers(dead)).isNotBlank();
                assertThat(ExampleCluster.header(dead, "__connect.errors.topic")).isEqualTo("meter-readings");
            }
            assertThat(values).containsExactlyInAnyOrderElementsOf(bad);
        } finally {
            cluster.remove(sink);
        }
    }

    /**
     * An edge node publishes Sparkplug B (payloads built with the protobuf classes generated from the
     * specification's .proto): NBIRTH with names and aliases, then NDATA by alias only. Every metric becomes a point
     * in the table of its datatype, with its name resolved and its type kept: DOUBLE, LONG (Int32) and BOOLEAN
     * columns. Status records (BIRTH/DEATH) stay in Kafka; the sink example filters them out.
     */
    @Test
    void sparkplugMetricsBecomeTypedQuestDbPointsWithTheirNames() throws Exception {
        Example source = ExampleFiles.load("sparkplug/mqtt-sparkplug-source.json");
        Example sink = ExampleFiles.load("sparkplug/sparkplug-questdb-sink.json");
        kafka().createTopic("sparkplug-sink-dlq", 1); // the example asks for replication 3; this cluster has one broker
        cluster.run(source, placeholders.apply(source));
        cluster.run(sink, placeholders.apply(sink));
        int n = 10;
        try {
            try (MqttPublisher edge = MqttPublisher.connect(broker.uri())) {
                edge.publish("spBv1.0/plant1/NBIRTH/gw7", sparkplug(0, BASE_MS,
                        named("bdSeq", -1, DataType.Int64).setLongValue(0),
                        named("Temperature", 1, DataType.Double).setDoubleValue(20.0),
                        named("Count", 2, DataType.Int32).setIntValue(0),
                        named("Running", 3, DataType.Boolean).setBooleanValue(false)));
                for (int i = 1; i <= n; i++) {
                    edge.publish("spBv1.0/plant1/NDATA/gw7", sparkplug(i, time(i),
                            Payload.Metric.newBuilder().setAlias(1).setDoubleValue(temperature(i)),
                            Payload.Metric.newBuilder().setAlias(2).setIntValue(i),
                            Payload.Metric.newBuilder().setAlias(3).setBooleanValue(i % 2 == 0)));
                }
            }
            await().atMost(Duration.ofSeconds(90)).pollInterval(STORE_POLL).untilAsserted(() -> {
                assertThat(questDb.count("sparkplug_Double")).isEqualTo(n + 1);
                assertThat(questDb.count("sparkplug_Int32")).isEqualTo(n + 1);
                assertThat(questDb.count("sparkplug_Boolean")).isEqualTo(n + 1);
            });
            assertThat(columnType("sparkplug_Double", "value")).isEqualTo("DOUBLE");
            assertThat(columnType("sparkplug_Int32", "value")).isEqualTo("LONG");
            assertThat(columnType("sparkplug_Boolean", "value")).isEqualTo("BOOLEAN");
            List<Map<String, Object>> temps = questDb.query("select edge_node, metric, value, timestamp"
                    + " from sparkplug_Double where timestamp > '" + QUESTDB_TIME.format(Instant.ofEpochMilli(BASE_MS))
                    + "' order by timestamp");
            assertThat(temps).hasSize(n);
            for (int i = 1; i <= n; i++) {
                assertThat(temps.get(i - 1)).containsEntry("edge_node", "gw7").containsEntry("metric", "Temperature")
                        .containsEntry("value", temperature(i))
                        .containsEntry("timestamp", QUESTDB_TIME.format(Instant.ofEpochMilli(time(i))));
            }
            assertThat(questDb.query(
                    "select metric, value from sparkplug_Boolean where value = true order by timestamp"))
                    .hasSize(n / 2).allSatisfy(r -> assertThat(r).containsEntry("metric", "Running"));
            assertThat(questDb.query("select max(value) m from sparkplug_Int32 where metric = 'Count'"))
                    .containsExactly(Map.of("m", n));
        } finally {
            cluster.remove(sink);
            cluster.remove(source);
        }
    }

    /** Gateways send one JSON message with many readings: one point per reading, the batch's fields as tags. */
    @Test
    void batchedJsonReadingsBecomeOnePointEach() throws Exception {
        Example source = ExampleFiles.load("batched-json/mqtt-batched-json-source.json");
        Example sink = ExampleFiles.load("batched-json/batched-json-questdb-sink.json");
        cluster.run(source, placeholders.apply(source));
        cluster.run(sink, placeholders.apply(sink));
        int batches = 5;
        int perBatch = 4;
        try {
            try (MqttPublisher gateway = MqttPublisher.connect(broker.uri())) {
                for (int b = 0; b < batches; b++) {
                    StringBuilder readings = new StringBuilder();
                    for (int r = 0; r < perBatch; r++) {
                        int i = b * perBatch + r;
                        readings.append(r == 0 ? "" : ",").append(String.format(Locale.ROOT,
                                "{\"sensor\":\"s%d\",\"value\":%s,\"ts\":%d}", r, temperature(i), time(i)));
                    }
                    gateway.publish("gateways/gw-1/batch", "{\"gateway\":\"gw-1\",\"site\":\"hall-3\",\"ts\":"
                            + time(b * perBatch) + ",\"readings\":[" + readings + "]}");
                }
            }
            int n = batches * perBatch;
            await().atMost(Duration.ofSeconds(90)).pollInterval(STORE_POLL)
                    .untilAsserted(() -> assertThat(questDb.count("readings")).isEqualTo(n));
            List<Map<String, Object>> rows = questDb.query("select gateway, site, sensor, value, timestamp"
                    + " from readings order by timestamp");
            for (int i = 0; i < n; i++) {
                assertThat(rows.get(i)).as("reading %d", i).containsEntry("gateway", "gw-1")
                        .containsEntry("site", "hall-3").containsEntry("sensor", "s" + i % perBatch)
                        .containsEntry("value", temperature(i))
                        .containsEntry("timestamp", QUESTDB_TIME.format(Instant.ofEpochMilli(time(i))));
            }
        } finally {
            cluster.remove(sink);
            cluster.remove(source);
        }
    }

    private static String columnType(String table, String column) {
        return questDb.query("select \"column\", type from table_columns('" + table + "')").stream()
                .filter(r -> column.equals(r.get("column"))).map(r -> String.valueOf(r.get("type")))
                .findFirst().orElse(null);
    }

    private static Payload.Metric.Builder named(String name, long alias, DataType type) {
        Payload.Metric.Builder m = Payload.Metric.newBuilder().setName(name).setDatatype(type.getNumber());
        return alias < 0 ? m : m.setAlias(alias);
    }

    private static byte[] sparkplug(long seq, long timestamp, Payload.Metric.Builder... metrics) {
        Payload.Builder p = Payload.newBuilder().setTimestamp(timestamp).setSeq(seq);
        for (Payload.Metric.Builder m : metrics) {
            p.addMetrics(m);
        }
        return p.build().toByteArray();
    }

    /** Runs a sink example on the shared 'telemetry' topic, fed with readings of one site, and checks the store. */
    private void runSinkOnTelemetry(Example sink, String site, int n, ThrowingRunnable check) throws Exception {
        cluster.run(sink, placeholders.apply(sink));
        try {
            for (int i = 0; i < n; i++) {
                kafka().produce("telemetry", device(i), String.format(Locale.ROOT,
                        "{\"site\":\"%s\",\"device\":\"%s\",\"temperature\":%s,\"humidity\":%d,\"ts\":%d}",
                        site, device(i), temperature(i), humidity(i), time(i)));
            }
            check.run();
        } finally {
            cluster.remove(sink);
        }
    }

    private static void assertQuestDbRows(String site, int n) {
        String where = " from telemetry where site = '" + site + "'";
        await().atMost(Duration.ofSeconds(90)).pollInterval(STORE_POLL).untilAsserted(() ->
                assertThat(questDb.query("select count() n" + where)).containsExactly(Map.of("n", n)));
        List<Map<String, Object>> rows = questDb.query("select device, temperature, humidity, timestamp" + where
                + " order by timestamp");
        for (int i = 0; i < n; i++) {
            assertThat(rows.get(i)).as("%s row %d", site, i)
                    .containsEntry("device", device(i))
                    .containsEntry("temperature", temperature(i))
                    .containsEntry("humidity", (double) humidity(i))
                    .containsEntry("timestamp", QUESTDB_TIME.format(Instant.ofEpochMilli(time(i))));
        }
    }

    private static void assertVictoriaMetricsSamples(String site, int n) {
        await().atMost(Duration.ofSeconds(90)).pollInterval(STORE_POLL).untilAsserted(() -> {
            List<VictoriaMetricsServer.Series> series =
                    victoriaMetrics.export("{__name__=~\"telemetry_.*\",site=\"" + site + "\"}");
            assertThat(series.stream().mapToInt(s -> s.values().size()).sum()).isEqualTo(2 * n);
            for (VictoriaMetricsServer.Series s : series) {
                for (Map.Entry<Long, Double> sample : s.samples().entrySet()) {
                    int i = (int) ((sample.getKey() - BASE_MS) / 1000);
                    assertThat(s.labels()).containsEntry("device", device(i));
                    double expected = s.name().equals("telemetry_temperature") ? temperature(i) : humidity(i);
                    assertThat(sample.getValue()).as("%s at %d", s.name(), sample.getKey()).isCloseTo(expected, within(1e-9));
                }
            }
        });
    }

    private static EmbeddedKafkaCluster kafka() {
        return cluster.connect().kafka();
    }

    private static String device(int i) {
        return "dev-" + i % 5;
    }

    private static double temperature(int i) {
        return 18.25 + (i % 16) / 4.0;
    }

    private static int humidity(int i) {
        return 40 + i % 20;
    }

    private static long time(int i) {
        return BASE_MS + i * 1000L;
    }

    @FunctionalInterface
    private interface ThrowingRunnable {
        void run() throws Exception;
    }
}
