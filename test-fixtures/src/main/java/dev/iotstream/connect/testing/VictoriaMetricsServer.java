package dev.iotstream.connect.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * VictoriaMetrics on a free 127.0.0.1 port with its own temporary storage and a 100-year retention (samples outside
 * retention are dropped silently), as a child process or a container ({@link ServerRuntime#VICTORIA_METRICS}: the
 * binary on PATH or {@code -Diotstream.bin.victoria-metrics}, else a container); where neither can run, starting a
 * server fails the test under CI and skips it elsewhere.
 * With {@link #startWithBasicAuth(String, String)} every HTTP request needs Basic credentials, which makes the
 * server answer 401 to a wrong token.
 */
public final class VictoriaMetricsServer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final int port;
    private final Path storage;
    private final String username;
    private final String password;
    private final TestCertificates tls;
    private final HttpClient http;
    private ServerProcess process;

    private VictoriaMetricsServer(int port, Path storage, String username, String password,
                                  TestCertificates tls) {
        this.port = port;
        this.storage = storage;
        this.username = username;
        this.password = password;
        this.tls = tls;
        HttpClient.Builder client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5));
        if (tls != null) {
            client.sslContext(tls.clientTrustingCa());
        }
        this.http = client.build();
    }

    public static VictoriaMetricsServer start() {
        return startWithBasicAuth(null, null);
    }

    public static VictoriaMetricsServer startWithBasicAuth(String username, String password) {
        ServerRuntime.VICTORIA_METRICS.require();
        VictoriaMetricsServer server = new VictoriaMetricsServer(FreePorts.next(),
                TempDirs.create("victoria-metrics"), username, password, null);
        server.startProcess();
        return server;
    }

    /** HTTPS only, with the server certificate (for 127.0.0.1) of {@code certs}. */
    public static VictoriaMetricsServer startWithTls(TestCertificates certs) {
        ServerRuntime.VICTORIA_METRICS.require();
        VictoriaMetricsServer server = new VictoriaMetricsServer(FreePorts.next(),
                TempDirs.create("victoria-metrics"), null, null, certs);
        server.startProcess();
        return server;
    }

    public String url() {
        return (tls == null ? "http" : "https") + "://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** Makes recently written samples visible to queries and exports. */
    public void forceFlush() {
        send("/internal/force_flush");
    }

    /**
     * Series matching a selector such as {@code {__name__=~"weather_.*"}}, as returned by
     * {@code /api/v1/export} (after a {@link #forceFlush()}).
     */
    public List<Series> export(String matchExpr) {
        forceFlush();
        String body = send("/api/v1/export?match[]=" + URLEncoder.encode(matchExpr, StandardCharsets.UTF_8));
        List<Series> series = new ArrayList<>();
        try {
            for (String line : body.split("\n")) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode node = JSON.readTree(line);
                Map<String, String> labels = new TreeMap<>();
                node.path("metric").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
                List<Double> values = new ArrayList<>();
                node.path("values").forEach(v -> values.add(v.asDouble()));
                List<Long> timestamps = new ArrayList<>();
                node.path("timestamps").forEach(t -> timestamps.add(t.asLong()));
                series.add(new Series(labels.remove("__name__"), labels, values, timestamps));
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot parse export from VictoriaMetrics: " + body, e);
        }
        return series;
    }

    /** Number of samples over all series matching {@code matchExpr}. */
    public long countSamples(String matchExpr) {
        return export(matchExpr).stream().mapToLong(s -> s.values().size()).sum();
    }

    /**
     * Samples over all series matching {@code matchExpr} whose time is in ({@code endMs - windowMs}, {@code endMs}],
     * counted by the server ({@code sum(count_over_time(...))}, after a {@link #forceFlush()}, response cache off):
     * for a million samples {@link #countSamples} moves them all through an export and a JSON tree, whose CPU and
     * garbage land in a benchmark's figures.
     */
    public long countSamplesInWindow(String matchExpr, long endMs, long windowMs) {
        forceFlush();
        String query = "sum(count_over_time(" + matchExpr + "[" + windowMs + "ms]))";
        // Seconds with exact milliseconds: a double's text would be "1.7E9" for 1,700,000,000,000 ms.
        String time = Math.floorDiv(endMs, 1000) + "." + String.format(java.util.Locale.ROOT, "%03d",
                Math.floorMod(endMs, 1000));
        String body = send("/api/v1/query?nocache=1&time=" + time + "&query="
                + URLEncoder.encode(query, StandardCharsets.UTF_8));
        try {
            JsonNode result = JSON.readTree(body).path("data").path("result");
            return result.isEmpty() ? 0 : Long.parseLong(result.get(0).path("value").get(1).asText());
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("cannot read the count from VictoriaMetrics: " + body, e);
        }
    }

    /** Stops the process, keeping the data, to simulate an outage. */
    public void stop() {
        // SIGTERM first: VictoriaMetrics flushes its data on the way out
        if (process != null) {
            process.stop(Duration.ofSeconds(20));
        }
        process = null;
    }

    public void restart() {
        stop();
        startProcess();
    }

    @Override
    public void close() {
        try {
            stop();
        } finally {
            TempDirs.deleteRecursively(storage);
        }
    }

    private void startProcess() {
        List<String> command = new ArrayList<>(List.of(
                "-httpListenAddr=127.0.0.1:" + port,
                "-storageDataPath=" + storage.resolve("data"),
                "-retentionPeriod=100y",
                "-loggerLevel=WARN"));
        if (tls != null) {
            command.add("-tls");
            command.add("-tlsCertFile=" + tls.serverCertPem());
            command.add("-tlsKeyFile=" + tls.serverKeyPem());
        }
        if (username != null) {
            command.add("-httpAuth.username=" + username);
            command.add("-httpAuth.password=" + password);
        }
        List<Path> files = new ArrayList<>(List.of(storage));
        if (tls != null) {
            files.addAll(List.of(tls.serverCertPem(), tls.serverKeyPem()));
        }
        process = ServerRuntime.VICTORIA_METRICS.start(new ServerProcess.Launch(command,
                storage.resolve("victoria-metrics.log"), files));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("victoria-metrics (" + process.description() + ") exited with "
                        + process.exitValue() + ": " + log());
            }
            try {
                HttpResponse<String> response = http.send(request("/health").build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep();
        }
        stop();
        throw new IllegalStateException("victoria-metrics not healthy on " + url() + " within 30 s: " + log());
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url() + path)).timeout(Duration.ofSeconds(30));
        if (username != null) {
            builder.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                    (username + ":" + password).getBytes(StandardCharsets.UTF_8)));
        }
        return builder;
    }

    private String send(String path) {
        try {
            HttpResponse<String> response = http.send(request(path).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new IllegalStateException("VictoriaMetrics " + path + " answered " + response.statusCode() + ": "
                        + response.body());
            }
            return response.body();
        } catch (IOException e) {
            throw new IllegalStateException("VictoriaMetrics at " + url() + " unreachable", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private String log() {
        try {
            return Files.readString(storage.resolve("victoria-metrics.log"));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * One exported series.
     *
     * @param name metric name ({@code measurement_field})
     * @param labels tags, without {@code __name__}
     * @param values sample values, in time order
     * @param timestamps sample times in epoch milliseconds
     */
    public record Series(String name, Map<String, String> labels, List<Double> values, List<Long> timestamps) {
        public Map<Long, Double> samples() {
            Map<Long, Double> samples = new LinkedHashMap<>();
            for (int i = 0; i < values.size(); i++) {
                samples.put(timestamps.get(i), values.get(i));
            }
            return samples;
        }
    }
}
