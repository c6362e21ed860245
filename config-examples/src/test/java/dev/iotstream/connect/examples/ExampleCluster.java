package dev.iotstream.connect.examples;

import dev.iotstream.connect.mqtt.metrics.MqttSourceTaskMetrics;
import dev.iotstream.connect.testing.ConnectClusters;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.config.provider.FileConfigProvider;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.connect.runtime.rest.entities.ConfigInfos;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;

import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A real Kafka + Connect cluster set up the way the examples' README tells users to set up their workers
 * (FileConfigProvider registered as 'file'), and the few steps every example test repeats.
 */
final class ExampleCluster implements AutoCloseable {
    private final EmbeddedConnectCluster connect;

    private ExampleCluster(EmbeddedConnectCluster connect) {
        this.connect = connect;
    }

    static ExampleCluster start(String name) {
        return new ExampleCluster(ConnectClusters.start(name, 1, Map.of(
                "config.providers", "file",
                "config.providers.file.class", FileConfigProvider.class.getName())));
    }

    EmbeddedConnectCluster connect() {
        return connect;
    }

    /** PUT /connectors/{name}/config with the example's (substituted) body, then waits for its tasks. */
    void run(Example example, Map<String, String> config) throws InterruptedException {
        connect.configureConnector(example.name(), config);
        int tasks = Integer.parseInt(config.get("tasks.max"));
        connect.assertions().assertConnectorAndExactlyNumTasksAreRunning(example.name(), tasks,
                example.id() + " did not start " + tasks + " task(s)");
        if (example.isSource()) {
            awaitSubscribed(example.name(), tasks);
        }
    }

    /**
     * Waits until every task of an MQTT source has connected and subscribed (its JMX Connected flag), because a
     * RUNNING task may still be connecting and the broker keeps nothing for a subscription that does not exist yet.
     */
    static void awaitSubscribed(String connector, int tasks) {
        MBeanServer jmx = ManagementFactory.getPlatformMBeanServer();
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            for (int task = 0; task < tasks; task++) {
                ObjectName name = MqttSourceTaskMetrics.objectName(connector, task);
                assertThat(jmx.isRegistered(name) && (Boolean) jmx.getAttribute(name, "Connected"))
                        .as("%s task %d connected and subscribed", connector, task).isTrue();
            }
        });
    }

    /** JMX MessagesReceived of one MQTT source task. */
    static long messagesReceived(String connector, int task) throws Exception {
        return (Long) ManagementFactory.getPlatformMBeanServer()
                .getAttribute(MqttSourceTaskMetrics.objectName(connector, task), "MessagesReceived");
    }

    /** Deletes the connector and waits until it is gone, so the next test starts from a quiet cluster. */
    void remove(Example example) throws InterruptedException {
        connect.deleteConnector(example.name());
        connect.assertions().assertConnectorDoesNotExist(example.name(), example.id() + " was not deleted");
    }

    /** Error messages of POST /connector-plugins/{class}/config/validate, "key: message" each; empty when valid. */
    List<String> validationErrors(String name, Map<String, String> body) {
        Map<String, String> config = new HashMap<>(body);
        config.put("name", name); // PUT /connectors/{name}/config takes the name from the path; validate needs it
        ConfigInfos infos = connect.validateConnectorConfig(config.get("connector.class"), config);
        List<String> errors = new ArrayList<>();
        infos.values().forEach(info -> info.configValue().errors()
                .forEach(e -> errors.add(info.configValue().name() + ": " + e)));
        if (infos.errorCount() > 0 && errors.isEmpty()) {
            errors.add(infos.errorCount() + " error(s) without messages");
        }
        return errors;
    }

    static String text(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null ? null : text(h.value());
    }

    static String headers(ConsumerRecord<byte[], byte[]> record) {
        List<String> out = new ArrayList<>();
        record.headers().forEach(h -> out.add(h.key() + "=" + text(h.value())));
        return out.stream().collect(Collectors.joining(", ", "[", "]"));
    }

    @Override
    public void close() {
        connect.stop();
    }
}
