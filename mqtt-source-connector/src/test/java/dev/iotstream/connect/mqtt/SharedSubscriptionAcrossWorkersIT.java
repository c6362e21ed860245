package dev.iotstream.connect.mqtt;

import dev.iotstream.connect.testing.ConnectClusters;
import dev.iotstream.connect.testing.MosquittoBroker;
import dev.iotstream.connect.testing.ServerRuntime;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorStateInfo;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Scale-out the way users do it: two Connect workers, one task on each, one MQTT 5 shared subscription. The broker
 * divides the messages between the workers' tasks and nothing is lost. Mosquitto, because HiveMQ CE hands a whole
 * burst to one member of the share group.
 */
class SharedSubscriptionAcrossWorkersIT {
    private static EmbeddedConnectCluster connect;
    private static MosquittoBroker mosquitto;

    @BeforeAll
    static void start() {
        if (!ServerRuntime.allAvailable(ServerRuntime.MOSQUITTO)) {
            return; // requireServers() then fails (CI) or skips each test with the reason
        }
        mosquitto = MosquittoBroker.builder().limits(1000, 100_000).start();
        connect = ConnectClusters.start("mqtt-shared-workers", 2, Map.of());
    }

    @BeforeEach
    void requireServers() {
        ServerRuntime.requireAll(ServerRuntime.MOSQUITTO);
    }

    @AfterAll
    static void stop() {
        if (connect != null) {
            connect.stop();
        }
        if (mosquitto != null) {
            mosquitto.close();
        }
    }

    @Test
    void twoWorkersShareOneSubscriptionWithoutLoss() throws Exception {
        String name = "shared-workers";
        ConnectClusters.createTopic(connect, "shared-workers", 2);
        Map<String, String> p = MqttIt.connectorProps(mosquitto.uri(), "$share/iot/fleet/#", "shared-workers");
        p.put("mqtt.version", "5");
        p.put("tasks.max", "2");
        connect.configureConnector(name, p);
        connect.assertions().assertConnectorAndExactlyNumTasksAreRunning(name, 2, "2 tasks expected");
        await().atMost(Duration.ofSeconds(60)).until(() -> Boolean.TRUE.equals(MqttIt.metric(name, 0, "Connected"))
                && Boolean.TRUE.equals(MqttIt.metric(name, 1, "Connected")));
        ConnectorStateInfo status = connect.connectorStatus(name);
        Set<String> workers = status.tasks().stream().map(ConnectorStateInfo.AbstractState::workerId)
                .collect(Collectors.toSet());
        assertThat(workers).as("tasks spread over both workers").hasSize(2);

        int n = 2000;
        MqttIt.publish(mosquitto.uri(), 1, n, i -> "fleet/dev" + (i % 20), i -> "w-" + i);
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).until(() ->
                MqttIt.readAll(connect, "shared-workers").stream().map(MqttIt::value).collect(Collectors.toSet())
                        .size() >= n);
        Set<String> distinct = MqttIt.readAll(connect, "shared-workers").stream().map(MqttIt::value)
                .collect(Collectors.toSet());
        long task0 = (Long) MqttIt.metric(name, 0, "MessagesReceived");
        long task1 = (Long) MqttIt.metric(name, 1, "MessagesReceived");
        System.out.printf("shared subscription over workers %s: %d distinct of %d; task 0 received %d, task 1 %d%n",
                workers, distinct.size(), n, task0, task1);
        assertThat(distinct).hasSize(n);
        assertThat(task0).isPositive();
        assertThat(task1).isPositive();
        connect.deleteConnector(name);
    }
}
