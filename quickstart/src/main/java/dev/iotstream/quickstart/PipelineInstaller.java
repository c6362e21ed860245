package dev.iotstream.quickstart;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Installs the example pipeline on a Connect worker over REST and watches it: checks the worker loaded every plugin
 * from the archives, waits for connectors and tasks to run, and reports any that fail later, with the worker's
 * reason.
 */
final class PipelineInstaller {
    private static final Duration CONNECTOR_START_TIMEOUT = Duration.ofSeconds(90);
    private static final List<String> CONNECTORS = List.of(Pipeline.TELEMETRY_SINK, Pipeline.ALERTS_SINK,
            Pipeline.ALERTS_MQTT_SINK, Pipeline.SOURCE);

    private final ConnectRest rest;
    private final PrintStream out;
    private final Set<String> reportedFailures = new HashSet<>();

    PipelineInstaller(ConnectRest rest, PrintStream out) {
        this.rest = rest;
        this.out = out;
    }

    /**
     * Fails unless the worker loaded the plugins the pipeline cannot run without; returns false when only the alert
     * predicate is missing, so the pipeline can run without alert routing (said loudly, never hidden).
     */
    boolean checkPluginsLoaded() {
        Map<String, String> versions = new LinkedHashMap<>();
        for (ConnectRest.PluginInfo p : rest.plugins()) {
            versions.put(p.className(), p.version());
        }
        List<String> missing = new ArrayList<>();
        StringBuilder found = new StringBuilder();
        for (String cls : List.of(Pipeline.SOURCE_CLASS, Pipeline.SINK_CLASS, Pipeline.MQTT_SINK_CLASS,
                Pipeline.PARSE_JSON_CLASS, Pipeline.TOPIC_SEGMENTS_CLASS, Pipeline.FIELD_IN_RANGE_CLASS)) {
            if (versions.containsKey(cls)) {
                found.append(found.length() == 0 ? "" : ", ").append(cls.substring(cls.lastIndexOf('.') + 1))
                        .append(' ').append(versions.get(cls));
            } else {
                missing.add(cls);
            }
        }
        out.println("* Worker loaded from the archives: " + found);
        boolean alertRouting = !missing.remove(Pipeline.FIELD_IN_RANGE_CLASS);
        if (!missing.isEmpty()) {
            throw new IllegalStateException("the Connect worker did not load these plugins from the archives: "
                    + missing + ". Rebuild the archives (mvn -B package -DskipTests) and check each has "
                    + "META-INF/services entries");
        }
        if (!alertRouting) {
            out.println("* WARNING: predicate " + Pipeline.FIELD_IN_RANGE_CLASS + " is not in the archives: the pipeline "
                    + "runs WITHOUT alert routing (no records in " + Pipeline.ALERTS_TOPIC + ")");
        }
        return alertRouting;
    }

    /** Creates the topics, installs the sinks and the source, and waits until all run. */
    void installPipeline(String bootstrapServers, String brokerUri, Pipeline.StoreTarget store)
            throws InterruptedException {
        Topics.create(bootstrapServers, List.of(Pipeline.TELEMETRY_TOPIC, Pipeline.ALERTS_TOPIC));
        boolean alertRouting = checkPluginsLoaded();
        install(Pipeline.TELEMETRY_SINK, Pipeline.telemetrySink(store));
        install(Pipeline.ALERTS_SINK, Pipeline.alertsSink(store));
        install(Pipeline.ALERTS_MQTT_SINK, Pipeline.alertsMqttSink(brokerUri));
        install(Pipeline.SOURCE, Pipeline.source(brokerUri, alertRouting));
        for (String name : CONNECTORS) {
            awaitRunning(name);
        }
        out.println("* Pipeline installed through " + rest.baseUrl() + "/connectors: " + Pipeline.SOURCE + " -> "
                + Pipeline.TELEMETRY_TOPIC + " / " + Pipeline.ALERTS_TOPIC + " -> " + Pipeline.TELEMETRY_SINK + ", "
                + Pipeline.ALERTS_SINK + "; " + Pipeline.ALERTS_TOPIC + " -> " + Pipeline.ALERTS_MQTT_SINK
                + " -> MQTT " + Pipeline.ALERTS_MQTT_TOPIC.replace("${field:", "{"));
    }

    void install(String name, Map<String, String> config) {
        rest.putConnectorConfig(name, config);
    }

    void awaitRunning(String name) throws InterruptedException {
        long deadline = System.nanoTime() + CONNECTOR_START_TIMEOUT.toNanos();
        String lastState = "not created";
        while (System.nanoTime() < deadline) {
            JsonNode status = rest.status(name);
            if (status != null) {
                String connectorState = status.path("connector").path("state").asText();
                JsonNode tasks = status.path("tasks");
                String failure = failure(status);
                if (failure != null) {
                    throw new IllegalStateException("connector " + name + " failed to start: " + failure);
                }
                boolean tasksRunning = tasks.size() > 0;
                for (JsonNode t : tasks) {
                    tasksRunning &= "RUNNING".equals(t.path("state").asText());
                }
                if ("RUNNING".equals(connectorState) && tasksRunning) {
                    return;
                }
                lastState = "connector " + connectorState + ", " + tasks.size() + " task(s)";
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("connector " + name + " not running after "
                + CONNECTOR_START_TIMEOUT.toSeconds() + " s (" + lastState + ")");
    }

    /** The first FAILED state in a status tree, with the first line of its trace; null when none failed. */
    static String failure(JsonNode status) {
        if ("FAILED".equals(status.path("connector").path("state").asText())) {
            return firstLine(status.path("connector").path("trace").asText());
        }
        for (JsonNode t : status.path("tasks")) {
            if ("FAILED".equals(t.path("state").asText())) {
                return "task " + t.path("id").asText() + ": " + firstLine(t.path("trace").asText());
            }
        }
        return null;
    }

    void reportFailedConnectors() {
        for (String name : CONNECTORS) {
            try {
                JsonNode status = rest.status(name);
                String failure = status == null ? null : failure(status);
                if (failure != null && reportedFailures.add(name)) {
                    out.println("!! connector " + name + " FAILED: " + failure + " (full trace: " + rest.baseUrl()
                            + "/connectors/" + name + "/status)");
                }
            } catch (RuntimeException ignored) {
                // Transient REST trouble: the next tick asks again.
            }
        }
    }

    private static String firstLine(String trace) {
        int nl = trace.indexOf('\n');
        return nl < 0 ? trace : trace.substring(0, nl);
    }

}
