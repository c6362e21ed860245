package dev.iotstream.connect.timeseries.it;

import dev.iotstream.connect.testing.Cleanup;
import dev.iotstream.connect.testing.ConnectClusters;
import dev.iotstream.connect.testing.ServerRuntime;
import dev.iotstream.connect.testing.TestCertificates;
import dev.iotstream.connect.testing.VictoriaMetricsServer;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.iotstream.connect.timeseries.it.SinkItSupport.committedTotal;
import static dev.iotstream.connect.timeseries.it.SinkItSupport.connectorProps;
import static dev.iotstream.connect.timeseries.it.SinkItSupport.produce;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The sink over HTTPS (server certificate checked against a truststore) and with several tasks at once. */
class SinkTlsAndTasksIT {
    private static final long BASE_MS = 1_700_000_000_000L;
    private static TestCertificates certs;
    private static VictoriaMetricsServer vmTls;
    private static VictoriaMetricsServer vm;
    private static EmbeddedConnectCluster connect;

    @BeforeAll
    static void startServers() {
        if (!ServerRuntime.allAvailable(ServerRuntime.VICTORIA_METRICS)) {
            return; // requireServers() then fails (CI) or skips each test with the reason
        }
        certs = TestCertificates.generate();
        vmTls = VictoriaMetricsServer.startWithTls(certs);
        vm = VictoriaMetricsServer.start();
        connect = ConnectClusters.start("sink-tls-tasks-it");
    }

    @BeforeEach
    void requireServers() {
        ServerRuntime.requireAll(ServerRuntime.VICTORIA_METRICS);
    }

    @AfterAll
    static void stopServers() {
        Cleanup.closeAll(connect == null ? null : connect::stop, vmTls, vm, certs);
    }

    private static List<String[]> readings(int count) {
        List<String[]> records = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            records.add(new String[] {"dev-" + (i % 10), "{\"device\":\"dev-" + (i % 10) + "\",\"temp\":" + (i * 0.25)
                    + ",\"ts\":" + (BASE_MS + i * 1000L) + "}"});
        }
        return records;
    }

    @Test
    void writesOverHttpsTrustingTheStoreThroughATruststore() {
        String topic = "tlsweather";
        ConnectClusters.createTopic(connect, topic, 1);
        produce(connect, topic, readings(200), BASE_MS);
        Map<String, String> props = connectorProps(topic, vmTls.url());
        props.put("tags", "device");
        props.put("time.field", "ts");
        props.put("influx.ssl.truststore.location", certs.truststore("PKCS12").toString());
        props.put("influx.ssl.truststore.password", TestCertificates.PASSWORD);
        props.put("influx.ssl.truststore.type", "PKCS12");
        SinkItSupport.start(connect, "tls-sink", props);

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(vmTls.countSamples("{__name__=~\"tlsweather_.*\"}")).isEqualTo(200));
        await().atMost(Duration.ofSeconds(30)).until(() -> committedTotal(connect, "tls-sink") == 200);
        connect.deleteConnector("tls-sink");
    }

    @Test
    void withoutTheTruststoreTheStoreIsRefusedWithAClearReason() {
        Map<String, String> props = connectorProps("untrusted", vmTls.url());
        props.put("name", "untrusted-sink");
        String errors = String.valueOf(connect.validateConnectorConfig("TimeSeriesSinkConnector", props).values());
        assertThat(errors).contains("influx.url").containsIgnoringCase("certificat");
    }

    @Test
    void threeTasksShareTheTopicAndWriteEveryPointOnce() throws Exception {
        String topic = "manytasks";
        ConnectClusters.createTopic(connect, topic, 3);
        produce(connect, topic, readings(3000), BASE_MS);
        Map<String, String> props = connectorProps(topic, vm.url());
        props.put("tasks.max", "3");
        props.put("tags", "device");
        props.put("time.field", "ts");
        connect.configureConnector("many-tasks-sink", props);
        connect.assertions().assertConnectorAndExactlyNumTasksAreRunning("many-tasks-sink", 3, "3 tasks expected");

        await().atMost(Duration.ofSeconds(90)).untilAsserted(() ->
                assertThat(vm.countSamples("{__name__=~\"manytasks_.*\"}")).isEqualTo(3000));
        await().atMost(Duration.ofSeconds(30)).until(() -> committedTotal(connect, "many-tasks-sink") == 3000);
        connect.deleteConnector("many-tasks-sink");
    }
}
