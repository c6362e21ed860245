package dev.iotstream.connect.mqtt;

import dev.iotstream.connect.testing.Cleanup;
import dev.iotstream.connect.testing.ConnectClusters;
import dev.iotstream.connect.testing.EmbeddedHiveMqBroker;
import dev.iotstream.connect.testing.MosquittoBroker;
import dev.iotstream.connect.testing.ServerRuntime;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The at-least-once promise checked at the broker: a QoS 1 message is acknowledged only once Kafka has its record,
 * and acknowledgements of a dead connection are never sent on the next one.
 * <p>
 * Kafka is held back for real: the connector's Kafka topic does not exist yet and the embedded Kafka cluster does not
 * create topics on its own ({@code auto.create.topics.enable=false}), so Connect's producer waits for the topic's
 * metadata and confirms nothing. Creating the topic releases it. Every payload carries a sequence number, so a message
 * that the broker forgot (because it was acknowledged too early) shows up as a number missing from Kafka.
 */
class MqttAckAfterKafkaIT {
    private static EmbeddedConnectCluster connect;
    /**
     * The HiveMQ with sessions on disk, shared by both MQTT versions of the packet-id test (each has its own client
     * id): in file mode a stop takes ~5 s, and each version started and closed its own.
     */
    private static EmbeddedHiveMqBroker persistentHiveMq;

    @BeforeAll
    static void start() {
        // A task blocked in the producer (topic missing) ignores stop; Connect cancels it after this grace period,
        // which every delete of a held connector waits out in full (a task that is not blocked stopped in ~0.4 s).
        connect = ConnectClusters.start("mqtt-ack-after-kafka-it", 1,
                Map.of("task.shutdown.graceful.timeout.ms", "1000"));
    }

    @AfterAll
    static void stop() {
        Cleanup.closeAll(connect == null ? null : connect::stop, persistentHiveMq);
    }

    /**
     * Messages the task received but Kafka never confirmed must still be in the broker's session when the task goes
     * away: the connector is deleted while Kafka holds them back and created again under the same name (same client
     * id, persistent session); the broker redelivers them and all reach Kafka once it takes records. Had the client
     * acknowledged on receipt (Paho's default, without manual acks), the broker would have dropped them.
     */
    @ParameterizedTest(name = "MQTT {0}")
    @ValueSource(strings = {"3.1.1", "5"})
    void messagesUnconfirmedByKafkaSurviveAConnectorRestart(String version) throws Exception {
        ServerRuntime.MOSQUITTO.require();
        // broker in-flight limit above the window: the broker sends all of them before any is acknowledged
        try (MosquittoBroker broker = MosquittoBroker.builder().limits(1000, 100_000).start()) {
            String name = "held-v" + version.charAt(0);
            int n = 40;
            Map<String, String> props = props(broker.uri(), name, version, n);
            connect.configureConnector(name, props);
            MqttIt.awaitConnected(name);

            MqttIt.publish(broker.uri(), 1, n, i -> name + "/x", i -> "s-" + i);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(MqttIt.metric(name, 0, "MessagesInFlight")).as("messages in flight").isEqualTo(n));
            assertThat(longMetric(name, "MessagesAcknowledged")).as("acknowledged before Kafka has them").isZero();

            connect.deleteConnector(name);
            // the task's MBean goes away in its stop(), after its MQTT client is closed
            await().atMost(Duration.ofSeconds(30)).until(() -> MqttIt.metric(name, 0, "Connected") == null);
            connect.configureConnector(name, props);
            MqttIt.awaitConnected(name);
            ConnectClusters.createTopic(connect, name, 1);

            int duplicates = awaitAllInKafka(name, n);
            System.out.printf("connector restart with %d messages unconfirmed, MQTT %s: all in Kafka, %d duplicates%n",
                    n, version, duplicates);
            awaitAllAcknowledged(name);
            connect.deleteConnector(name);
        }
    }

    /**
     * The connection is lost while a full window of messages waits for Kafka: Mosquitto hangs (frozen) until
     * keep-alive gives up on it, then recovers, and the task reconnects to the same session. The held messages' ids
     * belong to the dead connection: the broker sends them again on the new one; those the task had already handed to
     * Connect reach Kafka twice (duplicates are allowed, at most one window), the others only once, and none is lost.
     * <p>
     * The reconnect itself must complete while Kafka still holds the window: the broker redelivers the session's
     * messages ahead of the SUBACK, and the task cannot take them yet (see {@code PahoClientAdapterBase.subackHeldUp}).
     * Kafka is released only after the task reports the reconnect. (What a stale acknowledgement would cost is shown
     * by the next test: Mosquitto numbers packet ids upwards, so a stale id hits no other message here.)
     */
    @ParameterizedTest(name = "MQTT {0}")
    @ValueSource(strings = {"3.1.1", "5"})
    void reconnectWhileMessagesAwaitKafkaCompletesAndLosesNothing(String version) throws Exception {
        ServerRuntime.MOSQUITTO.require();
        // broker in-flight limit above the task's window: for MQTT 3.1.1 the broker pushes more than the window
        try (MosquittoBroker broker = MosquittoBroker.builder().limits(1000, 100_000).start()) {
            String name = "stale-v" + version.charAt(0);
            int window = 20;
            int n = 60;
            Map<String, String> props = props(broker.uri(), name, version, window);
            props.put("mqtt.keepalive.seconds", "2");
            props.put("mqtt.connect.attempt.timeout.ms", "2000");
            connect.configureConnector(name, props);
            MqttIt.awaitConnected(name);

            MqttIt.publish(broker.uri(), 1, n, i -> name + "/x", i -> "s-" + i);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(MqttIt.metric(name, 0, "MessagesInFlight")).as("messages in flight").isEqualTo(window));
            assertThat(longMetric(name, "MessagesAcknowledged")).as("acknowledged before Kafka has them").isZero();

            broker.freeze();
            await().atMost(Duration.ofSeconds(30)).until(() -> Boolean.FALSE.equals(MqttIt.metric(name, 0, "Connected")));
            broker.thaw();
            await().atMost(Duration.ofSeconds(30)).until(() -> longMetric(name, "Reconnects") >= 1
                    && Boolean.TRUE.equals(MqttIt.metric(name, 0, "Connected")));
            ConnectClusters.createTopic(connect, name, 1);

            int duplicates = awaitAllInKafka(name, n);
            System.out.printf("reconnect with %d messages unconfirmed, MQTT %s: all %d in Kafka, %d duplicates,"
                    + " %d reconnects%n", window, version, n, duplicates, longMetric(name, "Reconnects"));
            // Held messages already polled reach Kafka from the dead connection and again redelivered; unpolled
            // ones are discarded at the disconnect and come only redelivered: at most one window twice.
            assertThat(duplicates).as("duplicates after a reconnect with a full window unconfirmed")
                    .isBetween(0, window);
            awaitAllAcknowledged(name);
            connect.deleteConnector(name);
        }
    }

    /**
     * What a stale acknowledgement would cost, made visible as loss. HiveMQ gives each new message the lowest free
     * packet id, so an id freed by an acknowledgement is at once reused for the next message. Messages a-* wait for
     * Kafka (topic missing) when the broker restarts (persistent session on disk); after the reconnect the broker
     * sends them again, and messages b-* (for a second Kafka topic, also missing) queue behind them. Then Kafka takes
     * the a-* records. Were the acks of the dead connection sent now, they would free the a-* ids, the broker would
     * give them to b-*, and the acks of the redelivered a-* copies would then acknowledge b-* messages that Kafka does
     * not have. The connector is restarted before Kafka takes b-*: every b-* must come back from the broker.
     */
    @ParameterizedTest(name = "MQTT {0}")
    @ValueSource(strings = {"3.1.1", "5"})
    void noAcknowledgementOfADeadConnectionReachesALaterMessage(String version) throws Exception {
        if (persistentHiveMq == null) {
            persistentHiveMq = EmbeddedHiveMqBroker.start(true);
        }
        EmbeddedHiveMqBroker broker = persistentHiveMq;
        String name = "reuse-v" + version.charAt(0);
        String topicA = name + "-a";
        String topicB = name + "-b";
        // HiveMQ CE 2025.5 sends a client one un-acknowledged QoS 1 message at a time (also under a larger
        // Receive Maximum), so b-0 waits in the broker until a-0's id is acknowledged; a window of 1 matches it.
        int window = 1;
        Map<String, String> props = props(broker.uri(), name, version, window);
        props.put("kafka.topic", topicA);
        props.put("kafka.topic.mappings", name + "/b/#->" + topicB);
        connect.configureConnector(name, props);
        MqttIt.awaitConnected(name);

        MqttIt.publish(broker.uri(), 1, window, i -> name + "/a/x", i -> "a-" + i);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(MqttIt.metric(name, 0, "MessagesInFlight")).as("messages in flight").isEqualTo(window));

        broker.restart();
        await().atMost(Duration.ofSeconds(30)).until(() -> longMetric(name, "Reconnects") >= 1
                && Boolean.TRUE.equals(MqttIt.metric(name, 0, "Connected")));
        MqttIt.publish(broker.uri(), 1, window, i -> name + "/b/x", i -> "b-" + i);
        ConnectClusters.createTopic(connect, topicA, 1);
        awaitAllInKafka(topicA, "a-", window);
        // the redelivered a-* copies are acknowledged, and the b-* messages have arrived and wait for Kafka
        await().atMost(Duration.ofSeconds(30)).until(() ->
                longMetric(name, "MessagesReceived") >= 3L * window
                        && longMetric(name, "MessagesAcknowledged") >= window
                        && Integer.valueOf(window).equals(MqttIt.metric(name, 0, "MessagesInFlight")));

        connect.deleteConnector(name);
        await().atMost(Duration.ofSeconds(30)).until(() -> MqttIt.metric(name, 0, "Connected") == null);
        connect.configureConnector(name, props);
        MqttIt.awaitConnected(name);
        ConnectClusters.createTopic(connect, topicB, 1);
        int duplicates = awaitAllInKafka(topicB, "b-", window);
        System.out.printf("broker restart with %d messages unconfirmed, then connector restart with %d more,"
                + " MQTT %s: all in Kafka, %d duplicates of b-*%n", window, window, version, duplicates);
        awaitAllAcknowledged(name);
        connect.deleteConnector(name);
    }

    private static Map<String, String> props(String brokerUri, String name, String version, int window) {
        Map<String, String> p = new HashMap<>(MqttIt.connectorProps(brokerUri, name + "/#", name));
        p.put("mqtt.version", version);
        p.put("mqtt.max.inflight", Integer.toString(window));
        return p;
    }

    private static long longMetric(String name, String attribute) {
        Object v = MqttIt.metric(name, 0, attribute);
        return v == null ? -1 : (Long) v;
    }

    /** Waits until payloads s-0 .. s-(n-1) are all in {@code topic} (failing with the missing ones); returns duplicates. */
    private static int awaitAllInKafka(String topic, int n) {
        return awaitAllInKafka(topic, "s-", n);
    }

    /** The same for payloads {@code prefix + i}; every record in the topic must be one of them. */
    private static int awaitAllInKafka(String topic, String prefix, int n) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                assertThat(missing(MqttIt.readAll(connect, topic), prefix, n)).as("sequence numbers missing from Kafka")
                        .isEmpty());
        List<ConsumerRecord<byte[], byte[]>> records = MqttIt.readAll(connect, topic);
        assertThat(missing(records, prefix, n)).isEmpty();
        assertThat(records).allMatch(r -> MqttIt.value(r).matches(prefix + "\\d+"));
        return records.size() - n;
    }

    private static List<String> missing(List<ConsumerRecord<byte[], byte[]>> records, String prefix, int n) {
        Set<String> values = records.stream().map(MqttIt::value).collect(Collectors.toSet());
        return IntStream.range(0, n).mapToObj(i -> prefix + i).filter(v -> !values.contains(v)).toList();
    }

    private static void awaitAllAcknowledged(String name) {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(MqttIt.metric(name, 0, "MessagesInFlight")).isEqualTo(0));
    }
}
