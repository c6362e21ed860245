package dev.iotstream.connect.timeseries.it;

import dev.iotstream.connect.testing.ConnectClusters;
import dev.iotstream.connect.testing.OfficialInfluxDb;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static dev.iotstream.connect.timeseries.it.QuestDbSinkIT.taskState;
import static dev.iotstream.connect.timeseries.it.SinkItSupport.committedTotal;
import static dev.iotstream.connect.timeseries.it.SinkItSupport.connectorProps;
import static dev.iotstream.connect.timeseries.it.SinkItSupport.produce;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sink against a real InfluxDB 2.x or 3.x Core from the official image (influx.api v2, the default): written
 * points read back with the server's own query API, a wrong token, a missing bucket, a field type conflict. The
 * subclasses name the version and what differs between them. Where the image cannot run (our CI machines reach no
 * container registry) every test is SKIPPED with that reason, also under IOTSTREAM_CI (docs/testing.md).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class OfficialInfluxDbSinkSuite {
    private static final long BASE_MS = 1_700_000_000_000L;
    private OfficialInfluxDb influx;
    private EmbeddedConnectCluster connect;

    abstract OfficialInfluxDb.Version version();

    /** The bucket (2.x) or database (3.x) the points go to; 2.x has it from the image's setup. */
    abstract String bucket();

    /** HTTP status of a field type conflict: 422 on 2.x, 400 on 3.x. */
    abstract int conflictStatus();

    /** What a write to a bucket that does not exist does. */
    abstract void assertMissingBucket(EmbeddedConnectCluster connect, OfficialInfluxDb influx, String connector,
                                      String missing);

    @BeforeAll
    void startServers() {
        if (OfficialInfluxDb.unavailableReason(version()) != null) {
            return; // requireServer() then skips each test with the reason
        }
        influx = OfficialInfluxDb.start(version());
        connect = ConnectClusters.start("influx-" + version().name().toLowerCase() + "-sink-it");
    }

    @BeforeEach
    void requireServer() {
        OfficialInfluxDb.require(version());
    }

    @AfterAll
    void stopServers() {
        if (connect != null) {
            connect.stop();
        }
        if (influx != null) {
            influx.close();
        }
    }

    Map<String, String> props(String topic, String bucket) {
        Map<String, String> props = connectorProps(topic, influx.url());
        props.put("influx.token", influx.token());
        props.put("influx.org", OfficialInfluxDb.ORG);
        props.put("influx.bucket", bucket);
        props.put("time.field", "ts");
        props.put("time.unit", "ms");
        props.put("write.precision", "ms");
        return props;
    }

    @Test
    void everyPointIsReadBackWithItsTagValueAndTime() {
        String topic = prefix() + "weather";
        ConnectClusters.createTopic(connect, topic, 2);
        List<String[]> records = new ArrayList<>();
        Map<String, Double> expected = new TreeMap<>();
        for (int i = 0; i < 100; i++) {
            String device = "dev-" + (i % 5);
            records.add(new String[]{device, "{\"device\":\"" + device + "\",\"temp\":" + (20 + i * 0.5)
                    + ",\"ts\":" + (BASE_MS + i) + "}"});
            expected.put(device + "|" + (BASE_MS + i) * 1_000_000, 20 + i * 0.5);
        }
        produce(connect, topic, records, BASE_MS);
        Map<String, String> props = props(topic, bucket());
        props.put("tags", "device");
        SinkItSupport.start(connect, topic + "-sink", props);

        await().atMost(Duration.ofSeconds(60)).until(() -> influx.rows(bucket(), topic).size() == 100);
        Map<String, Double> actual = new TreeMap<>();
        for (Map<String, Object> row : influx.rows(bucket(), topic)) {
            actual.put(row.get("device") + "|" + row.get("time"), ((Number) row.get("temp")).doubleValue());
        }
        assertThat(actual).isEqualTo(expected);
        await().atMost(Duration.ofSeconds(30)).until(() -> committedTotal(connect, topic + "-sink") == 100);
        connect.deleteConnector(topic + "-sink");
    }

    @Test
    void aWrongTokenFailsTheTaskNamingTheSetting() {
        String topic = prefix() + "auth";
        ConnectClusters.createTopic(connect, topic, 1);
        produce(connect, topic, List.<String[]>of(new String[]{"k", "{\"v\":1,\"ts\":" + BASE_MS + "}"}), BASE_MS);
        Map<String, String> props = props(topic, bucket());
        props.put("influx.token", "not-the-token");
        props.put("validate.connection", "false");
        connect.configureConnector(topic + "-sink", props);
        await().atMost(Duration.ofSeconds(60)).until(() -> taskState(connect, topic + "-sink").equals("FAILED"));
        assertThat(connect.connectorStatus(topic + "-sink").tasks().get(0).trace())
                .contains("HTTP 401").contains("influx.token");
        assertThat(committedTotal(connect, topic + "-sink")).isZero();
        connect.deleteConnector(topic + "-sink");
    }

    @Test
    void aMissingBucket() {
        String topic = prefix() + "nobucket";
        ConnectClusters.createTopic(connect, topic, 1);
        produce(connect, topic, List.<String[]>of(new String[]{"k", "{\"v\":1,\"ts\":" + BASE_MS + "}"}), BASE_MS);
        Map<String, String> props = props(topic, "not-yet-there");
        props.put("validate.connection", "false");
        connect.configureConnector(topic + "-sink", props);
        assertMissingBucket(connect, influx, topic + "-sink", "not-yet-there");
        connect.deleteConnector(topic + "-sink");
    }

    /** Only the record whose field type conflicts with the stored one goes to the dead letter queue. */
    @Test
    void aFieldTypeConflictSendsOnlyThatRecordToTheDeadLetterQueue() {
        String topic = prefix() + "conflict";
        ConnectClusters.createTopic(connect, topic, 1);
        List<String[]> records = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String v = i == 7 ? "\"seven\"" : Double.toString(i + 0.5);
            records.add(new String[]{"k" + i, "{\"v\":" + v + ",\"ts\":" + (BASE_MS + i) + "}"});
        }
        produce(connect, topic, records.subList(0, 1), BASE_MS); // fixes v as a float first
        Map<String, String> props = SinkItSupport.withDeadLetterQueue(props(topic, bucket()), topic + "-dlq");
        props.put("flush.interval.ms", "1000");
        SinkItSupport.start(connect, topic + "-sink", props);
        await().atMost(Duration.ofSeconds(60)).until(() -> influx.rows(bucket(), topic).size() == 1);
        produce(connect, topic, records.subList(1, 20), BASE_MS);

        ConsumerRecords<byte[], byte[]> dead = connect.kafka().consume(1, 60_000, topic + "-dlq");
        Map<String, String> reasons = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : dead) {
            Header reason = r.headers().lastHeader("__connect.errors.exception.message");
            reasons.put(new String(r.key()), new String(reason.value()));
        }
        assertThat(reasons).containsOnlyKeys("k7");
        assertThat(reasons.get("k7")).contains("store rejected the point").contains("HTTP " + conflictStatus());
        await().atMost(Duration.ofSeconds(30)).until(() -> committedTotal(connect, topic + "-sink") == 20);
        List<Double> values = influx.rows(bucket(), topic).stream()
                .map(r -> ((Number) r.get("v")).doubleValue()).toList();
        List<Double> expected = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            if (i != 7) {
                expected.add(i + 0.5);
            }
        }
        assertThat(values).isEqualTo(expected);
        connect.deleteConnector(topic + "-sink");
    }

    private String prefix() {
        return version() == OfficialInfluxDb.Version.V2 ? "v2" : "v3";
    }
}
