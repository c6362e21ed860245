package dev.iotstream.connect.mqtt;

import dev.iotstream.connect.common.MqttHeaders;
import dev.iotstream.connect.testing.ConnectClusters;
import dev.iotstream.connect.testing.RabbitMqBroker;
import dev.iotstream.connect.testing.ServerBinaries;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.connect.runtime.AbstractStatus;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Interoperability with RabbitMQ's MQTT plugin (3.10 from Debian: MQTT 3.1.1 only, QoS 2 granted as QoS 1, a
 * persistent session is a durable queue, at most {@code mqtt.prefetch} = 10 unacknowledged messages per
 * subscriber). One broker at its defaults and one Connect cluster for the class.
 */
class MqttSourceRabbitMqIT {
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static RabbitMqBroker broker;
    private static EmbeddedConnectCluster connect;

    @BeforeAll
    static void start() {
        if (!ServerBinaries.allFound(ServerBinaries.RABBITMQ_SERVER, ServerBinaries.EPMD)) {
            return; // requireServers() then fails (CI) or skips each test with the reason
        }
        broker = RabbitMqBroker.start();
        connect = ConnectClusters.start("mqtt-rabbitmq-it");
    }

    @BeforeEach
    void requireServers() {
        ServerBinaries.requireAll(ServerBinaries.RABBITMQ_SERVER, ServerBinaries.EPMD);
    }

    @AfterAll
    static void stop() {
        try {
            if (connect != null) {
                connect.stop();
            }
        } finally {
            if (broker != null) {
                broker.close();
            }
        }
    }

    private static Map<String, String> props(String name) {
        ConnectClusters.createTopic(connect, name, 1);
        return MqttIt.connectorProps(broker.uri(), name + "/#", name);
    }

    private static Set<String> values(String topic) {
        return MqttIt.readAll(connect, topic).stream().map(MqttIt::value).collect(Collectors.toSet());
    }

    private static Set<String> expected(String prefix, int from, int to) {
        return IntStream.range(from, to).mapToObj(i -> prefix + "-" + i).collect(Collectors.toSet());
    }

    /**
     * RabbitMQ hands a subscriber at most 10 unacknowledged messages: 2,000 arriving means the task's acks (sent
     * only once Kafka has each record) reached the broker, 200 windows in a row.
     */
    @Test
    void qos1MessagesAllReachKafkaAndAreAcknowledgedThroughTheSmallPrefetchWindow() throws Exception {
        String name = "rq1";
        connect.configureConnector(name, props(name));
        MqttIt.awaitConnected(name);
        MqttIt.publish(broker.uri(), 1, 2000, i -> name + "/d" + (i % 7), i -> name + "-" + i);
        await().atMost(WAIT).until(() -> values(name).size() >= 2000);
        assertThat(values(name)).isEqualTo(expected(name, 0, 2000));
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(MqttIt.metric(name, 0, "MessagesAcknowledged")).isEqualTo(2000L);
            assertThat(MqttIt.metric(name, 0, "MessagesInFlight")).isEqualTo(0);
        });
        assertThat(MqttIt.readAll(connect, name)).extracting(r -> MqttIt.header(r, MqttHeaders.QOS)).containsOnly("1");
        connect.deleteConnector(name);
    }

    /** RabbitMQ grants a QoS 2 subscription as QoS 1: the task runs on and every message still arrives. */
    @Test
    void qos2SubscriptionIsDowngradedToQos1AndStillAtLeastOnce() throws Exception {
        String name = "rq2";
        Map<String, String> p = props(name);
        p.put("mqtt.qos", "2");
        connect.configureConnector(name, p);
        MqttIt.awaitConnected(name);
        MqttIt.publish(broker.uri(), 2, 300, i -> name + "/x", i -> name + "-" + i);
        await().atMost(WAIT).until(() -> values(name).size() >= 300);
        assertThat(values(name)).isEqualTo(expected(name, 0, 300));
        List<ConsumerRecord<byte[], byte[]>> records = MqttIt.readAll(connect, name);
        assertThat(records).extracting(r -> MqttIt.header(r, MqttHeaders.QOS)).as("delivered QoS").containsOnly("1");
        await().atMost(WAIT).untilAsserted(() ->
                assertThat(MqttIt.metric(name, 0, "MessagesAcknowledged")).isEqualTo(300L));
        connect.assertions().assertConnectorAndExactlyNumTasksAreRunning(name, 1, "QoS 2 granted as 1 is no failure");
        connect.deleteConnector(name);
    }

    /**
     * With QoS 1 the task keeps a persistent session (clean session false), which RabbitMQ keeps as a durable queue:
     * messages published while the task is stopped wait there and arrive when it starts again.
     */
    @Test
    void persistentSessionKeepsMessagesPublishedWhileTheTaskIsStopped() throws Exception {
        String name = "rsess";
        connect.configureConnector(name, props(name));
        MqttIt.awaitConnected(name);
        MqttIt.publish(broker.uri(), 1, 100, i -> name + "/x", i -> name + "-" + i);
        await().atMost(WAIT).until(() -> values(name).size() >= 100);

        connect.stopConnector(name);
        await().atMost(WAIT).until(() -> connect.connectorStatus(name).tasks().isEmpty()
                && connect.connectorStatus(name).connector().state().equals(AbstractStatus.State.STOPPED.name()));
        MqttIt.publish(broker.uri(), 1, 500, i -> name + "/x", i -> name + "-" + (100 + i));

        connect.resumeConnector(name);
        await().atMost(WAIT).until(() -> values(name).size() >= 600);
        assertThat(values(name)).isEqualTo(expected(name, 0, 600));
        connect.deleteConnector(name);
    }

    /**
     * A retained message published before the task subscribes arrives, flagged as retained; later ones are not.
     * RabbitMQ 3.x sends retained messages only to filters without wildcards, so this one names the topic.
     */
    @Test
    void retainedMessageArrivesWithTheRetainedFlag() throws Exception {
        String name = "rret";
        ConnectClusters.createTopic(connect, name, 1);
        Map<String, String> p = MqttIt.connectorProps(broker.uri(), name + "/state", name);
        MqttIt.publishRaw(broker.uri(), name + "/state", "on".getBytes(StandardCharsets.UTF_8), true, o -> { });
        connect.configureConnector(name, p);
        MqttIt.awaitConnected(name);
        MqttIt.publishRaw(broker.uri(), name + "/state", "off".getBytes(StandardCharsets.UTF_8), false, o -> { });
        await().atMost(WAIT).until(() -> MqttIt.readAll(connect, name).size() >= 2);
        List<ConsumerRecord<byte[], byte[]>> records = MqttIt.readAll(connect, name);
        assertThat(records).extracting(MqttIt::value).containsExactly("on", "off");
        assertThat(records).extracting(r -> MqttIt.header(r, MqttHeaders.RETAINED)).containsExactly("true", "false");
        assertThat(records).extracting(r -> MqttIt.header(r, MqttHeaders.TOPIC)).containsOnly(name + "/state");
        connect.deleteConnector(name);
    }
}
