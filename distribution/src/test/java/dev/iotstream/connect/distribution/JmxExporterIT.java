package dev.iotstream.connect.distribution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.iotstream.connect.testing.Cleanup;
import dev.iotstream.connect.testing.ConnectWorkerProcess;
import dev.iotstream.connect.testing.EmbeddedHiveMqBroker;
import dev.iotstream.connect.testing.EmbeddedQuestDb;
import dev.iotstream.connect.testing.FreePorts;
import dev.iotstream.connect.testing.KafkaBrokerProcess;
import dev.iotstream.connect.testing.ListeningSockets;
import dev.iotstream.connect.testing.TempDirs;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The shipped Prometheus rules ({@code etc/iotstream-jmx-exporter.yml} of the bundle archive) with the real exporter
 * agent ({@code jmx_prometheus_javaagent}) in a real Connect worker process that loads the plugins from the unzipped
 * bundle and runs MQTT (HiveMQ CE) -> MQTT source -> Kafka (a real broker process) -> time-series sink -> QuestDB.
 * After N messages the scrape shows our metrics by name with the counts that went through, and Connect's own task
 * status and counters; the exporter listens on 127.0.0.1 only.
 */
class JmxExporterIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MESSAGES = 20;
    private static final String SOURCE = "jmx-mqtt-source";
    private static final String SINK = "jmx-sink";
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void shippedRulesExportOurMetricsAndConnectTaskMetricsByName() throws Exception {
        Path pluginPath = TempDirs.create("plugin-path-jmx");
        KafkaBrokerProcess kafka = null;
        ConnectWorkerProcess worker = null;
        EmbeddedHiveMqBroker mqtt = null;
        EmbeddedQuestDb questDb = null;
        try {
            Archives.unzip(Archives.bundleArchive(), pluginPath);
            Path rules = pluginPath.resolve(Archives.componentDirectory(Archives.BUNDLE)).resolve("etc")
                    .resolve(Archives.JMX_EXPORTER_RULES);
            assertThat(rules).as("rules file shipped in the bundle").isRegularFile();
            Path agent = Path.of(System.getProperty("iotstream.jmx.exporter.agent"));
            assertThat(agent).isRegularFile();
            int metricsPort = FreePorts.next();

            kafka = KafkaBrokerProcess.startNew();
            mqtt = EmbeddedHiveMqBroker.start();
            questDb = EmbeddedQuestDb.start();
            worker = ConnectWorkerProcess.builder(kafka.bootstrapServers())
                    .pluginPath(pluginPath)
                    .jvmArg("-javaagent:" + agent + "=127.0.0.1:" + metricsPort + ":" + rules)
                    .start();
            String metricsUrl = "http://127.0.0.1:" + metricsPort + "/metrics";

            put(worker, SOURCE, Map.of("connector.class", PackagingIT.SOURCE, "tasks.max", "1",
                    "mqtt.server.uris", mqtt.uri(), "mqtt.topics", "jmx/#", "mqtt.qos", "1",
                    "kafka.topic", "jmx-telemetry",
                    "key.converter", "org.apache.kafka.connect.converters.ByteArrayConverter",
                    "value.converter", "org.apache.kafka.connect.converters.ByteArrayConverter"));
            Map<String, String> sink = new LinkedHashMap<>();
            sink.put("connector.class", PackagingIT.SINK);
            sink.put("tasks.max", "1");
            sink.put("topics", "jmx-telemetry");
            sink.put("influx.url", questDb.url());
            sink.put("influx.org", "iotstream");
            sink.put("influx.bucket", "iot");
            sink.put("measurement", "jmx_telemetry");
            sink.put("tags", "device");
            sink.put("fields", "temp");
            sink.put("time.field", "ts");
            sink.put("key.converter", "org.apache.kafka.connect.converters.ByteArrayConverter");
            sink.put("value.converter", "org.apache.kafka.connect.converters.ByteArrayConverter");
            sink.put("transforms", "parse");
            sink.put("transforms.parse.type", PackagingIT.PARSE_JSON);
            put(worker, SINK, sink);
            awaitRunning(worker, SOURCE);
            awaitRunning(worker, SINK);

            MqttClient publisher = new MqttClient(mqtt.uri(), "jmx-publisher", new MemoryPersistence());
            publisher.connect(new MqttConnectOptions());
            int warmups = 0;
            try {
                // RUNNING does not promise the subscription is in place: warm-up messages until the source counts one.
                long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
                while (value(scrape(metricsUrl), "iotstream_mqtt_source_messages_received_total", SOURCE).orElse(0)
                        < 1) {
                    assertThat(System.nanoTime()).as("the source received nothing within 90 s").isLessThan(deadline);
                    publish(publisher, "jmx/warmup", warmups++);
                    Thread.sleep(500);
                }
                for (int i = 0; i < MESSAGES; i++) {
                    publish(publisher, "jmx/dev-1", 1000 + i);
                }
            } finally {
                publisher.disconnect();
                publisher.close();
            }
            int total = warmups + MESSAGES;
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                String m = scrape(metricsUrl);
                assertThat(value(m, "iotstream_mqtt_source_messages_acknowledged_total", SOURCE)).hasValue(total);
                assertThat(value(m, "iotstream_timeseries_sink_points_written_total", SINK)).hasValue(total);
                // a gauge: the task settles its buffer just after the write is counted (seen 21 once in CI)
                assertThat(value(m, "iotstream_timeseries_sink_buffered_records", SINK)).hasValue(0);
            });

            String metrics = scrape(metricsUrl);
            System.out.println("Scraped from " + metricsUrl + " (iotstream and kafka_connect task lines):");
            metrics.lines().filter(l -> l.startsWith("iotstream_") || l.startsWith("kafka_connect_task_status")
                    || l.startsWith("kafka_connect_source_task_") || l.startsWith("kafka_connect_sink_task_"))
                    .forEach(l -> System.out.println("  " + l));

            // Our MBeans, by the names docs/monitoring.md lists, with the counts that went through.
            assertThat(value(metrics, "iotstream_mqtt_source_messages_received_total", SOURCE)).hasValue(total);
            assertThat(value(metrics, "iotstream_mqtt_source_records_produced_total", SOURCE)).hasValue(total);
            assertThat(value(metrics, "iotstream_mqtt_source_messages_in_flight", SOURCE)).hasValue(0);
            assertThat(value(metrics, "iotstream_mqtt_source_connected", SOURCE)).hasValue(1);
            assertThat(value(metrics, "iotstream_mqtt_source_decode_failures_total", SOURCE)).hasValue(0);
            assertThat(value(metrics, "iotstream_mqtt_source_messages_dropped_total", SOURCE)).hasValue(0);
            assertThat(value(metrics, "iotstream_timeseries_sink_batches_written_total", SINK).orElseThrow())
                    .isBetween(1.0, (double) total);
            assertThat(value(metrics, "iotstream_timeseries_sink_records_to_dead_letter_queue_total", SINK))
                    .hasValue(0);
            assertThat(value(metrics, "iotstream_timeseries_sink_buffered_records", SINK)).hasValue(0);
            assertThat(value(metrics, "iotstream_timeseries_sink_write_latency_max_seconds", SINK).orElseThrow())
                    .isPositive().isLessThan(60);
            assertThat(metrics).contains("# TYPE iotstream_mqtt_source_messages_received_total counter")
                    .contains("# TYPE iotstream_timeseries_sink_buffered_records gauge");
            assertThat(metrics).as("the exporter read every included MBean without error")
                    .containsPattern("(?m)^jmx_scrape_error 0\\.0$");
            assertThat(metrics).as("labels connector and task").containsPattern(
                    "iotstream_mqtt_source_messages_received_total\\{connector=\"" + SOURCE + "\",task=\"0\",?\\}");

            // Connect's own task metrics.
            assertThat(line(metrics, "kafka_connect_task_status", SOURCE, "status=\"running\"")).hasValue(1);
            assertThat(line(metrics, "kafka_connect_task_status", SINK, "status=\"running\"")).hasValue(1);
            assertThat(line(metrics, "kafka_connect_connector_status", SOURCE, "status=\"running\"")).hasValue(1);
            assertThat(value(metrics, "kafka_connect_source_task_source_record_poll_total", SOURCE)
                    .orElseThrow()).isGreaterThanOrEqualTo(total);
            assertThat(value(metrics, "kafka_connect_sink_task_sink_record_read_total", SINK).orElseThrow())
                    .isGreaterThanOrEqualTo(total);
            assertThat(value(metrics, "kafka_connect_task_error_total_record_failures", SOURCE)).hasValue(0);

            // The exporter's HTTP endpoint is bound to 127.0.0.1 only.
            long workerPid = worker.pid();
            assertThat(ListeningSockets.ofProcessTree(ProcessHandle.of(workerPid).orElseThrow()))
                    .filteredOn(l -> l.port() == metricsPort).singleElement()
                    .satisfies(l -> assertThat(l.address().getHostAddress()).isEqualTo("127.0.0.1"));
        } finally {
            Cleanup.closeAll(worker, kafka, mqtt, questDb, () -> TempDirs.deleteRecursively(pluginPath));
        }
    }

    /** The value of {@code name{...connector="<connector>"...}}, if exactly such a line is there. */
    private static OptionalDouble value(String metrics, String name, String connector) {
        return line(metrics, name, connector, "");
    }

    private static OptionalDouble line(String metrics, String name, String connector, String alsoContains) {
        Pattern p = Pattern.compile("^" + Pattern.quote(name) + "\\{([^}]*)\\} (\\S+)$", Pattern.MULTILINE);
        Matcher m = p.matcher(metrics);
        while (m.find()) {
            if (m.group(1).contains("connector=\"" + connector + "\"") && m.group(1).contains(alsoContains)) {
                return OptionalDouble.of(Double.parseDouble(m.group(2)));
            }
        }
        return OptionalDouble.empty();
    }

    private String scrape(String url) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body();
    }

    private void put(ConnectWorkerProcess worker, String name, Map<String, String> config) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(worker.url() + "/connectors/" + name
                        + "/config")).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(config))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isIn(200, 201);
    }

    private void awaitRunning(ConnectWorkerProcess worker, String name) {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(worker.url() + "/connectors/"
                    + name + "/status")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            JsonNode status = JSON.readTree(r.body());
            assertThat(status.path("connector").path("state").asText()).as(r.body()).isEqualTo("RUNNING");
            assertThat(status.path("tasks")).as(r.body()).hasSize(1);
            assertThat(status.path("tasks").path(0).path("state").asText()).as(r.body()).isEqualTo("RUNNING");
        });
    }

    private static void publish(MqttClient client, String topic, int n) throws Exception {
        long ts = 1_700_000_000_000L + n * 1000L;
        String json = "{\"device\":\"dev-1\",\"temp\":" + (20 + n % 10) + ".5,\"ts\":" + ts + "}";
        client.publish(topic, json.getBytes(StandardCharsets.UTF_8), 1, false);
    }
}
