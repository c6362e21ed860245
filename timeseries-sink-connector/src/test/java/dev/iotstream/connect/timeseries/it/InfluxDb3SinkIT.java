package dev.iotstream.connect.timeseries.it;

import dev.iotstream.connect.testing.OfficialInfluxDb;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;

import java.time.Duration;

import static dev.iotstream.connect.timeseries.it.SinkItSupport.committedTotal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sink against InfluxDB 3 Core ({@code influxdb:3-core}) through its v2-compatible write API; read back with
 * SQL ({@code /api/v3/query_sql}). Skipped where no registry is reachable (our CI), see
 * {@link OfficialInfluxDbSinkSuite}.
 */
class InfluxDb3SinkIT extends OfficialInfluxDbSinkSuite {
    @Override
    OfficialInfluxDb.Version version() {
        return OfficialInfluxDb.Version.V3_CORE;
    }

    /** 3.x has no setup bucket; the first write creates the database. */
    @Override
    String bucket() {
        return "telemetry";
    }

    @Override
    int conflictStatus() {
        return 400;
    }

    /** 3.x creates a database on its first write: the point is written, the offset committed, nothing fails. */
    @Override
    void assertMissingBucket(EmbeddedConnectCluster connect, OfficialInfluxDb influx, String connector,
                             String missing) {
        await().atMost(Duration.ofSeconds(60)).until(() -> committedTotal(connect, connector) == 1);
        assertThat(influx.exists(missing)).isTrue();
        assertThat(influx.rows(missing, connector.replace("-sink", ""))).hasSize(1);
    }
}
