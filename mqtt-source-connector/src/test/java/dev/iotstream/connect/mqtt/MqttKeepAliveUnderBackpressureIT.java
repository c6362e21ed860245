package dev.iotstream.connect.mqtt;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.iotstream.connect.testing.Cleanup;
import dev.iotstream.connect.testing.ConnectClusters;
import dev.iotstream.connect.testing.EmbeddedHiveMqBroker;
import dev.iotstream.connect.testing.MosquittoBroker;
import dev.iotstream.connect.testing.ServerRuntime;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Keep-alive while Kafka holds the window (mostly with this test playing a Kafka that confirms nothing, as in
 * {@link MqttSourceTaskBackpressureIT}; once through a real paused Connect worker), with real brokers and a 2 s
 * keep-alive, held for more than three keep-alive intervals. Paho's reader thread stops reading the socket when ten messages wait for the client
 * callback, and then misses the PINGRESP: a task whose callback waits that long loses its connection (counted in
 * {@code Reconnects}), and its pending acks with it.
 * <ul>
 *   <li>QoS 1/2: a broker that keeps to the window (MQTT 5 Receive Maximum, negotiated by the task; for MQTT 3.1.1
 *   the broker's own in-flight limit) never sends a message the task would have to wait for: no reconnect. A
 *   broker that sends more is reported with the setting to change.</li>
 *   <li>A reconnect during the hold (broker restart) starts no series of reconnects: the voided messages of the old
 *   connection do not block the new one.</li>
 *   <li>QoS 0 has no flow control: past half the keep-alive the task drops QoS 0 messages, counted, and stays
 *   connected.</li>
 * </ul>
 */
class MqttKeepAliveUnderBackpressureIT {
    private static final int WINDOW = 20;
    private static final int KEEPALIVE_S = 2;
    private static final long HOLD_MS = 3 * KEEPALIVE_S * 1000 + 1500;
    private static final int MESSAGES = 300;

    /** Mosquitto that would send 1000 un-acknowledged messages per client, far beyond the window. */
    private static MosquittoBroker generous;
    /** Mosquitto whose in-flight limit per client equals the window (the documented MQTT 3.1.1 setting). */
    private static MosquittoBroker matching;
    private static EmbeddedHiveMqBroker hivemq;
    /** Mosquitto with sessions on disk, restarted during the hold of the "ka5-restart" case. */
    private static MosquittoBroker durable;
    private static EmbeddedConnectCluster connect;
    /** Broker and MQTT version of the QoS 0 cases, whose tasks are held together. */
    private static final List<String[]> QOS0_CASES = List.of(new String[] {"mosquitto", "3.1.1"},
            new String[] {"mosquitto", "5"}, new String[] {"hivemq", "3.1.1"}, new String[] {"hivemq", "5"});
    /** The held QoS 0 tasks not checked yet, by connector name (see {@link #heldQos0Task}). */
    private static Map<String, MqttSourceTask> qos0Held;
    /** Connector name, broker and MQTT version of the QoS 1 cases, whose tasks are held together. */
    private static final List<String[]> QOS1_CASES = List.of(new String[] {"ka5", "generous", "5"},
            new String[] {"ka3-matching", "matching", "3.1.1"}, new String[] {"ka3-generous", "generous", "3.1.1"},
            new String[] {"ka5-restart", "durable", "5"});
    /** The held QoS 1 tasks not checked yet, by connector name (see {@link #heldQos1}). */
    private static Map<String, Held> qos1Held;
    /** Why holding the QoS 1 tasks together failed, for every QoS 1 case to report. */
    private static Throwable qos1HoldFailure;
    /** Log lines from the start of the QoS 1 hold until the case that looks for its WARN has checked them. */
    private static ListAppender<ILoggingEvent> qos1Logs;

    @BeforeAll
    static void start() {
        if (!ServerRuntime.allAvailable(ServerRuntime.MOSQUITTO)) {
            return; // requireServers() then fails (CI) or skips each test with the reason
        }
        generous = MosquittoBroker.builder().limits(1000, 100_000).start();
        matching = MosquittoBroker.builder().limits(WINDOW, 100_000).start();
        hivemq = EmbeddedHiveMqBroker.start();
        connect = ConnectClusters.start("mqtt-keepalive-it");
    }

    @BeforeEach
    void requireServers() {
        ServerRuntime.requireAll(ServerRuntime.MOSQUITTO);
    }

    @AfterAll
    static void stop() {
        List<MqttSourceTask> unchecked = new ArrayList<>();
        if (qos0Held != null) {
            unchecked.addAll(qos0Held.values());
        }
        if (qos1Held != null) {
            qos1Held.values().forEach(h -> unchecked.add(h.task));
        }
        if (qos1Logs != null) {
            rootLogger().detachAppender(qos1Logs);
        }
        Cleanup.closeAll(() -> unchecked.forEach(MqttSourceTask::stop), connect == null ? null : connect::stop,
                generous, matching, hivemq, durable);
    }

    /**
     * Through a real Connect worker and Kafka: the connector is paused (Connect calls no poll(), as while its
     * producer is blocked) for more than three keep-alive intervals while QoS 1 messages arrive over MQTT 5; the
     * broker sends one window and waits, the connection stays up, and on resume everything reaches Kafka once.
     */
    @Test
    void pausedConnectorKeepsItsConnectionAndDeliversEverythingOnceWhenResumed() throws Exception {
        String name = "ka-connect";
        ConnectClusters.createTopic(connect, name, 1);
        Map<String, String> p = MqttIt.connectorProps(generous.uri(), name + "/#", name);
        p.put("mqtt.version", "5");
        p.put("mqtt.max.inflight", Integer.toString(WINDOW));
        p.put("mqtt.keepalive.seconds", Integer.toString(KEEPALIVE_S));
        connect.configureConnector(name, p);
        try {
            MqttIt.awaitConnected(name);
            connect.pauseConnector(name);
            connect.assertions().assertConnectorAndExactlyNumTasksArePaused(name, 1, "connector not paused");
            MqttIt.publish(generous.uri(), 1, MESSAGES, i -> name + "/x", i -> "m-" + i);
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    Long.valueOf(WINDOW).equals(MqttIt.metric(name, 0, "MessagesReceived")));
            Thread.sleep(HOLD_MS);
            assertThat(MqttIt.metric(name, 0, "MessagesReceived")).isEqualTo((long) WINDOW);
            assertThat(MqttIt.metric(name, 0, "MessagesInFlight")).isEqualTo(WINDOW);
            assertThat(MqttIt.metric(name, 0, "Reconnects")).isEqualTo(0L);
            assertThat(MqttIt.metric(name, 0, "Connected")).isEqualTo(true);

            connect.resumeConnector(name);
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() ->
                    MqttIt.readAll(connect, name).size() >= MESSAGES);
            List<String> values = MqttIt.readAll(connect, name).stream().map(MqttIt::value).toList();
            assertThat(values).hasSize(MESSAGES).doesNotHaveDuplicates();
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    Long.valueOf(MESSAGES).equals(MqttIt.metric(name, 0, "MessagesAcknowledged")));
            assertThat(MqttIt.metric(name, 0, "Reconnects")).isEqualTo(0L);
        } finally {
            connect.deleteConnector(name);
        }
    }

    /**
     * MQTT 5: the broker never has more than the window of un-acknowledged messages out to the task while Kafka is
     * held, so the callback never waits and the connection survives the hold; then everything arrives once. The
     * broker is the Mosquitto with an in-flight limit of 1000: only the Receive Maximum the task negotiates keeps it
     * at 20. (HiveMQ CE 2025.5 kept a single QoS 1 message in flight to the task, for MQTT 3.1.1 and 5 alike, so it
     * cannot show this.)
     */
    @Test
    void mqtt5ReceiveMaximumKeepsTheBrokerWithinTheWindowAndTheConnectionUp() throws Exception {
        Held held = heldQos1("ka5");
        held.assertConnectionKeptWithinTheWindow();
        held.releaseAndAssertAllDeliveredOnce();
    }

    /** MQTT 3.1.1 with the broker's in-flight limit at the window, as the README asks: the same as MQTT 5. */
    @Test
    void mqtt311WithTheBrokerInFlightLimitAtTheWindowKeepsTheConnectionUp() throws Exception {
        Held held = heldQos1("ka3-matching");
        held.assertConnectionKeptWithinTheWindow();
        held.releaseAndAssertAllDeliveredOnce();
    }

    /**
     * MQTT 3.1.1 with a broker that sends more than the window: the task still holds no more than the window (the
     * callback waits), says once which broker setting to change, and after the hold loses nothing.
     */
    @Test
    void mqtt311WithTheBrokerBeyondTheWindowIsReportedAndLosesNothing() throws Exception {
        try {
            Held held = heldQos1("ka3-generous");
            ListAppender<ILoggingEvent> logs = qos1Logs;
            try {
                assertThat(held.maxInFlight).isLessThanOrEqualTo(WINDOW);
                assertThat(warnings(logs, "ka3-generous")).anySatisfy(m -> assertThat(m)
                        .contains("more un-acknowledged QoS 1/2 messages than mqtt.max.inflight (20)")
                        .contains("Mosquitto max_inflight_messages"));
            } catch (AssertionError e) {
                held.task.stop();
                throw e;
            }
            System.out.printf("ka3-generous: reconnects during the %d ms hold: %s%n", HOLD_MS,
                    MqttIt.metric("ka3-generous", 0, "Reconnects"));
            held.releaseAndAssertAllDelivered(false);
        } finally {
            if (qos1Logs != null) {
                rootLogger().detachAppender(qos1Logs);
            }
        }
    }

    /**
     * The broker restarts (sessions kept) while Kafka holds the window: the task reconnects once, and the
     * redelivered window, which the broker sends under Receive Maximum, is taken although the voided window of the
     * old connection is still in the pipeline. Before, the callback waited for those slots, the keep-alive timed
     * out, and the task reconnected every few seconds for as long as Kafka was held.
     */
    @Test
    void aReconnectDuringTheHoldStartsNoSeriesOfReconnects() throws Exception {
        String name = "ka5-restart";
        // held with the others: the window arrived, the broker restarted, the task reconnected, then the hold
        Held restarted = heldQos1(name);
        MqttSourceTask task = restarted.task;
        try {
            assertThat(restarted.maxInFlight).isLessThanOrEqualTo(WINDOW);
            assertThat(MqttIt.metric(name, 0, "Reconnects")).isEqualTo(1L);
            assertThat(MqttIt.metric(name, 0, "Connected")).isEqualTo(true);
            // the old window (voided) and the window redelivered on the new connection: bounded by two windows
            assertThat(restarted.records).hasSizeLessThanOrEqualTo(2 * WINDOW);
            assertThat(MqttIt.metric(name, 0, "MessagesAcknowledged")).isEqualTo(0L);
            // the old connection's window reaches Kafka and is redelivered: at most one window of duplicates
            assertThat(deliverAll(task, name, restarted.records, false)).isLessThanOrEqualTo(WINDOW);
        } finally {
            task.stop();
        }
    }

    /**
     * QoS 0 while nothing polls (Kafka blocks Connect's send): after half the keep-alive the task drops QoS 0
     * messages, counts them, and keeps the connection; when poll() runs again new messages flow at once.
     * <p>
     * The four cases' tasks are held together (see {@link #heldQos0Task}): one hold of more than three keep-alive
     * intervals instead of four in a row.
     */
    @ParameterizedTest(name = "{0} MQTT {1}")
    @MethodSource("qos0Cases")
    void qos0FullHandOffDropsCountedMessagesAndKeepsTheConnection(String brokerName, String version) throws Exception {
        String name = qos0Name(brokerName, version);
        String uri = qos0Uri(brokerName);
        MqttSourceTask task = heldQos0Task(name);
        try {
            // held: its a-* messages were sent, and nothing polled it for more than three keep-alive intervals
            assertThat(MqttIt.metric(name, 0, "Reconnects")).isEqualTo(0L);
            assertThat(MqttIt.metric(name, 0, "Connected")).isEqualTo(true);
            long dropped = (Long) MqttIt.metric(name, 0, "MessagesDropped");
            assertThat(dropped).isPositive();
            assertThat(MqttIt.metric(name, 0, "MessagesReceived")).isEqualTo(WINDOW + dropped);

            List<String> values = new ArrayList<>();
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10))
                    .until(() -> pollValues(task, values) && values.size() == WINDOW);
            assertThat(values).startsWith("a-0", "a-1").hasSize(WINDOW);
            MqttIt.publish(uri, 0, 50, i -> name + "/x", i -> "b-" + i);
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(10)).until(() ->
                    pollValues(task, values) && values.stream().filter(v -> v.startsWith("b-")).count() == 50);
            assertThat(MqttIt.metric(name, 0, "Reconnects")).isEqualTo(0L);
            assertThat(MqttIt.metric(name, 0, "MessagesDropped")).isEqualTo(dropped);
        } finally {
            qos0Held.remove(name);
            task.stop();
        }
    }

    static Stream<Arguments> qos0Cases() {
        return QOS0_CASES.stream().map(c -> Arguments.of(c[0], c[1]));
    }

    private static String qos0Name(String brokerName, String version) {
        return "ka0-" + brokerName + "-" + version.charAt(0);
    }

    private static String qos0Uri(String brokerName) {
        return brokerName.equals("mosquitto") ? generous.uri() : hivemq.uri();
    }

    /**
     * The QoS 0 case's task, held: the first case starts the tasks of all four, publishes MESSAGES QoS 0 messages
     * to each and polls none of them for HOLD_MS after the last publish; every later case finds its task held since
     * then (longer than HOLD_MS, which asks no less of it: the drops start after half a keep-alive either way).
     */
    private static MqttSourceTask heldQos0Task(String name) throws Exception {
        if (qos0Held == null) {
            qos0Held = new LinkedHashMap<>(); // before the starts: @AfterAll stops whatever started
            for (String[] c : QOS0_CASES) {
                String n = qos0Name(c[0], c[1]);
                qos0Held.put(n, startTask(n, qos0Uri(c[0]), c[1], 0));
            }
            for (String[] c : QOS0_CASES) {
                String n = qos0Name(c[0], c[1]);
                MqttIt.publish(qos0Uri(c[0]), 0, MESSAGES, i -> n + "/x", i -> "a-" + i);
            }
            Thread.sleep(HOLD_MS); // nothing polls for more than three keep-alive intervals
        }
        MqttSourceTask task = qos0Held.get(name);
        assertThat(task).as("held QoS 0 task %s (started by the first case)", name).isNotNull();
        return task;
    }

    // ---- helpers

    private static MqttSourceTask startTask(String name, String uri, String version, int qos) {
        Map<String, String> props = new HashMap<>(MqttIt.connectorProps(uri, name + "/#", "t"));
        props.put("name", name);
        props.put("mqtt.version", version);
        props.put("mqtt.qos", Integer.toString(qos));
        props.put("mqtt.max.inflight", Integer.toString(WINDOW));
        props.put("mqtt.keepalive.seconds", Integer.toString(KEEPALIVE_S));
        MqttSourceTask task = new MqttSourceTask();
        task.start(props);
        MqttIt.awaitConnected(name);
        return task;
    }

    /**
     * The QoS 1 case's task, held and taken out of the shared set (its test stops it). The first case starts the
     * tasks of all four, then holds them together, each in its own thread as Connect would (one hold of HOLD_MS
     * instead of four in a row): publishes to it, (for "ka5-restart": restarts its broker once the window is in and
     * waits for the reconnect,) and polls without confirming anything for the hold time.
     */
    private static Held heldQos1(String name) throws Exception {
        if (qos1Held == null) {
            qos1Held = new LinkedHashMap<>(); // before the starts: @AfterAll stops whatever started
            qos1Logs = captureLogs(); // the WARN of the case beyond the window comes during the hold
            try {
                durable = MosquittoBroker.builder().limits(1000, 100_000).persistence(true).start();
                for (String[] c : QOS1_CASES) {
                    MosquittoBroker broker = switch (c[1]) {
                        case "generous" -> generous;
                        case "matching" -> matching;
                        default -> durable;
                    };
                    MqttSourceTask task = startTask(c[0], broker.uri(), c[2], 1);
                    qos1Held.put(c[0], new Held(c[0], broker, broker == durable, task));
                }
                ExecutorService threads = Executors.newFixedThreadPool(QOS1_CASES.size());
                try {
                    List<Future<?>> holds = new ArrayList<>();
                    for (Held h : qos1Held.values()) {
                        holds.add(threads.submit(() -> {
                            h.hold();
                            return null;
                        }));
                    }
                    for (Future<?> hold : holds) {
                        hold.get();
                    }
                } finally {
                    threads.shutdownNow();
                }
            } catch (Exception | AssertionError e) { // AssertionError: a wait that timed out in startTask
                qos1HoldFailure = e;
            }
        }
        if (qos1HoldFailure != null) {
            throw new AssertionError("holding the QoS 1 tasks failed", qos1HoldFailure);
        }
        Held held = qos1Held.remove(name);
        assertThat(held).as("held QoS 1 task %s (started by the first case)", name).isNotNull();
        return held;
    }

    private static final class Held {
        final String name;
        final MosquittoBroker broker;
        /** Restart the broker (sessions kept) once the window has arrived, and hold after the reconnect. */
        final boolean restartBroker;
        final MqttSourceTask task;
        final List<SourceRecord> records = new ArrayList<>();
        int maxInFlight;

        Held(String name, MosquittoBroker broker, boolean restartBroker, MqttSourceTask task) {
            this.name = name;
            this.broker = broker;
            this.restartBroker = restartBroker;
            this.task = task;
        }

        /** Publishes, and polls without confirming anything for the hold time. */
        void hold() throws Exception {
            MqttIt.publish(broker.uri(), 1, MESSAGES, i -> name + "/x", i -> "m-" + i);
            await().atMost(Duration.ofSeconds(30)).until(() -> pollInto(task, records) && records.size() == WINDOW);
            if (restartBroker) {
                broker.restart();
                await().atMost(Duration.ofSeconds(30)).until(() -> pollInto(task, records)
                        && (Long) MqttIt.metric(name, 0, "Reconnects") >= 1L
                        && Boolean.TRUE.equals(MqttIt.metric(name, 0, "Connected")));
            }
            long until = System.currentTimeMillis() + HOLD_MS;
            while (System.currentTimeMillis() < until) {
                pollInto(task, records);
                maxInFlight = Math.max(maxInFlight, (Integer) MqttIt.metric(name, 0, "MessagesInFlight"));
            }
        }

        void assertConnectionKeptWithinTheWindow() {
            try {
                assertThat(maxInFlight).isLessThanOrEqualTo(WINDOW);
                assertThat(records).hasSize(WINDOW);
                // the broker sent exactly one window: nothing beyond it reached the client
                assertThat(MqttIt.metric(name, 0, "MessagesReceived")).isEqualTo((long) WINDOW);
                assertThat(MqttIt.metric(name, 0, "Reconnects")).isEqualTo(0L);
                assertThat(MqttIt.metric(name, 0, "Connected")).isEqualTo(true);
                assertThat(MqttIt.metric(name, 0, "MessagesAcknowledged")).isEqualTo(0L);
            } catch (AssertionError e) {
                task.stop();
                throw e;
            }
        }

        void releaseAndAssertAllDeliveredOnce() throws Exception {
            releaseAndAssertAllDelivered(true);
        }

        void releaseAndAssertAllDelivered(boolean exactlyOnce) throws Exception {
            try {
                deliverAll(task, name, records, exactlyOnce);
            } finally {
                task.stop();
            }
        }
    }

    /**
     * "Kafka" confirms what it holds (newest first, as across partitions), then everything else as it comes; every
     * message must arrive. Returns the number of duplicates.
     */
    private static int deliverAll(MqttSourceTask task, String name, List<SourceRecord> held, boolean exactlyOnce)
            throws Exception {
        List<String> all = new ArrayList<>();
        for (int i = held.size() - 1; i >= 0; i--) {
            all.add(value(held.get(i)));
            task.commitRecord(held.get(i), null);
        }
        Set<String> distinct = new HashSet<>(all);
        long deadline = System.currentTimeMillis() + 60_000;
        while (distinct.size() < MESSAGES && System.currentTimeMillis() < deadline) {
            List<SourceRecord> batch = task.poll();
            if (batch != null) {
                for (SourceRecord r : batch) {
                    all.add(value(r));
                    distinct.add(value(r));
                    task.commitRecord(r, null);
                }
            }
        }
        assertThat(distinct).hasSize(MESSAGES);
        if (exactlyOnce) {
            assertThat(all).hasSize(MESSAGES);
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(MqttIt.metric(name, 0, "MessagesInFlight")).isEqualTo(0));
        return all.size() - distinct.size();
    }

    private static boolean pollInto(MqttSourceTask task, List<SourceRecord> into) throws InterruptedException {
        List<SourceRecord> batch = task.poll();
        if (batch != null) {
            into.addAll(batch);
        }
        return true;
    }

    private static boolean pollValues(MqttSourceTask task, List<String> into) throws InterruptedException {
        List<SourceRecord> batch = task.poll();
        if (batch != null) {
            batch.forEach(r -> into.add(value(r)));
        }
        return true;
    }

    private static String value(SourceRecord r) {
        return new String((byte[]) r.value(), StandardCharsets.UTF_8);
    }

    private static ListAppender<ILoggingEvent> captureLogs() {
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        rootLogger().addAppender(appender);
        return appender;
    }

    private static Logger rootLogger() {
        return (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
    }

    private static List<String> warnings(ListAppender<ILoggingEvent> logs, String connector) {
        synchronized (logs) { // ListAppender appends under the appender's lock, not the list's
            return logs.list.stream().filter(e -> e.getLoggerName().equals(MqttSourceTask.class.getName()))
                    .map(ILoggingEvent::getFormattedMessage)
                    .filter(m -> m.contains("(client id " + connector + "-0)"))
                    .toList();
        }
    }
}
