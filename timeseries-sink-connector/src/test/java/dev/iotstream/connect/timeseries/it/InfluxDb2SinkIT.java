package dev.iotstream.connect.timeseries.it;

import dev.iotstream.connect.testing.OfficialInfluxDb;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;

import java.time.Duration;

import static dev.iotstream.connect.timeseries.it.QuestDbSinkIT.taskState;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sink against InfluxDB 2.7 ({@code influxdb:2.7}); read back with Flux. Skipped where no registry is reachable
 * (our CI), see {@link OfficialInfluxDbSinkSuite}.
 */
class InfluxDb2SinkIT extends OfficialInfluxDbSinkSuite {
    @Override
    OfficialInfluxDb.Version version() {
        return OfficialInfluxDb.Version.V2;
    }

    @Override
    String bucket() {
        return OfficialInfluxDb.BUCKET;
    }

    /** 2.x: 422 "partial write: field type conflict". */
    @Override
    int conflictStatus() {
        return 422;
    }

    /** 2.x answers 404 "bucket not found": the task fails at once naming influx.bucket; nothing is created. */
    @Override
    void assertMissingBucket(EmbeddedConnectCluster connect, OfficialInfluxDb influx, String connector,
                             String missing) {
        await().atMost(Duration.ofSeconds(60)).until(() -> taskState(connect, connector).equals("FAILED"));
        assertThat(connect.connectorStatus(connector).tasks().get(0).trace())
                .contains("HTTP 404").contains("influx.bucket");
        assertThat(influx.exists(missing)).isFalse();
    }
}
