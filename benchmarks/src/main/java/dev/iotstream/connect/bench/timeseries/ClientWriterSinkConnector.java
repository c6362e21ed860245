package dev.iotstream.connect.bench.timeseries;

import com.influxdb.client.InfluxDBClient;
import com.influxdb.client.InfluxDBClientFactory;
import com.influxdb.client.InfluxDBClientOptions;
import com.influxdb.client.WriteApiBlocking;
import com.influxdb.client.domain.WritePrecision;
import com.influxdb.exceptions.InfluxException;
import dev.iotstream.connect.timeseries.TimeSeriesSinkConfig;
import dev.iotstream.connect.timeseries.TimeSeriesSinkConnector;
import dev.iotstream.connect.timeseries.TimeSeriesSinkTask;
import dev.iotstream.connect.timeseries.write.FailureKind;
import dev.iotstream.connect.timeseries.write.HttpClients;
import dev.iotstream.connect.timeseries.write.LineWriter;
import dev.iotstream.connect.timeseries.write.TargetSettings;
import dev.iotstream.connect.timeseries.write.WriteException;
import org.apache.kafka.connect.connector.Task;

import java.util.List;

/**
 * The sink as it wrote before the v2 writer posted its own bytes: everything the same but the last step,
 * influxdb-client-java's {@code WriteApiBlocking.writeRecords} (lines joined into a String, re-encoded, gzip
 * through okio at level 6). Variant "client" of the benchmark, to measure that step in the same run.
 */
public final class ClientWriterSinkConnector extends TimeSeriesSinkConnector {
    @Override
    public Class<? extends Task> taskClass() {
        return Client.class;
    }

    /** The task with the client-based writer. */
    public static final class Client extends TimeSeriesSinkTask {
        @Override
        protected LineWriter createWriter(TimeSeriesSinkConfig config) {
            return new WriteApiWriter(config.targetSettings());
        }
    }

    private static final class WriteApiWriter implements LineWriter {
        private final InfluxDBClient client;
        private final WriteApiBlocking api;
        private final String bucket;
        private final String org;
        private final WritePrecision precision;

        WriteApiWriter(TargetSettings settings) {
            InfluxDBClientOptions.Builder options = InfluxDBClientOptions.builder().url(settings.url())
                    .okHttpClient(HttpClients.builder(settings.connectTimeout(), settings.requestTimeout(),
                            settings.tls()))
                    .org(settings.org().isEmpty() ? "-" : settings.org()).bucket(settings.bucket());
            if (!settings.token().isEmpty()) {
                options.authenticateToken(settings.token().toCharArray());
            }
            this.client = InfluxDBClientFactory.create(options.build());
            if (settings.gzip()) {
                client.enableGzip();
            }
            this.api = client.getWriteApiBlocking();
            this.bucket = settings.bucket();
            this.org = settings.org().isEmpty() ? "-" : settings.org();
            this.precision = WritePrecision.fromValue(settings.precision());
        }

        @Override
        public void write(List<String> lines) throws WriteException {
            write(null, lines);
        }

        @Override
        public void write(String destination, List<String> lines) throws WriteException {
            try {
                api.writeRecords(destination == null ? bucket : destination, org, precision, lines);
            } catch (InfluxException e) {
                // The benchmark writes good points to a healthy store: any failure ends the run.
                throw new WriteException(FailureKind.CONFIGURATION, e.status(), -1, "benchmark write failed: " + e, e);
            }
        }

        @Override
        public void close() {
            client.close();
        }
    }
}
