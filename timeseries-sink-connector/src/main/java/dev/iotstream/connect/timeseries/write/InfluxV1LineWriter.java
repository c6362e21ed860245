package dev.iotstream.connect.timeseries.write;

import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes to the InfluxDB 1.x API ({@code POST /write?db=&rp=&precision=}) with the OkHttp client that
 * influxdb-client-java already brings, built by {@link HttpClients} like the v2 writer's (same TLS, timeouts, no
 * silent retries). Failures are classified by {@link V1Failures}, so the delivery layer treats both APIs alike.
 * With {@code influx.v1.create.database}, a "database not found" answer creates the database and the write is
 * sent once more.
 */
public final class InfluxV1LineWriter implements LineWriter {
    private static final int MAX_ERROR_BODY = 2000;
    private final OkHttpClient client;
    private final HttpUrl base;
    private final HttpUrl writeUrl;
    private final V1Settings v1;
    /** Bodies from a reused buffer; the request is sent again after CREATE DATABASE, before the next body. */
    private final LineBodies bodies;
    private final String precision;
    private final String target;

    public InfluxV1LineWriter(TargetSettings settings, V1Settings v1) {
        this.client = HttpClients.builder(settings.connectTimeout(), settings.requestTimeout(), settings.tls()).build();
        this.base = HttpUrl.get(settings.url());
        this.writeUrl = V1Requests.writeUrl(base, v1, settings.precision());
        this.v1 = v1;
        this.bodies = new LineBodies(settings.gzip());
        this.precision = settings.precision();
        this.target = settings.url();
    }

    @Override
    public void write(List<String> lines) throws WriteException {
        write(null, lines);
    }

    /** {@code database} routed per record (null: influx.v1.database); same retention policy and credentials. */
    @Override
    public void write(String database, List<String> lines) throws WriteException {
        V1Settings dest = database == null ? v1 : new V1Settings(database, v1.retentionPolicy(), v1.username(),
                v1.password(), v1.createDatabase());
        HttpUrl url = database == null ? writeUrl : V1Requests.writeUrl(base, dest, precision);
        Request request = request(url, bodies.body(lines));
        Answer answer = send(request);
        if (v1.createDatabase() && V1Failures.databaseNotFound(answer.status, answer.body)) {
            createDatabase(dest);
            answer = send(request);
        }
        if (answer.status / 100 != 2) {
            throw failure(answer, dest);
        }
    }

    private Request request(HttpUrl url, RequestBody body) {
        Request.Builder request = new Request.Builder().url(url).post(body);
        if (bodies.gzip()) {
            request.header("Content-Encoding", "gzip");
        }
        return V1Requests.authenticated(request, v1).build();
    }

    private Answer send(Request request) throws WriteException {
        try (Response response = client.newCall(request).execute()) {
            ResponseBody body = response.body();
            // Read even when empty, so that the connection goes back to the pool.
            String text = body == null ? "" : body.string();
            Map<String, String> headers = new HashMap<>();
            for (String name : response.headers().names()) {
                headers.put(name, response.header(name));
            }
            return new Answer(response.code(), text, headers);
        } catch (IOException e) {
            throw new WriteException(FailureKind.RETRIABLE, 0, -1, FailureClassifier.explain(0, target) + ": " + e, e);
        }
    }

    private void createDatabase(V1Settings dest) throws WriteException {
        Answer answer = send(V1Requests.createDatabase(base, dest));
        // /query answers 200 even when the statement failed; the error is then inside the JSON results.
        if (answer.status / 100 != 2 || answer.body.contains("\"error\"")) {
            FailureKind kind = FailureClassifier.kind(answer.status) == FailureKind.RETRIABLE
                    ? FailureKind.RETRIABLE : FailureKind.CONFIGURATION;
            throw new WriteException(kind, answer.status, FailureClassifier.retryAfterMs(answer.headers),
                    "influx.v1.create.database is set, but creating database '" + dest.database() + "' on "
                            + target
                            + " failed with HTTP " + answer.status + " (the user needs admin privilege): "
                            + abbreviate(answer.body), null);
        }
    }

    private WriteException failure(Answer answer, V1Settings destination) {
        return new WriteException(V1Failures.kind(answer.status, answer.body, answer.headers), answer.status,
                FailureClassifier.retryAfterMs(answer.headers),
                V1Failures.explain(answer.status, answer.body, target, destination, answer.headers)
                        + (answer.body.isBlank() ? "" : ": " + abbreviate(answer.body.strip())), null);
    }

    private static String abbreviate(String body) {
        return body.length() > MAX_ERROR_BODY ? body.substring(0, MAX_ERROR_BODY) + "..." : body;
    }

    @Override
    public void close() {
        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
    }

    private record Answer(int status, String body, Map<String, String> headers) {
    }
}
