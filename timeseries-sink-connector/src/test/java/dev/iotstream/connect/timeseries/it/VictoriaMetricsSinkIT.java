package dev.iotstream.connect.timeseries.it;

import dev.iotstream.connect.testing.ConnectClusters;
import dev.iotstream.connect.testing.NginxProxy;
import dev.iotstream.connect.testing.ServerRuntime;
import dev.iotstream.connect.testing.VictoriaMetricsServer;
import dev.iotstream.connect.testing.VictoriaMetricsServer.Series;
import dev.iotstream.connect.timeseries.TimeSeriesSinkConnector;
import org.apache.kafka.connect.runtime.rest.entities.ConfigInfos;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static dev.iotstream.connect.timeseries.it.QuestDbSinkIT.taskState;
import static dev.iotstream.connect.timeseries.it.SinkItSupport.committedTotal;
import static dev.iotstream.connect.timeseries.it.SinkItSupport.connectorProps;
import static dev.iotstream.connect.timeseries.it.SinkItSupport.produce;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Kafka -> real Connect worker -> VictoriaMetrics process, read back through /api/v1/export; for what is on the wire
 * (compression), through nginx in front of it, whose access log records each request.
 */
class VictoriaMetricsSinkIT {
    private static final long BASE_MS = 1_700_000_000_000L;
    private static VictoriaMetricsServer vm;
    private static VictoriaMetricsServer vmWithAuth;
    private static EmbeddedConnectCluster connect;

    @BeforeAll
    static void startServers() {
        if (!ServerRuntime.allAvailable(ServerRuntime.VICTORIA_METRICS)) {
            return; // requireServers() then fails (CI) or skips each test with the reason
        }
        vm = VictoriaMetricsServer.start();
        vmWithAuth = VictoriaMetricsServer.startWithBasicAuth("writer", "s3cret");
        connect = ConnectClusters.start("vm-sink-it");
    }

    @BeforeEach
    void requireServers() {
        ServerRuntime.requireAll(ServerRuntime.VICTORIA_METRICS);
    }

    @AfterAll
    static void stopServers() {
        if (connect != null) {
            connect.stop();
        }
        if (vm != null) {
            vm.close();
        }
        if (vmWithAuth != null) {
            vmWithAuth.close();
        }
    }

    @Test
    void everyPointArrivesWithItsLabelsValuesAndTime() {
        String topic = "vmweather";
        ConnectClusters.createTopic(connect, topic, 2);
        List<String[]> records = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            records.add(new String[]{"dev-" + (i % 10), "{\"device\":\"dev-" + (i % 10) + "\",\"site\":\"s" + (i % 2)
                    + "\",\"temp\":" + (20 + i * 0.5) + ",\"hum\":" + (i % 100) + ",\"ts\":" + (BASE_MS + i * 1000L) + "}"});
        }
        produce(connect, topic, records, BASE_MS);
        Map<String, String> props = connectorProps(topic, vm.url());
        props.remove("influx.org");
        props.put("tags", "device,site");
        props.put("time.field", "ts");
        SinkItSupport.start(connect, "vmweather-sink", props);

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(vm.countSamples("{__name__=~\"vmweather_.*\"}"))
                .isEqualTo(1000));
        Map<String, Double> actual = new TreeMap<>();
        for (Series s : vm.export("{__name__=~\"vmweather_.*\"}")) {
            assertThat(s.labels()).containsOnlyKeys("device", "site");
            s.samples().forEach((t, v) -> actual.put(s.name() + "|" + s.labels().get("device") + "|"
                    + s.labels().get("site") + "|" + t, v));
        }
        Map<String, Double> expected = new TreeMap<>();
        for (int i = 0; i < 500; i++) {
            String labels = "|dev-" + (i % 10) + "|s" + (i % 2) + "|" + (BASE_MS + i * 1000L);
            expected.put("vmweather_temp" + labels, 20 + i * 0.5);
            expected.put("vmweather_hum" + labels, (double) (i % 100));
        }
        assertThat(actual).isEqualTo(expected);
        await().atMost(Duration.ofSeconds(30)).until(() -> committedTotal(connect, "vmweather-sink") == 500);
        connect.deleteConnector("vmweather-sink");
    }

    @Test
    void timestampUnitsAndIsoStringsRoundTrip() {
        String topic = "vmtimes";
        ConnectClusters.createTopic(connect, topic, 1);
        long ms = BASE_MS + 123;
        produce(connect, topic, List.of(
                new String[]{"s", "{\"unit\":\"s\",\"v\":1,\"ts\":" + (BASE_MS / 1000) + "}"},
                new String[]{"s-fraction", "{\"unit\":\"sf\",\"v\":2,\"ts\":" + (ms / 1000.0) + "}"},
                new String[]{"ms", "{\"unit\":\"ms\",\"v\":3,\"ts\":" + ms + "}"},
                new String[]{"us", "{\"unit\":\"us\",\"v\":4,\"ts\":" + (ms * 1000 + 456) + "}"},
                new String[]{"ns", "{\"unit\":\"ns\",\"v\":5,\"ts\":" + (ms * 1_000_000 + 456_789) + "}"},
                new String[]{"iso", "{\"unit\":\"iso\",\"v\":6,\"ts\":\"2023-11-14T22:13:20.123456Z\"}"},
                new String[]{"record", "{\"unit\":\"record\",\"v\":7}"}), ms + 5000);
        Map<String, String> props = connectorProps(topic, vm.url());
        props.put("tags", "unit");
        props.put("time.field", "ts");
        props.put("time.unit", "auto");
        props.put("time.fallback", "fail");
        props.put("errors.tolerance", "all");
        props.put("errors.log.enable", "true");
        SinkItSupport.start(connect, "vmtimes-sink", props);
        await().atMost(Duration.ofSeconds(60)).until(() -> vm.countSamples("{__name__=\"vmtimes_v\"}") == 6);
        Map<String, Long> times = new TreeMap<>();
        vm.export("{__name__=\"vmtimes_v\"}").forEach(s -> times.put(s.labels().get("unit"), s.timestamps().get(0)));
        // VictoriaMetrics keeps milliseconds; every unit must land on the same instant (never 1970, never 5e4 AD).
        assertThat(times).containsExactlyInAnyOrderEntriesOf(Map.of("s", BASE_MS, "sf", ms, "ms", ms, "us", ms,
                "ns", ms, "iso", ms));
        // The record without a time field is a data error (reported), not a point at the wall-clock time.
        await().atMost(Duration.ofSeconds(30)).until(() -> committedTotal(connect, "vmtimes-sink") == 7);
        connect.deleteConnector("vmtimes-sink");

        String coarse = "vmcoarse";
        ConnectClusters.createTopic(connect, coarse, 1);
        produce(connect, coarse, List.<String[]>of(new String[]{"k", "{\"v\":1,\"ts\":" + ms + "}"}), ms);
        Map<String, String> secondProps = connectorProps(coarse, vm.url());
        secondProps.put("time.field", "ts");
        secondProps.put("time.unit", "ms");
        secondProps.put("write.precision", "s");
        SinkItSupport.start(connect, "vmcoarse-sink", secondProps);
        await().atMost(Duration.ofSeconds(60)).until(() -> vm.countSamples("{__name__=\"vmcoarse_v\"}") == 1);
        assertThat(vm.export("{__name__=\"vmcoarse_v\"}").get(0).timestamps()).containsExactly(BASE_MS);
        connect.deleteConnector("vmcoarse-sink");
    }

    @Test
    void escapedNamesAndLabelValuesRoundTrip() {
        String topic = "vmescape";
        ConnectClusters.createTopic(connect, topic, 1);
        String nasty = "a b,c=d\"e\\f";
        produce(connect, topic, List.<String[]>of(new String[]{"k", "{\"tag\":\"" + nasty.replace("\\", "\\\\").replace("\"", "\\\"")
                + "\",\"line\":\"x\\ny\",\"my field,=\":1.5,\"ts\":" + BASE_MS + "}"}), BASE_MS);
        Map<String, String> props = connectorProps(topic, vm.url());
        props.put("measurement", "vm escape");
        props.put("tags", "tag,line");
        props.put("time.field", "ts");
        SinkItSupport.start(connect, "vmescape-sink", props);
        await().atMost(Duration.ofSeconds(60)).until(() -> vm.countSamples("{__name__=~\"vm escape_.*\"}") == 1);
        Series series = vm.export("{__name__=~\"vm escape_.*\"}").get(0);
        assertThat(series.name()).isEqualTo("vm escape_my field,=");
        assertThat(series.labels()).containsEntry("tag", nasty).containsEntry("line", "x\\ny");
        assertThat(series.values()).containsExactly(1.5);
        connect.deleteConnector("vmescape-sink");
    }

    @Test
    void wrongTokenFailsFastInsteadOfRetrying() throws Exception {
        String topic = "vmauth";
        ConnectClusters.createTopic(connect, topic, 1);
        produce(connect, topic, List.<String[]>of(new String[]{"k", "{\"v\":1}"}), BASE_MS);
        Map<String, String> props = connectorProps(topic, vmWithAuth.url());
        props.put("influx.token", "not-the-password");
        props.put("validate.connection", "false");
        long start = System.nanoTime();
        connect.configureConnector("vmauth-sink", props);
        await().atMost(Duration.ofSeconds(60)).until(() -> taskState(connect, "vmauth-sink").equals("FAILED"));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
        String trace = connect.connectorStatus("vmauth-sink").tasks().get(0).trace();
        assertThat(trace).contains("HTTP 401").contains("influx.token").contains("not retried");
        assertThat(committedTotal(connect, "vmauth-sink")).isZero();
        connect.deleteConnector("vmauth-sink");

        props.put("validate.connection", "true");
        ConfigInfos infos = connect.validateConnectorConfig(TimeSeriesSinkConnector.class.getSimpleName(), props);
        assertThat(infos.values()).filteredOn(v -> v.configValue().name().equals("influx.url")).singleElement()
                .satisfies(v -> assertThat(v.configValue().errors()).anyMatch(m -> m.contains("401") && m.contains("influx.token")));
        // With the check on (the default), the worker refuses to create the connector at all.
        assertThatThrownBy(() -> connect.configureConnector("vmauth-sink2", props))
                .hasMessageContaining("HTTP 401").hasMessageContaining("influx.token");
    }

    /**
     * influx.gzip is on by default: every write request carries Content-Encoding: gzip (as nginx logged it), and
     * VictoriaMetrics decoding every point from it proves the body really is gzip. With influx.gzip=false the same
     * points go as plain bodies with a known length and no Content-Encoding.
     */
    @Test
    void writesAreGzipCompressedByDefaultAndPlainWithGzipOff() throws Exception {
        ServerRuntime.NGINX.require();
        try (NginxProxy defaults = NginxProxy.builder(vm.url()).start();
             NginxProxy gzipOff = NginxProxy.builder(vm.url()).start()) {
            writeThrough(defaults, "vmgzipdefault", null);
            writeThrough(gzipOff, "vmgzipoff", "false");

            assertThat(defaults.writes()).as("requests with the default settings").isNotEmpty()
                    .allSatisfy(r -> assertThat(r.contentEncoding()).isEqualTo("gzip"))
                    .allSatisfy(r -> assertThat(r.status()).isEqualTo(204));
            assertThat(gzipOff.writes()).as("requests with influx.gzip=false").isNotEmpty()
                    .allSatisfy(r -> assertThat(r.contentEncoding()).isNull())
                    .allSatisfy(r -> assertThat(r.bodyLength()).isPositive())
                    .allSatisfy(r -> assertThat(r.status()).isEqualTo(204));
        }
    }

    /** 200 points into {@code topic} through {@code proxy}, with influx.gzip as given (null: not set). */
    private static void writeThrough(NginxProxy proxy, String topic, String gzip) {
        ConnectClusters.createTopic(connect, topic, 1);
        List<String[]> records = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            records.add(new String[]{"dev-" + (i % 5), "{\"device\":\"dev-" + (i % 5) + "\",\"temp\":" + (i * 0.5)
                    + ",\"ts\":" + (BASE_MS + i * 1000L) + "}"});
        }
        produce(connect, topic, records, BASE_MS);
        Map<String, String> props = connectorProps(topic, proxy.url());
        props.put("tags", "device");
        props.put("time.field", "ts");
        if (gzip != null) {
            props.put("influx.gzip", gzip);
        }
        String connector = topic + "-sink";
        SinkItSupport.start(connect, connector, props);
        String series = "{__name__=~\"" + topic + "_.*\"}";
        await().atMost(Duration.ofSeconds(30)).until(() -> vm.countSamples(series) >= 200);
        await().atMost(Duration.ofSeconds(30)).until(() -> committedTotal(connect, connector) == 200);
        assertThat(vm.countSamples(series)).isEqualTo(200);
        connect.deleteConnector(connector);
    }
}
