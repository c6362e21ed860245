package dev.iotstream.connect.mqtt;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.iotstream.connect.common.MqttHeaders;
import dev.iotstream.connect.mqtt.client.ConnectionSupervisor;
import dev.iotstream.connect.testing.ConnectClusters;
import dev.iotstream.connect.testing.EmbeddedHiveMqBroker;
import dev.iotstream.connect.testing.FreePorts;
import dev.iotstream.connect.testing.TestCertificates;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
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
    private static TestCertificates certs;

    @BeforeAll
    static void start() {
        certs = TestCertificates.generate();
        // with a wss:// listener too, for the TLS WebSocket test: one broker start and stop (~3 s) fewer
        broker = EmbeddedHiveMqBroker.startWithTls(certs.serverKeystore("JKS"));
        // A task that fails on a record the producer refused waits, before it stops, for every record it sent to be
        // acknowledged, up to offset.flush.timeout.ms (default 5 s): the refused one never is. The dead-letter test
        // fails its task that way three times, and each failure waited the whole 5 s.
        connect = ConnectClusters.start("mqtt-source-it", 1, Map.of("offset.flush.timeout.ms", "1000"));
    }

    @AfterAll
    static void stop() {
        if (connect != null) {
            connect.stop();
        }
        if (broker != null) {
            broker.close();
        }
        if (certs != null) {
            certs.close();
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
        ConnectClusters.createTopic(connect, "basic", 1);
        connect.configureConnector(name, MqttIt.connectorProps(broker.uri(), "basic/#", "basic"));
        connect.assertions().assertConnectorAndExactlyNumTasksAreRunning(name, 1, "connector did not start");
        MqttIt.awaitConnected(name);

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

    private static String taskState(String name) {
        var tasks = connect.connectorStatus(name).tasks();
        return tasks.isEmpty() ? "NONE" : tasks.get(0).state();
    }

    private static void awaitTaskFailedThenRestart(String name, String because) {
        await(because).atMost(Duration.ofSeconds(90)).until(() -> "FAILED".equals(taskState(name)));
        connect.restartTask(name, 0);
        await().atMost(Duration.ofSeconds(60)).until(() -> !"FAILED".equals(taskState(name)));
    }

    /**
     * A message whose record Kafka refuses (over the producer's max.request.size) fails the task, and the broker
     * redelivers it to every restart. After payload.max.rejected.runs (2) runs stopped on it, it goes to the dead-letter
     * topic; here that dead letter, carrying the payload in a header, is refused as well, so the next run writes one
     * with headers only, acknowledges the message and goes on. Three restarts, not an endless loop.
     */
    @Test
    void aMessageKafkaRefusesEndsAsADeadLetterInsteadOfFailingEveryRestart() throws Exception {
        String name = "loop";
        Map<String, String> p = props(name, broker.uri(), "loop/#", "loop");
        ConnectClusters.createTopic(connect, "loop.dlq", 1);
        p.put("mqtt.clean.session", "false");
        p.put("payload.dead.letter.topic", "loop.dlq");
        p.put("producer.override.max.request.size", "4096");
        connect.configureConnector(name, p);
        connect.assertions().assertConnectorAndExactlyNumTasksAreRunning(name, 1, "connector did not start");
        MqttIt.awaitConnected(name);

        MqttIt.publishRaw(broker.uri(), "loop/big", "x".repeat(10_000).getBytes(), false, o -> { });
        MqttIt.publish(broker.uri(), 1, 5, i -> "loop/dev", i -> "ok-" + i);

        awaitTaskFailedThenRestart(name, "run 1: the producer refuses the record");
        awaitTaskFailedThenRestart(name, "run 2: the same message, redelivered");
        awaitTaskFailedThenRestart(name, "run 3: its dead letter with the payload header is too large as well");
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(taskState(name)).isEqualTo("RUNNING");
            assertThat(MqttIt.readAll(connect, "loop.dlq")).hasSize(1);
            assertThat(distinctValues(MqttIt.readAll(connect, "loop"))).contains("ok-0", "ok-1", "ok-2", "ok-3", "ok-4");
        });
        ConsumerRecord<byte[], byte[]> dead = MqttIt.readAll(connect, "loop.dlq").get(0);
        assertThat(dead.value()).isNull();
        assertThat(MqttIt.header(dead, MqttHeaders.TOPIC)).isEqualTo("loop/big");
        assertThat(MqttIt.header(dead, "mqtt.dlq.reason")).contains("rejected downstream of the connector")
                .contains("its dead letter carrying the payload was rejected too");
        assertThat(dead.headers().lastHeader("mqtt.dlq.payload")).isNull();

        // Acknowledged: a further restart gets no redelivery of it (the next message arrives, no second dead letter).
        connect.restartTask(name, 0);
        await().atMost(Duration.ofSeconds(60)).until(() -> "RUNNING".equals(taskState(name)));
        MqttIt.awaitConnected(name);
        MqttIt.publish(broker.uri(), 1, 1, i -> "loop/dev", i -> "after-restart");
        await().atMost(Duration.ofSeconds(60))
                .until(() -> distinctValues(MqttIt.readAll(connect, "loop")).contains("after-restart"));
        assertThat(MqttIt.readAll(connect, "loop.dlq")).hasSize(1);
        assertThat(taskState(name)).isEqualTo("RUNNING");
        connect.deleteConnector(name);
    }

    /**
     * A transform that refuses one device's records (ExtractField on a value that is not a map): with
     * payload.max.rejected.runs=1 one failed run is enough; the dead letter (null value, payload in a header) passes
     * the same transform, and every other message goes on.
     */
    @Test
    void aMessageATransformRefusesIsDeadLetteredAfterOneFailedRun() throws Exception {
        String name = "loop-smt";
        Map<String, String> p = props(name, broker.uri(), "smt/#", "smt");
        ConnectClusters.createTopic(connect, "smt.dlq", 1);
        p.put("mqtt.clean.session", "false");
        p.put("payload.dead.letter.topic", "smt.dlq");
        p.put("payload.max.rejected.runs", "1");
        p.put("kafka.topic.mappings", "smt/bad->smt-bad");
        ConnectClusters.createTopic(connect, "smt-bad", 1);
        p.put("transforms", "pick");
        p.put("transforms.pick.type", "org.apache.kafka.connect.transforms.ExtractField$Value");
        p.put("transforms.pick.field", "v");
        p.put("transforms.pick.predicate", "bad");
        p.put("predicates", "bad");
        p.put("predicates.bad.type", "org.apache.kafka.connect.transforms.predicates.TopicNameMatches");
        p.put("predicates.bad.pattern", "smt-bad|smt\\.dlq"); // the dead letter passes it too
        connect.configureConnector(name, p);
        connect.assertions().assertConnectorAndExactlyNumTasksAreRunning(name, 1, "connector did not start");
        MqttIt.awaitConnected(name);

        MqttIt.publishRaw(broker.uri(), "smt/bad", "not a map".getBytes(), false, o -> { });
        MqttIt.publish(broker.uri(), 1, 3, i -> "smt/dev", i -> "ok-" + i);

        awaitTaskFailedThenRestart(name, "ExtractField refuses a byte[] value");
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(taskState(name)).isEqualTo("RUNNING");
            assertThat(MqttIt.readAll(connect, "smt.dlq")).hasSize(1);
            assertThat(distinctValues(MqttIt.readAll(connect, "smt"))).contains("ok-0", "ok-1", "ok-2");
        });
        ConsumerRecord<byte[], byte[]> dead = MqttIt.readAll(connect, "smt.dlq").get(0);
        assertThat(dead.value()).isNull();
        // Connect's default SimpleHeaderConverter writes a bytes header as base64 text
        assertThat(new String(java.util.Base64.getDecoder().decode(dead.headers().lastHeader("mqtt.dlq.payload")
                .value()))).isEqualTo("not a map");
        assertThat(MqttIt.header(dead, "mqtt.dlq.intended.topic")).isEqualTo("smt-bad");
        connect.deleteConnector(name);
    }

    private static Map<String, String> props(String name, String uri, String filters, String topic) {
        Map<String, String> p = MqttIt.connectorProps(uri, filters, topic);
        ConnectClusters.createTopic(connect, topic, 1);
        return p;
    }

    /**
     * Waits until every payload in {@code expected} is in {@code topic}; returns how many duplicates there were.
     * Reads the topic every 250 ms (each wait costs at least one interval, and the tests wait a dozen times).
     */
    private static int awaitAll(String topic, int expected, String label) {
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250))
                .until(() -> distinctValues(MqttIt.readAll(connect, topic)).size() >= expected);
        List<ConsumerRecord<byte[], byte[]>> records = MqttIt.readAll(connect, topic);
        int distinct = distinctValues(records).size();
        assertThat(distinct).isEqualTo(expected);
        int duplicates = records.size() - distinct;
        System.out.printf("%s: %d of %d messages in Kafka, %d records, %d duplicates%n", label, distinct, expected,
                records.size(), duplicates);
        return duplicates;
    }

    @Test
    void connectsThroughTheNextServerUriWhenTheFirstIsDown() throws Exception {
        String name = "failover";
        String deadUri = "tcp://127.0.0.1:" + FreePorts.next();
        Map<String, String> p = props(name, deadUri + "," + broker.uri(), "failover/#", "failover");
        connect.configureConnector(name, p);
        MqttIt.awaitConnected(name);
        MqttIt.publish(broker.uri(), 1, 100, i -> "failover/x", i -> "f-" + i);
        assertThat(awaitAll("failover", 100, "failover to the second server URI")).isZero();
        connect.deleteConnector(name);
    }

    @Test
    void subscribesOverWebSocket() throws Exception {
        String name = "websocket";
        connect.configureConnector(name, props(name, broker.webSocketUri(), "ws/#", "websocket"));
        MqttIt.awaitConnected(name);
        MqttIt.publish(broker.uri(), 1, 100, i -> "ws/x", i -> "ws-" + i);
        assertThat(awaitAll("websocket", 100, "MQTT over WebSocket")).isZero();
        connect.deleteConnector(name);
    }

    @Test
    void subscribesOverTlsWebSocketWithHostnameVerification() throws Exception {
        String name = "wss";
        Map<String, String> p = props(name, broker.secureWebSocketUri(), "wss/#", "wss");
        p.put("mqtt.ssl.ca.file", certs.caPem().toString());
        connect.configureConnector(name, p);
        MqttIt.awaitConnected(name);
        MqttIt.publish(broker.uri(), 1, 100, i -> "wss/x", i -> "wss-" + i);
        assertThat(awaitAll("wss", 100, "MQTT over TLS WebSocket")).isZero();
        connect.deleteConnector(name);
    }

    @Test
    void qosPerFilterIncludingQos2() throws Exception {
        String name = "qos";
        Map<String, String> p = props(name, broker.uri(), "qos/two/#,qos/zero/#", "qos");
        p.put("mqtt.qos", "0");
        p.put("mqtt.topic.qos", "qos/two/#=2");
        connect.configureConnector(name, p);
        MqttIt.awaitConnected(name);
        MqttIt.publish(broker.uri(), 2, 200, i -> "qos/two/x", i -> "two-" + i);
        MqttIt.publish(broker.uri(), 0, 50, i -> "qos/zero/x", i -> "zero-" + i);
        awaitAll("qos", 250, "QoS 2 and QoS 0 filters");
        for (ConsumerRecord<byte[], byte[]> r : MqttIt.readAll(connect, "qos")) {
            assertThat(MqttIt.header(r, MqttHeaders.QOS)).isEqualTo(MqttIt.value(r).startsWith("two") ? "2" : "0");
        }
        connect.deleteConnector(name);
    }

    @Test
    void restartWithoutLoss() throws Exception {
        String name = "restart";
        connect.configureConnector(name, props(name, broker.uri(), "restart/#", "restart"));
        MqttIt.awaitConnected(name); // creates the persistent session (QoS 1 => clean session false by default)

        connect.stopConnector(name);
        connect.assertions().assertConnectorIsStopped(name, "connector did not stop");
        MqttIt.publish(broker.uri(), 1, 2500, i -> "restart/a", i -> "r-" + i);

        CompletableFuture<Void> duringRestart = CompletableFuture.runAsync(() -> {
            try {
                MqttIt.publish(broker.uri(), 1, 2500, i -> "restart/b", i -> "r-" + (2500 + i));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        connect.resumeConnector(name);
        duringRestart.get();
        // a second restart while messages are in flight: pending acks are voided, the broker redelivers
        connect.restartConnectorAndTasks(name, false, true, false);
        awaitAll("restart", 5000, "restart without loss");
        connect.deleteConnector(name);
    }

    @Test
    void recordsFilteredByTransformAreAcknowledged() throws Exception {
        String name = "filter";
        Map<String, String> p = props(name, broker.uri(), "filter/#", "filter-kept");
        p.put("kafka.topic.mappings", "filter/drop/#->filter-dropped");
        p.put("transforms", "drop");
        p.put("transforms.drop.type", "org.apache.kafka.connect.transforms.Filter");
        p.put("transforms.drop.predicate", "isDropped");
        p.put("predicates", "isDropped");
        p.put("predicates.isDropped.type", "org.apache.kafka.connect.transforms.predicates.TopicNameMatches");
        p.put("predicates.isDropped.pattern", "filter-dropped");
        connect.configureConnector(name, p);
        MqttIt.awaitConnected(name);

        MqttIt.publish(broker.uri(), 1, 600, i -> i % 2 == 0 ? "filter/drop/x" : "filter/keep/x", i -> "f-" + i);
        awaitAll("filter-kept", 300, "filtered");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(MqttIt.metric(name, 0, "MessagesAcknowledged")).isEqualTo(600L);
            assertThat(MqttIt.metric(name, 0, "MessagesInFlight")).isEqualTo(0);
        });

        // had the 300 filtered messages not been acknowledged, the broker would redeliver them to the new session
        connect.stopConnector(name);
        connect.assertions().assertConnectorIsStopped(name, "connector did not stop");
        connect.resumeConnector(name);
        MqttIt.awaitConnected(name);
        // A redelivery would come ahead of a message published now (HiveMQ sends a session's messages in order, one
        // QoS 1 message in flight at a time): once this one is in Kafka, any redelivery has been received.
        MqttIt.publish(broker.uri(), 1, 1, i -> "filter/keep/x", i -> "after-resume");
        await().atMost(Duration.ofSeconds(30))
                .until(() -> distinctValues(MqttIt.readAll(connect, "filter-kept")).contains("after-resume"));
        assertThat(MqttIt.metric(name, 0, "MessagesReceived")).as("received after the resume: only the new message")
                .isEqualTo(1L);
        assertThat(MqttIt.readAll(connect, "filter-kept")).hasSize(300 + 1);
        connect.deleteConnector(name);
    }

    @Test
    void firstConnectIsRetriedWhileBrokerIsDown() throws Exception {
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        supervisorLogger().addAppender(logs);
        try (EmbeddedHiveMqBroker late = EmbeddedHiveMqBroker.start()) {
            late.stop();
            String name = "late";
            connect.configureConnector(name, props(name, late.uri(), "late/#", "late"));
            connect.assertions().assertConnectorAndExactlyNumTasksAreRunning(name, 1, "task must run while broker is down");
            // three failed attempts (back-off 200, 400, 800 ms) instead of a fixed 3 s: retried, and still running
            await().atMost(Duration.ofSeconds(30)).until(() -> retryWarnings(logs, name) >= 3);
            assertThat(MqttIt.metric(name, 0, "Connected")).isEqualTo(false);
            connect.assertions().assertConnectorAndExactlyNumTasksAreRunning(name, 1, "task must not fail");

            late.restart();
            MqttIt.awaitConnected(name);
            MqttIt.publish(late.uri(), 1, 100, i -> "late/x", i -> "l-" + i);
            awaitAll("late", 100, "first connect retried");
            connect.deleteConnector(name);
        } finally {
            supervisorLogger().detachAppender(logs);
        }
    }

    private static Logger supervisorLogger() {
        return (Logger) LoggerFactory.getLogger(ConnectionSupervisor.class);
    }

    /** How many failed connect attempts of the connector's task the supervisor has logged (one WARN each). */
    private static long retryWarnings(ListAppender<ILoggingEvent> logs, String connector) {
        List<ILoggingEvent> events;
        synchronized (logs) { // AppenderBase appends under the appender's lock
            events = new ArrayList<>(logs.list);
        }
        return events.stream().filter(e -> e.getLevel() == Level.WARN).map(ILoggingEvent::getFormattedMessage)
                .filter(m -> m.startsWith("MQTT source " + connector + " task ") && m.contains("retrying in")).count();
    }

    @Test
    void givesUpWithClearErrorAfterConnectTimeout() throws Exception {
        String name = "giveup";
        Map<String, String> p = props(name, "tcp://127.0.0.1:" + dev.iotstream.connect.testing.FreePorts.next(),
                "x/#", "giveup");
        p.put("mqtt.connect.timeout.ms", "3000");
        connect.configureConnector(name, p);
        connect.assertions().assertConnectorIsRunningAndTasksHaveFailed(name, 1, "task should fail after 3 s");
        String trace = connect.connectorStatus(name).tasks().get(0).trace();
        assertThat(trace).contains("no MQTT connection for more than 3000 ms").contains("mqtt.connect.timeout.ms")
                .contains("giveup-0");
        connect.deleteConnector(name);
    }

    @Test
    void brokerRestartWithPersistentSessionLosesNothing() throws Exception {
        try (EmbeddedHiveMqBroker durable = EmbeddedHiveMqBroker.start(true)) {
            String name = "durable";
            connect.configureConnector(name, props(name, durable.uri(), "durable/#", "durable"));
            MqttIt.awaitConnected(name);
            MqttIt.publish(durable.uri(), 1, 1000, i -> "durable/a", i -> "d-" + i);
            awaitAll("durable", 1000, "before broker restart");

            durable.restart(); // the running task loses its connection, reconnects and subscribes again
            MqttIt.awaitConnected(name);
            MqttIt.publish(durable.uri(), 1, 1000, i -> "durable/b", i -> "d-" + (1000 + i));
            awaitAll("durable", 2000, "after broker restart");
            assertThat((Long) MqttIt.metric(name, 0, "Reconnects")).isGreaterThanOrEqualTo(1L);

            connect.stopConnector(name);
            connect.assertions().assertConnectorIsStopped(name, "connector did not stop");
            MqttIt.publish(durable.uri(), 1, 1000, i -> "durable/c", i -> "d-" + (2000 + i));
            durable.restart(); // queued messages must survive in the broker's persistent session
            connect.resumeConnector(name);
            awaitAll("durable", 3000, "queued across broker restart");
            connect.deleteConnector(name);
        }
    }
}
