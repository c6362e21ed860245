package dev.iotstream.connect.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * nginx as a reverse proxy child process on a free 127.0.0.1 port, in front of a real
 * store, to make real HTTP failures on demand: every request answered with a given status and Retry-After
 * ({@link #respondWith(int, int)}, switched with {@code nginx -s reload} while traffic flows), requests held
 * longer than a client's timeout ({@link #delayRequests()}), 413 above
 * {@code client_max_body_size}, 502 while the upstream is down, and TLS with or without required client
 * certificates. All its files (config, pid, logs, temp paths) live in one temp dir. Each request is logged with
 * a millisecond timestamp, body length and Content-Encoding ({@link #requests()}), so tests can check what the
 * client really did and when.
 * It runs as a child process or a container ({@link ServerRuntime#NGINX}: the binary on PATH or
 * {@code -Diotstream.bin.nginx}, else a container); where neither can run, building a proxy fails the test under CI
 * and skips it elsewhere. {@code .ci/run} installs it.
 * <p>
 * This class runs the process and reads its logs; {@link NginxConfig} renders the config for each mode.
 */
public final class NginxProxy implements AutoCloseable {
    private final NginxConfig config;
    private final Path dir;
    private final HttpClient http;
    private ServerProcess process;
    private int generation;
    private NginxConfig.Mode mode = NginxConfig.Mode.PASS_THROUGH;

    private NginxProxy(Builder settings) {
        ServerRuntime.NGINX.require(); // before any temp dir: a skip leaves nothing behind
        NginxConfig.Tls tls = settings.certs == null ? null
                : NginxConfig.Tls.of(settings.certs, settings.requireClientCertificate);
        this.config = new NginxConfig(TempDirs.create("nginx"), FreePorts.next(), settings.upstreamUrl,
                settings.clientMaxBodySize, tls, "root".equals(System.getProperty("user.name")));
        this.dir = config.dir();
        HttpClient.Builder client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5));
        if (settings.certs != null) {
            client.sslContext(settings.certs.clientWithCertificate());
        }
        this.http = client.build();
    }

    /** @param upstreamUrl the store behind the proxy, e.g. {@code http://127.0.0.1:8428} */
    public static Builder builder(String upstreamUrl) {
        return new Builder(upstreamUrl);
    }

    public static final class Builder {
        private final String upstreamUrl;
        private String clientMaxBodySize = "64m";
        private TestCertificates certs;
        private boolean requireClientCertificate;

        private Builder(String upstreamUrl) {
            this.upstreamUrl = upstreamUrl;
        }

        /** nginx answers 413 to request bodies above this size, e.g. {@code 8k}. */
        public Builder clientMaxBodySize(String size) {
            this.clientMaxBodySize = size;
            return this;
        }

        /**
         * HTTPS with the server certificate of {@code certs}; with {@code requireClientCertificate} only clients
         * presenting a certificate signed by the test CA get through (nginx answers 400 to the others).
         */
        public Builder tls(TestCertificates certs, boolean requireClientCertificate) {
            this.certs = certs;
            this.requireClientCertificate = requireClientCertificate;
            return this;
        }

        public NginxProxy start() {
            NginxProxy proxy = new NginxProxy(this);
            proxy.startProcess();
            return proxy;
        }
    }

    public String url() {
        return (config.tls() != null ? "https" : "http") + "://127.0.0.1:" + config.port();
    }

    public int port() {
        return config.port();
    }

    /**
     * From now on every proxied request is answered by nginx itself with {@code status} (no upstream call), with
     * a {@code Retry-After: retryAfterSeconds} header unless negative. Returns once the new config serves.
     */
    public void respondWith(int status, int retryAfterSeconds) {
        this.mode = NginxConfig.Mode.respondWith(status, retryAfterSeconds);
        reload();
    }

    /**
     * From now on requests are forwarded, but nginx's rate limiter ({@code limit_req}, 1 request per minute, queue
     * of 100) holds every request after the first for up to a minute per request ahead of it: clients with a
     * shorter timeout give up. nginx reads the body only after the wait, so a request whose client gave up never
     * reaches the upstream.
     */
    public void delayRequests() {
        this.mode = NginxConfig.Mode.DELAYED;
        reload();
    }

    /** Back to forwarding every request to the upstream. */
    public void passThrough() {
        this.mode = NginxConfig.Mode.PASS_THROUGH;
        reload();
    }

    /** Every request so far (health checks of the fixture excluded), in the order nginx logged them. */
    public List<Request> requests() {
        Path log = dir.resolve("access.log");
        List<Request> requests = new ArrayList<>();
        try {
            if (!Files.exists(log)) {
                return requests;
            }
            for (String line : Files.readAllLines(log)) {
                String[] f = line.split(" ");
                if (f.length < 7) {
                    continue;
                }
                // nginx logs a chunked body it discarded (e.g. before 'return 429') as length 0: unknown, not empty
                long length = f[4].equals("-") ? 0 : Long.parseLong(f[4]);
                boolean chunked = f[6].equalsIgnoreCase("chunked");
                String encoding = f.length < 8 || f[7].equals("-") ? null : f[7];
                requests.add(new Request(Math.round(Double.parseDouble(f[0]) * 1000), Integer.parseInt(f[1]), f[2],
                        f[3], length == 0 && chunked ? -1 : length, f[5].equals("-") ? -1 : Integer.parseInt(f[5]),
                        encoding));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return requests;
    }

    /** Requests to the InfluxDB v2 write endpoint that carried a body (the sink's empty probe excluded). */
    public List<Request> writes() {
        return requests().stream().filter(r -> r.uri().equals("/api/v2/write") && r.bodyLength() != 0).toList();
    }

    public String errorLog() {
        try {
            Path log = dir.resolve("error.log");
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return e.toString();
        }
    }

    public void stop() {
        // SIGTERM: nginx's fast shutdown of master and workers
        if (process != null) {
            process.stop(Duration.ofSeconds(10));
        }
        process = null;
    }

    @Override
    public void close() {
        try {
            stop();
        } finally {
            TempDirs.deleteRecursively(dir);
        }
    }

    /**
     * One logged request.
     *
     * @param epochMs when nginx finished it (ms resolution, {@code $msec})
     * @param bodyLength the request body's length, 0 when empty, -1 when unknown (a chunked body, e.g. gzip, that
     *                   nginx answered without reading)
     * @param retryAfter the Retry-After seconds nginx answered with, or -1
     * @param contentEncoding the request's Content-Encoding header (e.g. {@code gzip}), or null without one
     */
    public record Request(long epochMs, int status, String method, String uri, long bodyLength, int retryAfter,
                          String contentEncoding) {
    }

    private void startProcess() {
        generation++;
        writeConfig();
        List<Path> files = new ArrayList<>(List.of(dir));
        if (config.tls() != null) {
            files.addAll(List.of(config.tls().serverCertPem(), config.tls().serverKeyPem(), config.tls().caPem()));
        }
        process = ServerRuntime.NGINX.start(new ServerProcess.Launch(List.of("-p", dir.toString(),
                "-c", dir.resolve("nginx.conf").toString(), "-e", dir.resolve("error.log").toString()),
                dir.resolve("stdout.log"), files));
        awaitGeneration();
    }

    /**
     * Rewrites the config and signals the master (SIGHUP, what {@code nginx -s reload} sends), which starts new
     * workers with it and retires the old ones gracefully; waits until a request is served by the new generation.
     * A config nginx refuses keeps the old generation serving: the wait then fails with the error log.
     */
    private void reload() {
        generation++;
        writeConfig();
        process.signal("HUP");
        awaitGeneration();
    }

    private void awaitGeneration() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        String expected = String.valueOf(generation);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("nginx (" + process.description() + ") exited with "
                        + process.exitValue() + ": " + stdout() + errorLog());
            }
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url() + "/__generation"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200 && response.body().equals(expected)) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("nginx did not serve config generation " + generation + " on " + url()
                + " within 15 s: " + stdout() + errorLog());
    }

    private String stdout() {
        try {
            Path out = dir.resolve("stdout.log");
            return Files.exists(out) ? Files.readString(out) : "";
        } catch (IOException e) {
            return e.toString();
        }
    }

    private void writeConfig() {
        try {
            Files.writeString(dir.resolve("nginx.conf"), config.render(generation, mode));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
