package dev.iotstream.connect.mqtt;

import dev.iotstream.connect.common.MqttHeaders;
import dev.iotstream.connect.testing.ConnectClusters;
import dev.iotstream.connect.testing.EmbeddedHiveMqBroker;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** MQTT 3.1.1 into Kafka through a real Connect worker and a real broker (HiveMQ CE). */
class MqttSourceConnectorIT {
    private static EmbeddedConnectCluster connect;
    private static EmbeddedHiveMqBroker broker;

    @BeforeAll
    static void start() {
        broker = EmbeddedHiveMqBroker.start();
        connect = ConnectClusters.start("mqtt-source-it");
    }

    @AfterAll
    static void stop() {
        if (connect != null) {
            connect.stop();
        }
        if (broker != null) {
            broker.close();
        }
    }

    private static Set<String> distinctValues(List<ConsumerRecord<byte[], byte[]>> records) {
        Set<String> out = new HashSet<>();
        records.forEach(r -> out.add(MqttIt.value(r)));
        return out;
    }

    @Test
    void qos1MessagesArriveInKafkaWithTopicHeader() throws Exception {
        String name = "basic";
        connect.kafka().createTopic("basic", 1);
        connect.configureConnector(name, MqttIt.connectorProps(broker.uri(), "basic/#", "basic"));
        connect.assertions().assertConnectorAndExactlyNumTasksAreRunning(name, 1, "connector did not start");
        await().atMost(Duration.ofSeconds(30)).until(() -> Boolean.TRUE.equals(MqttIt.metric(name, 0, "Connected")));

        int n = 1000;
        MqttIt.publish(broker.uri(), 1, n, i -> "basic/dev" + (i % 10), i -> "m-" + i);

        await().atMost(Duration.ofSeconds(60)).until(() -> distinctValues(MqttIt.readAll(connect, "basic")).size() >= n);
        List<ConsumerRecord<byte[], byte[]>> records = MqttIt.readAll(connect, "basic");
        assertThat(records).hasSize(n); // no reconnect happened, so no duplicates either
        for (ConsumerRecord<byte[], byte[]> r : records) {
            int i = Integer.parseInt(MqttIt.value(r).substring(2));
            assertThat(MqttIt.header(r, MqttHeaders.TOPIC)).isEqualTo("basic/dev" + (i % 10));
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(MqttIt.metric(name, 0, "MessagesAcknowledged")).isEqualTo((long) n);
            assertThat(MqttIt.metric(name, 0, "MessagesInFlight")).isEqualTo(0);
        });
        connect.deleteConnector(name);
    }
}
