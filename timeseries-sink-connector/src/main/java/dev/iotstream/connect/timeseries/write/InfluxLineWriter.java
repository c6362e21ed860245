package dev.iotstream.connect.timeseries.write;

import com.influxdb.client.InfluxDBClient;
import com.influxdb.client.InfluxDBClientFactory;
import com.influxdb.client.InfluxDBClientOptions;
import com.influxdb.client.WriteApiBlocking;
import com.influxdb.client.domain.WritePrecision;
import com.influxdb.exceptions.InfluxException;
import okhttp3.OkHttpClient;

import java.io.IOException;
import java.util.List;

/**
 * Writes through influxdb-client-java's {@link WriteApiBlocking}: every call returns only once the store has
 * accepted the lines, and every failure surfaces as an exception (the async WriteApi drops points and reports
 * errors as events, which is how other sinks lose data).
 */
public final class InfluxLineWriter implements LineWriter {
    private final InfluxDBClient client;
    private final WriteApiBlocking api;
    private final String bucket;
    private final String org;
    private final WritePrecision precision;
    private final String target;

    public InfluxLineWriter(TargetSettings settings) {
        OkHttpClient.Builder http = HttpClients.builder(settings.connectTimeout(), settings.requestTimeout(),
                settings.tls());
        InfluxDBClientOptions.Builder options = InfluxDBClientOptions.builder()
                .url(settings.url())
                .okHttpClient(http)
                .org(settings.org().isEmpty() ? "-" : settings.org())
                .bucket(settings.bucket());
        if (!settings.token().isEmpty()) {
            options.authenticateToken(settings.token().toCharArray());
        }
        this.client = InfluxDBClientFactory.create(options.build());
        if (settings.gzip()) {
            client.enableGzip();
        }
        this.api = client.getWriteApiBlocking();
        this.bucket = settings.bucket();
        // The client insists on an org; InfluxDB 1.8, VictoriaMetrics and QuestDB ignore it, and InfluxDB 2.x
        // answers 404 for "-", which fails fast naming influx.org.
        this.org = settings.org().isEmpty() ? "-" : settings.org();
        this.precision = WritePrecision.fromValue(settings.precision());
        this.target = settings.url();
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
            int status = e.status();
            if (status == 0 && !causedByIo(e)) {
                throw unexpected(e);
            }
            throw new WriteException(FailureClassifier.kind(status, e.headers()), status,
                    FailureClassifier.retryAfterMs(e.headers()),
                    FailureClassifier.explain(status, target, e.headers())
                            + (e.getMessage() == null ? "" : ": " + e.getMessage()), e);
        } catch (RuntimeException e) {
            if (!causedByIo(e)) {
                throw unexpected(e);
            }
            throw new WriteException(FailureKind.RETRIABLE, 0, -1,
                    FailureClassifier.explain(0, target) + ": " + e, e);
        }
    }

    /** Only network trouble is worth retrying; anything else would fail the same way forever. */
    private static boolean causedByIo(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IOException) {
                return true;
            }
        }
        return false;
    }

    private WriteException unexpected(RuntimeException e) {
        return new WriteException(FailureKind.CONFIGURATION, 0, -1, "write to " + target + " failed without "
                + "reaching the store: " + e, e);
    }

    @Override
    public void close() {
        client.close();
    }
}
