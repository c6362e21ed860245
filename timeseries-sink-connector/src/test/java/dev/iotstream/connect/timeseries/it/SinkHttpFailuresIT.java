package dev.iotstream.connect.timeseries.it;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.iotstream.connect.testing.Cleanup;
import dev.iotstream.connect.testing.ConnectClusters;
import dev.iotstream.connect.testing.NginxProxy;
import dev.iotstream.connect.testing.ServerRuntime;
import dev.iotstream.connect.testing.TestCertificates;
import dev.iotstream.connect.testing.VictoriaMetricsServer;
import dev.iotstream.connect.timeseries.delivery.SinkTaskMetrics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

import javax.management.ObjectName;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.iotstream.connect.timeseries.it.QuestDbSinkIT.jmx;
import static dev.iotstream.connect.timeseries.it.QuestDbSinkIT.taskState;
import static dev.iotstream.connect.timeseries.it.SinkItSupport.committedTotal;
import static dev.iotstream.connect.timeseries.it.SinkItSupport.connectorProps;
import static dev.iotstream.connect.timeseries.it.SinkItSupport.produce;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Real HTTP failures between the sink and a real store: a real nginx in front of VictoriaMetrics answers 429 with
 * Retry-After, 503, 502 (store stopped behind it), 413 (body above client_max_body_size) and requires client
 * certificates. nginx's access log (millisecond timestamps) shows what the sink really sent and when; VictoriaMetrics
 * keeps duplicate samples (same series and timestamp, no -dedup flag), so sample counts reveal duplicate writes.
 */
class SinkHttpFailuresIT {
    private static final long BASE_MS = 1_700_000_000_000L;
    private static VictoriaMetricsServer vm;
    private static EmbeddedConnectCluster connect;

    @BeforeAll
    static void startServers() {
        if (!ServerRuntime.allAvailable(ServerRuntime.VICTORIA_METRICS, ServerRuntime.NGINX)) {
            return; // requireServers() then fails (CI) or skips each test with the reason
        }
        vm = VictoriaMetricsServer.start();
        connect = ConnectClusters.start("sink-http-failures-it");
    }

    @BeforeEach
    void requireServers() {
        ServerRuntime.requireAll(ServerRuntime.VICTORIA_METRICS, ServerRuntime.NGINX);
    }

    @AfterAll
    static void stopServers() {
        Cleanup.closeAll(connect == null ? null : connect::stop, vm);
    }

    private static List<String[]> readings(int from, int to) {
        List<String[]> records = new ArrayList<>();
        for (int i = from; i < to; i++) {
            records.add(new String[] {"dev-" + (i % 10), "{\"device\":\"dev-" + (i % 10) + "\",\"temp\":" + (i * 0.25)
                    + ",\"ts\":" + (BASE_MS + i * 1000L) + "}"});
        }
        return records;
    }

    private static Map<String, String> props(String topic, String url) {
        Map<String, String> props = connectorProps(topic, url);
        props.put("tags", "device");
        props.put("time.field", "ts");
        // Back-off alone would retry within 200 ms: a longer wait can only come from Retry-After.
        props.put("retry.backoff.initial.ms", "100");
        props.put("retry.backoff.max.ms", "200");
        return props;
    }

    /** Waits until the store has n points of {@code topic} and Kafka n committed offsets; then exactly n points. */
    private static void awaitEveryPointOnceAndCommitted(String topic, String connector, int n) {
        await().atMost(Duration.ofSeconds(30)).until(() -> samples(topic) >= n);
        await().atMost(Duration.ofSeconds(30)).until(() -> committedTotal(connect, connector) == n);
        assertThat(samples(topic)).as("every point exactly once").isEqualTo(n);
    }

    private static long samples(String measurement) {
        return vm.countSamples("{__name__=~\"" + measurement + "_.*\"}");
    }

    @Test
    void tooManyRequestsWithRetryAfterIsRetriedNoSoonerThanAskedAndEveryPointArrivesOnce() throws Exception {
        String topic = "ratelimited";
        try (NginxProxy proxy = NginxProxy.builder(vm.url()).start()) {
            proxy.respondWith(429, 2);
            ConnectClusters.createTopic(connect, topic, 1);
            produce(connect, topic, readings(0, 300), BASE_MS);
            SinkItSupport.start(connect, "ratelimited-sink", props(topic, proxy.url()));

            await().atMost(Duration.ofSeconds(30)).until(() -> proxy.writes().size() >= 3);
            proxy.passThrough();
            await().atMost(Duration.ofSeconds(30)).until(() -> samples(topic) >= 300);
            await().atMost(Duration.ofSeconds(30)).until(() -> committedTotal(connect, "ratelimited-sink") == 300);

            List<NginxProxy.Request> writes = proxy.writes();
            List<NginxProxy.Request> limited = writes.stream().filter(r -> r.status() == 429).toList();
            assertThat(limited).hasSizeGreaterThanOrEqualTo(3).allSatisfy(r -> assertThat(r.retryAfter()).isEqualTo(2));
            assertNoAttemptSoonerThanRetryAfter(writes, 2);
            assertThat(samples(topic)).as("every point exactly once").isEqualTo(300);
            ObjectName metrics = SinkTaskMetrics.objectName("ratelimited-sink", 0);
            // One more retry is allowed: the reload closes the idle keep-alive connection, and the next write on it
            // fails as a connection error (OkHttp's own silent retry is off), retried after a short back-off.
            assertThat((Long) jmx(metrics, "WriteRetries")).isBetween((long) limited.size(), limited.size() + 1L);
            assertThat(jmx(metrics, "PointsWritten")).isEqualTo(300L);
            connect.deleteConnector("ratelimited-sink");
        }
    }

    /**
     * A Retry-After (3 s) longer than the worker's offset commit interval (1 s, {@link ConnectClusters}): Connect
     * commits offsets several times during each wait. The task waits with its partitions paused instead of throwing
     * RetriableException, so Connect logs no ERROR; records produced during the wait stay in Kafka (the buffer does
     * not grow); after the store accepts writes, every partition is consumed again, every point lands once.
     */
    @Test
    void retryAfterLongerThanTheCommitIntervalWaitsWithoutConnectErrorsAndResumesEveryPartition() throws Exception {
        String topic = "ratelimitedlong";
        String connector = topic + "-sink";
        int partitions = 3;
        ListAppender<ILoggingEvent> logs = captureLogs();
        try (NginxProxy proxy = NginxProxy.builder(vm.url()).start()) {
            proxy.respondWith(429, 3);
            ConnectClusters.createTopic(connect, topic, partitions);
            produceRoundRobin(topic, partitions, readings(0, 300));
            SinkItSupport.start(connect, connector, props(topic, proxy.url()));
            ObjectName metrics = SinkTaskMetrics.objectName(connector, 0);

            await().atMost(Duration.ofSeconds(30)).until(() -> proxy.writes().size() >= 2);
            long buffered = ((Number) jmx(metrics, "BufferedRecords")).longValue();
            assertThat(buffered).isBetween(1L, 300L);
            // Produced while the task waits: its partitions are paused, so nothing more is taken into memory.
            produceRoundRobin(topic, partitions, readings(300, 600));
            await().atMost(Duration.ofSeconds(30)).until(() -> proxy.writes().size() >= 3);
            assertThat(((Number) jmx(metrics, "BufferedRecords")).longValue()).as("buffered while waiting")
                    .isEqualTo(buffered);
            assertThat(committedTotal(connect, connector)).as("offsets while waiting").isZero();
            proxy.passThrough();

            await().atMost(Duration.ofSeconds(30)).until(() -> samples(topic) >= 600);
            // After the recovery: records produced now must flow too (every partition was resumed).
            produceRoundRobin(topic, partitions, readings(600, 900));
            awaitEveryPointOnceAndCommitted(topic, connector, 900);
            assertThat(SinkItSupport.committedOffsets(connect, connector).values())
                    .as("every partition consumed to its end").hasSize(partitions)
                    .allSatisfy(offset -> assertThat(offset.offset()).isEqualTo(900L / partitions));

            List<NginxProxy.Request> writes = proxy.writes();
            List<NginxProxy.Request> limited = writes.stream().filter(r -> r.status() == 429).toList();
            assertThat(limited).hasSizeGreaterThanOrEqualTo(3);
            assertNoAttemptSoonerThanRetryAfter(writes, 3);
            long retries = (Long) jmx(metrics, "WriteRetries");
            assertThat(retries).isBetween((long) limited.size(), limited.size() + 1L);
            List<ILoggingEvent> events = snapshot(logs);
            assertThat(connectErrors(logs, connector))
                    .as("Connect's ERROR for a RetriableException, or any ERROR about this task").isEmpty();
            assertThat(events.stream().filter(e -> e.getLevel() == Level.WARN
                    && e.getFormattedMessage().contains("Connector " + connector + " task 0: write failed, retry")))
                    .as("one WARN of our own per failed attempt").hasSize((int) retries);
            connect.deleteConnector(connector);
        } finally {
            rootLogger().detachAppender(logs);
        }
    }

    /**
     * The topic grows from 1 to 3 partitions while the task waits out a Retry-After (3 s); the consumer sees it within
     * its metadata.max.age.ms (500 ms here) and rebalances. Partitions assigned during the wait are paused too, and
     * resumed with the others. Cooperative assignor: the task keeps partition 0 and its buffered records, so as long
     * as nginx answers 429 the buffer holds exactly partition 0's first 100 records; what was produced during the
     * wait (to all three partitions) stays in Kafka. Eager assignor (Connect's default): every partition is revoked
     * and assigned again, the buffer is dropped and consumed again after the wait. Either way no attempt comes before
     * the Retry-After has passed, no Connect ERROR, and every point lands once.
     */
    @ParameterizedTest
    @ValueSource(strings = {"CooperativeStickyAssignor", "RangeAssignor"})
    void partitionsAssignedDuringTheWaitArePausedTooAndEveryPointLandsOnce(String assignor) throws Exception {
        boolean cooperative = assignor.startsWith("Cooperative");
        String topic = "growing" + (cooperative ? "coop" : "eager");
        String connector = topic + "-sink";
        ListAppender<ILoggingEvent> logs = captureLogs();
        try (NginxProxy proxy = NginxProxy.builder(vm.url()).start()) {
            proxy.respondWith(429, 3);
            ConnectClusters.createTopic(connect, topic, 1);
            produceRoundRobin(topic, 1, readings(0, 100));
            Map<String, String> props = props(topic, proxy.url());
            props.put("consumer.override.metadata.max.age.ms", "500");
            props.put("consumer.override.partition.assignment.strategy",
                    "org.apache.kafka.clients.consumer." + assignor);
            SinkItSupport.start(connect, connector, props);
            ObjectName metrics = SinkTaskMetrics.objectName(connector, 0);
            ObjectName connectMetrics = new ObjectName("kafka.connect:type=sink-task-metrics,connector=" + connector
                    + ",task=0");

            await().atMost(Duration.ofSeconds(30)).until(() -> proxy.writes().size() >= 1);
            growTopic(topic, 3);
            produceRoundRobin(topic, 3, readings(100, 400));
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    ((Number) jmx(connectMetrics, "partition-count")).intValue() == 3);
            int attempts = proxy.writes().size();
            await().atMost(Duration.ofSeconds(30)).until(() -> proxy.writes().size() >= attempts + 2);
            if (cooperative) {
                assertThat(((Number) jmx(metrics, "BufferedRecords")).longValue())
                        .as("buffered while waiting: partition 0's first records only").isEqualTo(100);
            }
            assertThat(committedTotal(connect, connector)).as("offsets while waiting").isZero();
            proxy.passThrough();

            awaitEveryPointOnceAndCommitted(topic, connector, 400);
            Map<Integer, Long> offsets = new HashMap<>();
            SinkItSupport.committedOffsets(connect, connector)
                    .forEach((tp, o) -> offsets.put(tp.partition(), o.offset()));
            assertThat(offsets).isEqualTo(Map.of(0, 200L, 1, 100L, 2, 100L));
            assertRecoveredQuietly(proxy, logs, connector, 3);
            connect.deleteConnector(connector);
        } finally {
            rootLogger().detachAppender(logs);
        }
    }

    /**
     * The user pauses the connector through the REST API while the task waits out a Retry-After (3 s). Pausing
     * reaches PAUSED promptly (the wait holds no thread); a resume during the wait must not undo the task's own
     * pause of its partitions (Connect's resume leaves partitions the task paused alone), so nothing more is taken
     * into memory before the wait is over; while paused, records produced in the meantime stay in Kafka even once
     * the store accepts writes again; after the resume every point lands once, with no Connect ERROR.
     */
    @Test
    void pausedThroughRestDuringARetryWaitThenResumedEveryPointOnce() throws Exception {
        String topic = "pausedwait";
        String connector = topic + "-sink";
        int partitions = 3;
        ListAppender<ILoggingEvent> logs = captureLogs();
        try (NginxProxy proxy = NginxProxy.builder(vm.url()).start()) {
            proxy.respondWith(429, 3);
            ConnectClusters.createTopic(connect, topic, partitions);
            produceRoundRobin(topic, partitions, readings(0, 300));
            SinkItSupport.start(connect, connector, props(topic, proxy.url()));
            ObjectName metrics = SinkTaskMetrics.objectName(connector, 0);
            // The task has seen the 429 and paused its partitions (a failure becomes known to the task thread at
            // its next put(), and Connect calls none while the connector is paused: so not just "nginx answered").
            await().atMost(Duration.ofSeconds(30)).until(() -> (Long) jmx(metrics, "WriteRetries") >= 1);
            long buffered = ((Number) jmx(metrics, "BufferedRecords")).longValue();

            connect.pauseConnector(connector);
            await().atMost(Duration.ofSeconds(10)).until(() -> "PAUSED".equals(taskState(connect, connector)));
            connect.resumeConnector(connector);
            await().atMost(Duration.ofSeconds(10)).until(() -> "RUNNING".equals(taskState(connect, connector)));
            produceRoundRobin(topic, partitions, readings(300, 600));
            await().atMost(Duration.ofSeconds(30)).until(() -> (Long) jmx(metrics, "WriteRetries") >= 2);
            assertThat(((Number) jmx(metrics, "BufferedRecords")).longValue())
                    .as("buffered after a pause and resume inside the wait").isEqualTo(buffered);

            connect.pauseConnector(connector);
            await().atMost(Duration.ofSeconds(10)).until(() -> "PAUSED".equals(taskState(connect, connector)));
            proxy.passThrough();
            produceRoundRobin(topic, partitions, readings(600, 900));
            // Longer than the Retry-After: whatever the task does with its buffer, paused partitions stay unread.
            await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(8))
                    .until(() -> samples(topic) <= buffered);
            connect.resumeConnector(connector);

            awaitEveryPointOnceAndCommitted(topic, connector, 900);
            assertRecoveredQuietly(proxy, logs, connector, 3);
            connect.deleteConnector(connector);
        } finally {
            rootLogger().detachAppender(logs);
        }
    }

    /**
     * A rebalance while a write is in flight: Connect calls close() for the revoked partitions, which waits for the
     * write, and nginx holds it (rate limiter) until the request timeout (6 s). The failed write must still be
     * followed by the back-off (here 1-2 s) before the next attempt, not retried at once after the rebalance. Connect's
     * default (eager) assignor revokes every partition, so close() sees the failure; the topic grows from 1 to 3
     * partitions during the held write.
     */
    @Test
    void writeFailingDuringARebalanceIsRetriedOnlyAfterTheBackoff() throws Exception {
        String topic = "rebalanceinflight";
        String connector = topic + "-sink";
        long requestTimeoutMs = 6000;
        try (NginxProxy proxy = NginxProxy.builder(vm.url()).start()) {
            proxy.delayRequests();
            ConnectClusters.createTopic(connect, topic, 1);
            produceRoundRobin(topic, 1, readings(0, 100));
            Map<String, String> props = props(topic, proxy.url());
            props.put("influx.request.timeout.ms", String.valueOf(requestTimeoutMs));
            props.put("validate.connection", "false"); // the start-up check would be held too, and only warn
            props.put("retry.backoff.initial.ms", "2000"); // with jitter: 1000-2000 ms
            props.put("retry.backoff.max.ms", "2000");
            props.put("consumer.override.metadata.max.age.ms", "500");
            SinkItSupport.start(connect, connector, props);
            ObjectName connectMetrics = new ObjectName("kafka.connect:type=sink-task-metrics,connector=" + connector
                    + ",task=0");
            // The limiter lets the first request through at once and holds every later one.
            await().atMost(Duration.ofSeconds(30)).until(() -> samples(topic) == 100);

            produceRoundRobin(topic, 1, readings(100, 200));
            ObjectName metrics = SinkTaskMetrics.objectName(connector, 0);
            await().atMost(Duration.ofSeconds(10)).until(() -> ((Number) jmx(metrics, "BufferedRecords")).intValue() > 0);
            Thread.sleep(500); // the write is submitted once the records waited flush.interval.ms (200 ms)
            growTopic(topic, 3);
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    ((Number) jmx(connectMetrics, "partition-count")).intValue() == 3);
            produceRoundRobin(topic, 3, readings(200, 500));
            await().atMost(Duration.ofSeconds(60)).until(() ->
                    proxy.writes().stream().filter(r -> r.status() == 499).count() >= 3);
            assertThat(committedTotal(connect, connector)).as("offsets while writes time out").isEqualTo(100);
            proxy.passThrough();

            await().atMost(Duration.ofSeconds(30)).until(() -> samples(topic) >= 500);
            await().atMost(Duration.ofSeconds(30)).until(() -> committedTotal(connect, connector) == 500);
            assertThat(samples(topic)).as("no loss, no duplicates").isEqualTo(500);
            List<NginxProxy.Request> writes = proxy.writes();
            for (int i = 1; i < writes.size(); i++) {
                if (writes.get(i - 1).status() == 499) {
                    // nginx logs a request when it ends: a held one at the client's timeout, the next one no sooner
                    // than the back-off plus (if held too) its own timeout; passed-through ones take milliseconds.
                    long gap = writes.get(i).epochMs() - writes.get(i - 1).epochMs();
                    assertThat(gap).as("ms from a timed-out write to the end of the next; writes: " + writes)
                            .isGreaterThanOrEqualTo(writes.get(i).status() == 499 ? requestTimeoutMs + 990 : 990);
                }
            }
            assertThat(taskState(connect, connector)).isEqualTo("RUNNING");
            connect.deleteConnector(connector);
        }
    }

    private static void growTopic(String topic, int partitions) throws Exception {
        try (Admin admin = connect.kafka().createAdminClient()) {
            admin.createPartitions(Map.of(topic, NewPartitions.increaseTo(partitions))).all().get(30, TimeUnit.SECONDS);
            // A producer that starts before the broker leads every new partition can fail (see ConnectClusters).
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                List<TopicPartitionInfo> infos = admin.describeTopics(List.of(topic)).allTopicNames().get()
                        .get(topic).partitions();
                return infos.size() == partitions && infos.stream().allMatch(i -> i.leader() != null);
            });
        }
    }

    /** After a rate-limited wait: no early attempt, the task running, and no ERROR from Connect or about the task. */
    private static void assertRecoveredQuietly(NginxProxy proxy, ListAppender<ILoggingEvent> logs, String connector,
                                               int retryAfterSeconds) {
        assertNoAttemptSoonerThanRetryAfter(proxy.writes(), retryAfterSeconds);
        assertThat(taskState(connect, connector)).isEqualTo("RUNNING");
        assertThat(connectErrors(logs, connector)).as("Connect's ERROR for a RetriableException, or any ERROR "
                + "about this task").isEmpty();
    }

    /** Every attempt after a 429 came at least Retry-After seconds later (10 ms for the log's rounding). */
    private static void assertNoAttemptSoonerThanRetryAfter(List<NginxProxy.Request> writes, int retryAfterSeconds) {
        for (int i = 1; i < writes.size(); i++) {
            if (writes.get(i - 1).status() == 429) {
                assertThat(writes.get(i).epochMs() - writes.get(i - 1).epochMs())
                        .as("ms between a 429 with Retry-After: " + retryAfterSeconds + " and the next attempt; "
                                + "writes: " + writes)
                        .isGreaterThanOrEqualTo(retryAfterSeconds * 1000L - 10);
            }
        }
    }

    private static List<String> connectErrors(ListAppender<ILoggingEvent> logs, String connector) {
        return snapshot(logs).stream().filter(e -> e.getLevel() == Level.ERROR
                        && (e.getFormattedMessage().contains(connector)
                        || e.getFormattedMessage().contains("RetriableException")))
                .map(ILoggingEvent::getFormattedMessage).toList();
    }

    private static void produceRoundRobin(String topic, int partitions, List<String[]> keyValues) {
        long now = System.currentTimeMillis();
        try (KafkaProducer<byte[], byte[]> producer = connect.kafka().createProducer(Map.of())) {
            for (int i = 0; i < keyValues.size(); i++) {
                producer.send(new ProducerRecord<>(topic, i % partitions, now, SinkItSupport.bytes(keyValues.get(i)[0]),
                        SinkItSupport.bytes(keyValues.get(i)[1])));
            }
            producer.flush();
        }
    }

    private static ch.qos.logback.classic.Logger rootLogger() {
        return (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }

    private static ListAppender<ILoggingEvent> captureLogs() {
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        // on the root logger: Connect's worker and the task (loaded by Connect) log through the same logback context
        rootLogger().addAppender(appender);
        return appender;
    }

    private static List<ILoggingEvent> snapshot(ListAppender<ILoggingEvent> logs) {
        synchronized (logs) { // AppenderBase appends under the appender's lock
            return new ArrayList<>(logs.list);
        }
    }

    @Test
    void storeDownBehindTheProxyGives502sThenEveryPointOnceAndNoOffsetPastUnwrittenData() throws Exception {
        String topic = "badgateway";
        try (VictoriaMetricsServer store = VictoriaMetricsServer.start();
             NginxProxy proxy = NginxProxy.builder(store.url()).start()) {
            ConnectClusters.createTopic(connect, topic, 1);
            produce(connect, topic, readings(0, 200), BASE_MS);
            Map<String, String> props = props(topic, proxy.url());
            props.put("retry.backoff.max.ms", "500");
            SinkItSupport.start(connect, "badgateway-sink", props);
            String match = "{__name__=~\"" + topic + "_.*\"}";
            await().atMost(Duration.ofSeconds(30)).until(() -> store.countSamples(match) == 200);
            await().atMost(Duration.ofSeconds(30)).until(() -> committedTotal(connect, "badgateway-sink") == 200);

            store.stop();
            produce(connect, topic, readings(200, 500), BASE_MS);
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    proxy.writes().stream().filter(r -> r.status() == 502).count() >= 5);
            assertThat(committedTotal(connect, "badgateway-sink")).as("offsets during the outage").isEqualTo(200);
            assertThat(taskState(connect, "badgateway-sink")).isEqualTo("RUNNING");
            store.restart();

            await().atMost(Duration.ofSeconds(30)).until(() -> store.countSamples(match) >= 500);
            await().atMost(Duration.ofSeconds(30)).until(() -> committedTotal(connect, "badgateway-sink") == 500);
            assertThat(store.countSamples(match)).as("no loss, no duplicates").isEqualTo(500);
            ObjectName metrics = SinkTaskMetrics.objectName("badgateway-sink", 0);
            assertThat(jmx(metrics, "PointsWritten")).isEqualTo(500L);
            assertThat((Long) jmx(metrics, "WriteRetries")).isGreaterThanOrEqualTo(5L);
            connect.deleteConnector("badgateway-sink");
        }
    }

    @Test
    void requestsHeldPastTheRequestTimeoutAreRetriedAndEveryPointArrivesOnce() throws Exception {
        String topic = "heldback";
        try (NginxProxy proxy = NginxProxy.builder(vm.url()).start()) {
            proxy.delayRequests();
            ConnectClusters.createTopic(connect, topic, 1);
            produce(connect, topic, readings(0, 100), BASE_MS);
            Map<String, String> props = props(topic, proxy.url());
            props.put("influx.request.timeout.ms", "1000");
            props.put("validate.connection", "false"); // the start-up check would be held too, and only warn
            SinkItSupport.start(connect, "heldback-sink", props);
            // The limiter lets the first request through at once and holds every later one for a minute.
            await().atMost(Duration.ofSeconds(30)).until(() -> samples(topic) == 100);

            produce(connect, topic, readings(100, 300), BASE_MS);
            ObjectName metrics = SinkTaskMetrics.objectName("heldback-sink", 0);
            await().atMost(Duration.ofSeconds(30)).until(() -> (Long) jmx(metrics, "WriteRetries") >= 3);
            assertThat(committedTotal(connect, "heldback-sink")).as("offsets while writes time out").isEqualTo(100);
            proxy.passThrough();

            await().atMost(Duration.ofSeconds(30)).until(() -> samples(topic) >= 300);
            await().atMost(Duration.ofSeconds(30)).until(() -> committedTotal(connect, "heldback-sink") == 300);
            assertThat(samples(topic)).as("no loss, no duplicates").isEqualTo(300);
            assertThat(jmx(metrics, "PointsWritten")).isEqualTo(300L);
            // nginx logs 499 (client closed) for each write the sink gave up on: none reached the store.
            assertThat(proxy.writes().stream().filter(r -> r.status() == 499).count()).isGreaterThanOrEqualTo(3);
            connect.deleteConnector("heldback-sink");
        }
    }

    @Test
    void serverErrorsForeverFailTheTaskAfterTheRetryTimeoutNamingStatusAndUrl() throws Exception {
        String topic = "unavailable";
        try (NginxProxy proxy = NginxProxy.builder(vm.url()).start()) {
            proxy.respondWith(503, -1);
            ConnectClusters.createTopic(connect, topic, 1);
            produce(connect, topic, readings(0, 20), BASE_MS);
            Map<String, String> props = props(topic, proxy.url());
            props.put("retry.timeout.ms", "4000");
            SinkItSupport.start(connect, "unavailable-sink", props);

            await().atMost(Duration.ofSeconds(40)).until(() -> taskState(connect, "unavailable-sink").equals("FAILED"));
            String trace = connect.connectorStatus("unavailable-sink").tasks().get(0).trace();
            assertThat(trace).contains("HTTP 503").contains(proxy.url()).contains("retry.timeout.ms=4000")
                    .contains("gave up");
            List<NginxProxy.Request> writes = proxy.writes();
            assertThat(writes).hasSizeGreaterThanOrEqualTo(3).allSatisfy(r -> assertThat(r.status()).isEqualTo(503));
            // The deadline runs on the task's clock from when it handled the first failure; the last attempt is within
            // one back-off (<= 200 ms) of it, plus however late the task thread got to the answer on a busy machine.
            assertThat(writes.get(writes.size() - 1).epochMs() - writes.get(0).epochMs())
                    .as("kept retrying for about retry.timeout.ms").isGreaterThanOrEqualTo(3000);
            Matcher gaveUp = Pattern.compile("gave up after (\\d+) ms").matcher(trace);
            assertThat(gaveUp.find()).isTrue();
            assertThat(Long.parseLong(gaveUp.group(1))).isBetween(4000L, 20_000L);
            assertThat(committedTotal(connect, "unavailable-sink")).isZero();
            assertThat(samples(topic)).isZero();
            connect.deleteConnector("unavailable-sink");
        }
    }

    @Test
    void requestsAboveTheProxysBodyLimitAreSplitUntilEveryPointLands() throws Exception {
        String topic = "toolarge";
        try (NginxProxy proxy = NginxProxy.builder(vm.url()).clientMaxBodySize("8k").start()) {
            ConnectClusters.createTopic(connect, topic, 1);
            produce(connect, topic, readings(0, 2000), BASE_MS);
            Map<String, String> props = props(topic, proxy.url());
            props.put("influx.gzip", "false"); // gzip squeezes the whole batch to about 8 KiB
            props.put("batch.size", "2000");
            SinkItSupport.start(connect, "toolarge-sink", props);

            await().atMost(Duration.ofSeconds(40)).until(() -> samples(topic) >= 2000);
            await().atMost(Duration.ofSeconds(30)).until(() -> committedTotal(connect, "toolarge-sink") == 2000);
            assertThat(samples(topic)).isEqualTo(2000);
            List<NginxProxy.Request> writes = proxy.writes();
            assertThat(writes).anySatisfy(r -> assertThat(r.status()).isEqualTo(413));
            assertThat(writes.stream().filter(r -> r.status() / 100 == 2).toList()).hasSizeGreaterThan(1)
                    .allSatisfy(r -> assertThat(r.bodyLength()).isBetween(1L, 8192L));
            ObjectName metrics = SinkTaskMetrics.objectName("toolarge-sink", 0);
            assertThat((Long) jmx(metrics, "RejectedRequests")).isPositive();
            assertThat(jmx(metrics, "RecordsToDeadLetterQueue")).isEqualTo(0L);
            assertThat(jmx(metrics, "PointsWritten")).isEqualTo(2000L);
            connect.deleteConnector("toolarge-sink");
        }
    }

    @Test
    void clientCertificateFromTheKeystoreIsRequiredByTheStoresProxy() throws Exception {
        try (TestCertificates certs = TestCertificates.generate();
             NginxProxy proxy = NginxProxy.builder(vm.url()).tls(certs, true).start()) {
            String topic = "mtls";
            ConnectClusters.createTopic(connect, topic, 1);
            produce(connect, topic, readings(0, 100), BASE_MS);
            Map<String, String> props = props(topic, proxy.url());
            props.put("influx.ssl.truststore.location", certs.truststore("PKCS12").toString());
            props.put("influx.ssl.truststore.password", TestCertificates.PASSWORD);

            Map<String, String> withoutCertificate = new HashMap<>(props);
            withoutCertificate.put("name", "mtls-nocert-sink");
            String errors = String.valueOf(connect.validateConnectorConfig("TimeSeriesSinkConnector",
                    withoutCertificate).values());
            assertThat(errors).contains("influx.url").contains("client certificate")
                    .contains("influx.ssl.keystore.location");

            props.put("influx.ssl.keystore.location", certs.clientKeystore("PKCS12").toString());
            props.put("influx.ssl.keystore.password", TestCertificates.PASSWORD);
            props.put("influx.ssl.keystore.type", "PKCS12");
            SinkItSupport.start(connect, "mtls-sink", props);
            await().atMost(Duration.ofSeconds(30)).until(() -> samples(topic) >= 100);
            await().atMost(Duration.ofSeconds(30)).until(() -> committedTotal(connect, "mtls-sink") == 100);
            assertThat(samples(topic)).isEqualTo(100);
            connect.deleteConnector("mtls-sink");

            // Without the check at creation, the task itself stops with the same reason instead of retrying.
            String topic2 = "mtlsnocert";
            ConnectClusters.createTopic(connect, topic2, 1);
            produce(connect, topic2, readings(0, 10), BASE_MS);
            withoutCertificate.put("topics", topic2);
            withoutCertificate.put("validate.connection", "false");
            connect.configureConnector("mtls-nocert-sink", withoutCertificate);
            await().atMost(Duration.ofSeconds(30)).until(() -> taskState(connect, "mtls-nocert-sink").equals("FAILED"));
            String trace = connect.connectorStatus("mtls-nocert-sink").tasks().get(0).trace();
            assertThat(trace).contains("client certificate").contains("influx.ssl.keystore.location");
            assertThat(committedTotal(connect, "mtls-nocert-sink")).isZero();
            connect.deleteConnector("mtls-nocert-sink");
        }
    }
}
