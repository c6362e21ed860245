package dev.iotstream.connect.distribution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.iotstream.connect.testing.ConnectClusters;
import dev.iotstream.connect.testing.EmbeddedHiveMqBroker;
import dev.iotstream.connect.testing.EmbeddedQuestDb;
import dev.iotstream.connect.testing.TempDirs;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/**
 * Installs the component archives the way an operator does (unzip into a directory named in plugin.path) and
 * starts a real Connect worker with plugin.discovery=hybrid_fail: the worker scans plugin.path both
 * reflectively and through ServiceLoader and refuses to start if any plugin lacks its META-INF/services entry.
 * The iotstream classes are not on this test's classpath, so everything the worker lists and runs came from
 * the archives. One worker per archive set: the four separate archives, then the all-in-one bundle.
 *
 * <p>The pipeline run from the archives: MQTT (HiveMQ) -> MqttSourceConnector -> Kafka (payload bytes) ->
 * TimeSeriesSinkConnector with the ParseJson$Value transform -> QuestDB. With separate archives the sink
 * uses a transform from another plugin's classloader, as operators do.
 */
class PackagingIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String SOURCE = "dev.iotstream.connect.mqtt.MqttSourceConnector";
    static final String SINK = "dev.iotstream.connect.timeseries.TimeSeriesSinkConnector";
    static final String MQTT_SINK = "dev.iotstream.connect.mqtt.sink.MqttSinkConnector";
    static final String PARSE_JSON = "dev.iotstream.connect.transforms.ParseJson$Value";
    static final String CONVERT_UNITS = "dev.iotstream.connect.transforms.ConvertUnits$Value";
    static final String FIELD_IN_RANGE = "dev.iotstream.connect.transforms.predicates.FieldInRange";
    private static final String BYTES = "org.apache.kafka.connect.converters.ByteArrayConverter";
    private static final int MESSAGES = 25;
    private static final long FIRST_TS = 1_700_000_000_000L;

    enum ArchiveSet {
        SEPARATE(Archives::pluginArchives),
        BUNDLE(() -> List.of(Archives.bundleArchive()));

        private final Supplier<List<Path>> archives;

        ArchiveSet(Supplier<List<Path>> archives) {
            this.archives = archives;
        }

        String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private static EmbeddedHiveMqBroker broker;
    private static EmbeddedQuestDb questDb;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void startServers() {
        broker = EmbeddedHiveMqBroker.start();
        questDb = EmbeddedQuestDb.start();
    }

    @AfterAll
    static void stopServers() {
        if (questDb != null) {
            questDb.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void pluginClassesAreNotOnTheTestClasspath() {
        for (String className : List.of(SOURCE, SINK, MQTT_SINK, PARSE_JSON,
                "dev.iotstream.connect.common.ProjectVersion", "dev.iotstream.connect.mqtt.client.MqttClientConfig")) {
            assertThatThrownBy(() -> Class.forName(className, false, PackagingIT.class.getClassLoader()))
                    .as("%s must only be reachable through the worker's plugin.path", className)
                    .isInstanceOf(ClassNotFoundException.class);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(ArchiveSet.class)
    void workerLoadsThePluginsFromTheArchivesAndRunsThem(ArchiveSet set) throws Exception {
        Path pluginPath = TempDirs.create("plugin-path-" + set.id());
        set.archives.get().forEach(archive -> Archives.unzip(archive, pluginPath));
        EmbeddedConnectCluster connect = ConnectClusters.start("packaging-" + set.id(), 1,
                Map.of("plugin.path", pluginPath.toString(), "plugin.discovery", "hybrid_fail"));
        try {
            List<JsonNode> plugins = iotstreamPlugins(connect);
            System.out.printf("[%s] worker plugin.path=%s lists:%n", set, pluginPath);
            plugins.forEach(p -> System.out.printf("[%s]   %s%n", set, p));
            String version = Archives.projectVersion();
            assertThat(plugins)
                    .extracting(p -> p.path("class").asText(), p -> p.path("type").asText(),
                            p -> p.path("version").asText())
                    .contains(tuple(SOURCE, "source", version), tuple(SINK, "sink", version),
                            tuple(MQTT_SINK, "sink", version),
                            tuple(PARSE_JSON, "transformation", version),
                            tuple(CONVERT_UNITS, "transformation", version),
                            tuple(FIELD_IN_RANGE, "predicate", version));
            assertThat(plugins).as("every iotstream plugin reports the project version")
                    .allSatisfy(p -> assertThat(p.path("version").asText()).isEqualTo(version));
            assertThat(plugins).extracting(p -> p.path("class").asText())
                    .as("every plugin registered in the plugin jars' META-INF/services is loaded")
                    .containsAll(registeredPlugins(pluginPath));

            examplesFromTheArchivesValidate(connect, pluginPath);
            runPipeline(connect, set.id());
        } finally {
            connect.stop();
            TempDirs.deleteRecursively(pluginPath);
        }
    }

    private void runPipeline(EmbeddedConnectCluster connect, String id) throws Exception {
        String kafkaTopic = "telemetry-" + id;
        String mqttTopic = "packaging/" + id;
        String measurement = "packaging_" + id;
        ConnectClusters.createTopic(connect, kafkaTopic, 1);

        Map<String, String> source = new HashMap<>();
        source.put("connector.class", SOURCE);
        source.put("tasks.max", "1");
        source.put("mqtt.server.uris", broker.uri());
        source.put("mqtt.topics", mqttTopic + "/#");
        source.put("mqtt.qos", "1");
        source.put("kafka.topic", kafkaTopic);
        source.put("key.converter", BYTES);
        source.put("value.converter", BYTES);
        connect.configureConnector("mqtt-" + id, source);

        Map<String, String> sink = new HashMap<>();
        sink.put("connector.class", SINK);
        sink.put("tasks.max", "1");
        sink.put("topics", kafkaTopic);
        sink.put("influx.url", questDb.url());
        sink.put("influx.org", "iotstream");
        sink.put("influx.bucket", "iot");
        sink.put("measurement", measurement);
        sink.put("tags", "device");
        sink.put("fields", "temp");
        sink.put("time.field", "ts");
        sink.put("key.converter", BYTES);
        sink.put("value.converter", BYTES);
        // Transforms and a predicate from the transforms archive (with separate archives: from another plugin's
        // class loader than the sink's); Filter is the worker's own. ConvertUnits runs Indriya, which looks up its
        // number system through the thread context class loader: the worker sets that to the sink's loader.
        sink.put("transforms", "parse,dropHot,units");
        sink.put("transforms.units.type", CONVERT_UNITS);
        sink.put("transforms.units.conversions", "temp:degC->degF");
        sink.put("transforms.parse.type", PARSE_JSON);
        sink.put("transforms.dropHot.type", "org.apache.kafka.connect.transforms.Filter");
        sink.put("transforms.dropHot.predicate", "hot");
        sink.put("predicates", "hot");
        sink.put("predicates.hot.type", FIELD_IN_RANGE);
        sink.put("predicates.hot.field", "temp");
        sink.put("predicates.hot.min", "150");
        connect.configureConnector("sink-" + id, sink);

        connect.assertions().assertConnectorAndExactlyNumTasksAreRunning("mqtt-" + id, 1,
                "MQTT source from the archives did not start");
        connect.assertions().assertConnectorAndExactlyNumTasksAreRunning("sink-" + id, 1,
                "time-series sink from the archives did not start");

        MqttClient publisher = new MqttClient(broker.uri(), "packaging-pub-" + id, new MemoryPersistence());
        publisher.connect(new MqttConnectOptions());
        try {
            // RUNNING does not promise the subscription is in place yet: publish warm-up readings until one
            // reaches Kafka, then the counted ones.
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
                publish(publisher, mqttTopic + "/warmup", "warmup", 20.0, FIRST_TS - 1);
                return hasRecords(connect, kafkaTopic);
            });
            for (int i = 0; i < MESSAGES; i++) {
                publish(publisher, mqttTopic + "/dev-1", "dev-1", 20.0 + i / 4.0, FIRST_TS + i * 1000L);
                if (i % 10 == 5) {
                    // Out of range: the FieldInRange predicate makes Filter drop it before the sink.
                    publish(publisher, mqttTopic + "/dev-1", "dev-1", 200.0, FIRST_TS + i * 1000L + 500);
                }
            }
        } finally {
            publisher.disconnect();
            publisher.close();
        }

        String rows = "select device, temp, timestamp from " + measurement + " where device = 'dev-1' order by timestamp";
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> assertThat(questDb.query(rows)).hasSize(MESSAGES));
        List<Map<String, Object>> written = questDb.query(rows);
        List<Double> temps = new ArrayList<>();
        written.forEach(r -> temps.add(((Number) r.get("temp")).doubleValue()));
        // ConvertUnits made it degF: 20 degC = 68 degF, 26 degC = 78.8 degF.
        double lastCelsius = 20.0 + (MESSAGES - 1) / 4.0;
        assertThat(temps.get(0)).isCloseTo(68.0, within(1e-9));
        assertThat(temps.get(MESSAGES - 1)).isCloseTo(lastCelsius * 9 / 5 + 32, within(1e-9));
        assertThat(temps).as("no 200 degC reading got past the filter").allSatisfy(t -> assertThat(t).isLessThan(150.0));
        assertThat(written.get(0).get("timestamp").toString()).startsWith("2023-11-14T22:13:20.000");

        connect.assertions().assertConnectorAndExactlyNumTasksAreRunning("mqtt-" + id, 1,
                "MQTT source failed while running");
        backToMqtt(connect, id, kafkaTopic);
        connect.assertions().assertConnectorAndExactlyNumTasksAreRunning("sink-" + id, 1,
                "time-series sink failed while running");
    }

    /**
     * Every example configuration shipped in the archives' etc/ validates against the connectors loaded from the
     * archives (endpoints pointed at this test's servers), snippets without connector.class merged into each
     * sink example; and a bad value is rejected by validation, naming the key.
     */
    private void examplesFromTheArchivesValidate(EmbeddedConnectCluster connect, Path pluginPath) throws Exception {
        Map<String, Map<String, String>> connectors = new java.util.TreeMap<>();
        Map<String, Map<String, String>> snippets = new java.util.TreeMap<>();
        for (Path file : Archives.files(pluginPath)) {
            if (file.getParent().getFileName().toString().equals("etc") && file.toString().endsWith(".properties")) {
                Map<String, String> config = load(file);
                (config.containsKey("connector.class") ? connectors : snippets)
                        .put(file.getFileName().toString(), config);
            }
        }
        assertThat(connectors).as("example connector configurations in etc/").hasSizeGreaterThanOrEqualTo(2);
        Map<String, Map<String, String>> toValidate = new java.util.TreeMap<>(connectors);
        connectors.forEach((connectorFile, connector) -> {
            if (SINK.equals(connector.get("connector.class"))) {
                snippets.forEach((snippetFile, snippet) -> {
                    Map<String, String> merged = new HashMap<>(connector);
                    merged.putAll(snippet);
                    toValidate.put(connectorFile + " + " + snippetFile, merged);
                });
            }
        });
        for (Map.Entry<String, Map<String, String>> example : toValidate.entrySet()) {
            Map<String, String> config = example.getValue();
            config.computeIfPresent("mqtt.server.uris", (k, v) -> broker.uri());
            config.computeIfPresent("influx.url", (k, v) -> questDb.url());
            Map<String, List<String>> errors;
            try {
                errors = validationErrors(connect, config);
            } catch (RuntimeException e) {
                throw new AssertionError("validating example " + example.getKey()
                        + " against the connectors from the archives failed: " + e.getMessage(), e);
            }
            assertThat(errors).as("validation errors of example %s", example.getKey()).isEmpty();
        }

        Map<String, String> badQos = new HashMap<>(connectors.values().stream()
                .filter(c -> SOURCE.equals(c.get("connector.class"))).findFirst().orElseThrow());
        badQos.put("mqtt.qos", "3");
        assertThat(validationErrors(connect, badQos)).containsKey("mqtt.qos");
    }

    private static Map<String, List<String>> validationErrors(EmbeddedConnectCluster connect, Map<String, String> config) {
        Map<String, List<String>> errors = new java.util.TreeMap<>();
        connect.validateConnectorConfig(config.get("connector.class"), config).values().forEach(v -> {
            if (!v.configValue().errors().isEmpty()) {
                errors.put(v.configValue().name(), v.configValue().errors());
            }
        });
        return errors;
    }

    private static Map<String, String> load(Path file) throws java.io.IOException {
        java.util.Properties properties = new java.util.Properties();
        try (java.io.Reader in = java.nio.file.Files.newBufferedReader(file)) {
            properties.load(in);
        }
        Map<String, String> config = new HashMap<>();
        properties.forEach((k, v) -> config.put((String) k, (String) v));
        return config;
    }

    /** The MQTT sink from the archives publishes the same Kafka records back to MQTT, where a subscriber gets them. */
    private void backToMqtt(EmbeddedConnectCluster connect, String id, String kafkaTopic) throws Exception {
        MqttClient subscriber = new MqttClient(broker.uri(), "packaging-back-" + id, new MemoryPersistence());
        List<String> received = new java.util.concurrent.CopyOnWriteArrayList<>();
        subscriber.connect(new MqttConnectOptions());
        subscriber.subscribe("back/" + id + "/#", 1, (t, m) -> received.add(t));
        Map<String, String> mqttSink = new HashMap<>();
        mqttSink.put("connector.class", MQTT_SINK);
        mqttSink.put("tasks.max", "1");
        mqttSink.put("topics", kafkaTopic);
        mqttSink.put("mqtt.server.uris", broker.uri());
        mqttSink.put("mqtt.topic", "back/" + id + "/${topic}");
        mqttSink.put("key.converter", BYTES);
        mqttSink.put("value.converter", BYTES);
        connect.configureConnector("mqtt-sink-" + id, mqttSink);
        try {
            // every record of the topic: the warm-up ones, the counted ones and the filtered hot ones
            long records = connect.kafka().consume(MESSAGES, 60_000, kafkaTopic).count();
            await().atMost(Duration.ofSeconds(60)).until(() -> received.size() >= records);
            assertThat(received).allSatisfy(t -> assertThat(t).isEqualTo("back/" + id + "/" + kafkaTopic));
            connect.assertions().assertConnectorAndExactlyNumTasksAreRunning("mqtt-sink-" + id, 1,
                    "MQTT sink from the archives failed while running");
        } finally {
            subscriber.disconnect();
            subscriber.close();
            connect.deleteConnector("mqtt-sink-" + id);
        }
    }

    private static void publish(MqttClient client, String topic, String device, double temp, long ts) throws Exception {
        String json = "{\"device\":\"" + device + "\",\"temp\":" + temp + ",\"ts\":" + ts + "}";
        client.publish(topic, json.getBytes(StandardCharsets.UTF_8), 1, false);
    }

    /** Classes named in the iotstream plugin jars' META-INF/services files for Connect plugin types. */
    private static java.util.Set<String> registeredPlugins(Path pluginPath) throws java.io.IOException {
        List<String> services = List.of("org.apache.kafka.connect.source.SourceConnector",
                "org.apache.kafka.connect.sink.SinkConnector", "org.apache.kafka.connect.transforms.Transformation",
                "org.apache.kafka.connect.transforms.predicates.Predicate", "org.apache.kafka.connect.storage.Converter",
                "org.apache.kafka.connect.storage.HeaderConverter");
        java.util.Set<String> classes = new java.util.TreeSet<>();
        for (Path jar : Archives.files(pluginPath)) {
            String name = jar.getFileName().toString();
            if (Archives.PLUGIN_MODULES.stream().noneMatch(m -> name.equals(m + "-" + Archives.projectVersion() + ".jar"))) {
                continue;
            }
            try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(jar.toFile())) {
                for (String service : services) {
                    java.util.zip.ZipEntry entry = zip.getEntry("META-INF/services/" + service);
                    if (entry != null) {
                        String text;
                        try (java.io.InputStream in = zip.getInputStream(entry)) {
                            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                        }
                        text.lines().map(l -> l.replaceFirst("#.*", "").strip()).filter(l -> !l.isEmpty())
                                .forEach(classes::add);
                    }
                }
            }
        }
        assertThat(classes).as("service registrations in the plugin jars").contains(SOURCE, SINK, PARSE_JSON);
        return classes;
    }

    private static boolean hasRecords(EmbeddedConnectCluster connect, String topic) {
        try {
            return connect.kafka().consume(1, 500, topic).count() > 0;
        } catch (RuntimeException notYet) {
            // consume() throws when fewer records than asked for arrived within the timeout.
            return false;
        }
    }

    /** GET /connector-plugins?connectorsOnly=false, only the iotstream entries. */
    private List<JsonNode> iotstreamPlugins(EmbeddedConnectCluster connect) throws Exception {
        String url = connect.endpointForResource("connector-plugins?connectorsOnly=false");
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        List<JsonNode> plugins = new ArrayList<>();
        JSON.readTree(response.body()).forEach(p -> {
            if (p.path("class").asText().startsWith("dev.iotstream.")) {
                plugins.add(p);
            }
        });
        return plugins;
    }
}
