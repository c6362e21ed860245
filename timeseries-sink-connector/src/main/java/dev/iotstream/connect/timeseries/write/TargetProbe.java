package dev.iotstream.connect.timeseries.write;

import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Checks, bounded in time, that the write endpoint is reachable and accepts the credentials, by sending an
 * empty write request (no point is written). Only answers that certainly mean a wrong setting are errors:
 * no connection, 401, 403, 404, 405, and VictoriaMetrics' 400 "unsupported path".
 */
public final class TargetProbe {
    private TargetProbe() {
    }

    public static Optional<ProbeFailure> check(TargetSettings settings, Duration timeout) {
        return check(settings, timeout, false);
    }

    /**
     * With {@code routed} (the bucket is a template, resolved per record) a 404 is not reported: the probe cannot
     * know the buckets records will name.
     */
    public static Optional<ProbeFailure> check(TargetSettings settings, Duration timeout, boolean routed) {
        HttpUrl base = HttpUrl.parse(settings.url());
        if (base == null) {
            return Optional.of(new ProbeFailure(false, "influx.url '" + settings.url() + "' is not a valid URL"));
        }
        HttpUrl url = base.newBuilder().addPathSegments("api/v2/write")
                .addQueryParameter("org", settings.org())
                .addQueryParameter("bucket", settings.bucket())
                .addQueryParameter("precision", settings.precision())
                .build();
        OkHttpClient client = HttpClients.builder(timeout, timeout, settings.tls()).callTimeout(timeout).build();
        Request.Builder request = new Request.Builder().url(url)
                .post(RequestBody.create(new byte[0], MediaType.get("text/plain; charset=utf-8")));
        if (!settings.token().isEmpty()) {
            request.header("Authorization", "Token " + settings.token());
        }
        try (Response response = client.newCall(request.build()).execute()) {
            int status = response.code();
            String body = response.body() == null ? "" : response.body().string();
            if (status == 401 || status == 403 || (status == 404 && !routed) || status == 405) {
                return Optional.of(new ProbeFailure(false, FailureClassifier.explain(status, settings.url())
                        + abbreviate(body)));
            }
            Map<String, String> headers = Map.of("Content-Type", response.header("Content-Type", ""));
            if (FailureClassifier.kind(status) == FailureKind.DATA
                    && FailureClassifier.kind(status, headers) == FailureKind.CONFIGURATION) {
                return Optional.of(new ProbeFailure(false, FailureClassifier.explain(status, settings.url(), headers)
                        + abbreviate(htmlTitle(body))));
            }
            if (status == 400 && body.contains("unsupported path")) {
                return Optional.of(new ProbeFailure(false, "influx.url has a wrong path: the store answered '"
                        + body.strip() + "'; use the server's base URL, without /api/v2/write"));
            }
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of(new ProbeFailure(true, "cannot reach " + settings.url() + " within "
                    + timeout.toMillis() + " ms: " + e));
        } finally {
            client.dispatcher().executorService().shutdown();
            client.connectionPool().evictAll();
        }
    }

    /**
     * The InfluxDB 1.x form of {@link #check}: an empty {@code POST /write}, which InfluxDB 1.x answers after checking
     * the credentials, the database and the retention policy (404 for an unknown database, 500 for an unknown
     * retention policy). With {@code influx.v1.create.database}, a missing database is not an error.
     */
    public static Optional<ProbeFailure> checkV1(TargetSettings settings, V1Settings v1, Duration timeout) {
        return checkV1(settings, v1, timeout, false);
    }

    /** With {@code routed} (the database is a template) an unknown database is not reported. */
    public static Optional<ProbeFailure> checkV1(TargetSettings settings, V1Settings v1, Duration timeout,
                                                 boolean routed) {
        HttpUrl base = HttpUrl.parse(settings.url());
        if (base == null) {
            return Optional.of(new ProbeFailure(false, "influx.url '" + settings.url() + "' is not a valid URL"));
        }
        OkHttpClient client = HttpClients.builder(timeout, timeout, settings.tls()).callTimeout(timeout).build();
        Request request = V1Requests.authenticated(new Request.Builder()
                .url(V1Requests.writeUrl(base, v1, settings.precision()))
                .post(RequestBody.create(new byte[0], MediaType.get("text/plain; charset=utf-8"))), v1).build();
        try (Response response = client.newCall(request).execute()) {
            int status = response.code();
            String body = response.body() == null ? "" : response.body().string();
            Map<String, String> headers = Map.of("Content-Type", response.header("Content-Type", ""));
            if (status / 100 == 2 || ((routed || v1.createDatabase()) && V1Failures.databaseNotFound(status, body))) {
                return Optional.empty();
            }
            FailureKind kind = V1Failures.kind(status, body, headers);
            if (kind == FailureKind.CONFIGURATION) {
                String shown = FailureClassifier.isHtml(headers) ? htmlTitle(body) : body;
                return Optional.of(new ProbeFailure(false, V1Failures.explain(status, body, settings.url(), v1,
                        headers) + abbreviate(shown), V1Failures.setting(status, body)));
            }
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of(new ProbeFailure(true, "cannot reach " + settings.url() + " within "
                    + timeout.toMillis() + " ms: " + e));
        } finally {
            client.dispatcher().executorService().shutdown();
            client.connectionPool().evictAll();
        }
    }

    /**
     * Why the check failed; {@code unreachable} failures may be transient, the others are wrong settings.
     * {@code setting} is the key the failure is reported on by validate().
     */
    public record ProbeFailure(boolean unreachable, String message, String setting) {
        public ProbeFailure(boolean unreachable, String message) {
            this(unreachable, message, "influx.url");
        }
    }

    /** The title of an HTML error page (nginx: "400 No required SSL certificate was sent"), or the page. */
    private static String htmlTitle(String body) {
        int start = body.indexOf("<title>");
        int end = body.indexOf("</title>");
        return start >= 0 && end > start ? body.substring(start + 7, end) : body;
    }

    private static String abbreviate(String body) {
        String b = body.strip();
        return b.isEmpty() ? "" : ": " + (b.length() > 300 ? b.substring(0, 300) + "..." : b);
    }
}
