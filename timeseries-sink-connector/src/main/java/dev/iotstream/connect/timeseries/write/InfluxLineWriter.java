package dev.iotstream.connect.timeseries.write;

import com.influxdb.exceptions.InfluxException;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;

import java.io.IOException;
import java.util.List;

/**
 * Writes to the InfluxDB v2 API ({@code POST /api/v2/write?org=&bucket=&precision=}, token authentication): the
 * request influxdb-client-java's {@code WriteApiBlocking} sends, but with the body built from the mapped lines
 * in a reused buffer ({@link LineBodies}) instead of the client's joined String, and sent on an OkHttp client
 * built by {@link HttpClients} (same TLS and timeouts as the v1 writer and the target check, no silent retries).
 * Every call returns only once the store has accepted the lines; every failure is an exception. A refusal is
 * read by influxdb-client-java's {@link InfluxException} (the message from the JSON body or the
 * X-Influxdb-Error headers), as when the client sent it, and classified by {@link FailureClassifier}.
 */
public final class InfluxLineWriter implements LineWriter {
    private static final String USER_AGENT = "iotstream-timeseries-sink";
    private final OkHttpClient client;
    private final HttpUrl base;
    private final HttpUrl writeUrl;
    private final String org;
    private final String precision;
    private final String authorization;
    private final LineBodies bodies;
    private final String target;

    public InfluxLineWriter(TargetSettings settings) {
        this.client = HttpClients.builder(settings.connectTimeout(), settings.requestTimeout(), settings.tls())
                .build();
        // InfluxDB 2.x wants an org; InfluxDB 1.8, VictoriaMetrics and QuestDB ignore it, and InfluxDB 2.x
        // answers 404 for "-", which fails fast naming influx.org.
        this.org = settings.org().isEmpty() ? "-" : settings.org();
        this.precision = settings.precision();
        this.base = HttpUrl.get(settings.url());
        this.writeUrl = writeUrl(settings.bucket());
        this.authorization = settings.token().isEmpty() ? null : "Token " + settings.token();
        this.bodies = new LineBodies(settings.gzip());
        this.target = settings.url();
    }

    private HttpUrl writeUrl(String bucket) {
        return base.newBuilder().addPathSegments("api/v2/write").addQueryParameter("org", org)
                .addQueryParameter("bucket", bucket).addQueryParameter("precision", precision).build();
    }

    @Override
    public void write(List<String> lines) throws WriteException {
        write(null, lines);
    }

    @Override
    public void write(String destination, List<String> lines) throws WriteException {
        if (lines.isEmpty()) {
            return;
        }
        Request.Builder request = new Request.Builder()
                .url(destination == null ? writeUrl : writeUrl(destination))
                .header("Accept", "application/json")
                .header("User-Agent", USER_AGENT)
                .post(bodies.body(lines));
        if (bodies.gzip()) {
            request.header("Content-Encoding", "gzip");
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        try (Response response = client.newCall(request.build()).execute()) {
            if (response.isSuccessful()) {
                return;
            }
            throw refused(response);
        } catch (IOException e) {
            throw new WriteException(FailureKind.RETRIABLE, 0, -1, FailureClassifier.explain(0, target) + ": " + e, e);
        }
    }

    private WriteException refused(Response response) throws IOException {
        ResponseBody body = response.body();
        // A copy: the refusal is read after the response (and its connection) went back to OkHttp.
        ResponseBody copy = ResponseBody.create(body == null ? new byte[0] : body.bytes(),
                body == null ? null : body.contentType());
        InfluxException e = new InfluxException(retrofit2.Response.error(copy, response));
        int status = e.status();
        return new WriteException(FailureClassifier.kind(status, e.headers()), status,
                FailureClassifier.retryAfterMs(e.headers()),
                FailureClassifier.explain(status, target, e.headers())
                        + (e.getMessage() == null ? "" : ": " + e.getMessage()), e);
    }

    @Override
    public void close() {
        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
    }
}
