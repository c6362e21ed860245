package dev.iotstream.connect.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.exception.NotFoundException;
import com.influxdb.client.InfluxDBClient;
import com.influxdb.client.InfluxDBClientFactory;
import com.influxdb.query.FluxRecord;
import com.influxdb.query.FluxTable;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.startupcheck.StartupCheckStrategy;
import org.testcontainers.containers.wait.strategy.AbstractWaitStrategy;
import org.testcontainers.utility.DockerImageName;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * InfluxDB 2.x or 3.x Core from the official images ({@code influxdb:2.7}, {@code influxdb:3-core}) in a container
 * on a free 127.0.0.1 port (host networking), with an admin token, org {@value #ORG} and, for 2.x, bucket
 * {@value #BUCKET}. No Debian package exists for either, and no image can be built here from our package sources,
 * so the image comes from a registry (or from the local daemon if someone loaded it).
 * <p>
 * Where neither is possible the tests are SKIPPED with the reason "no container registry reachable ...", also under
 * {@value ServerBinaries#CI_VARIABLE}: the one exception to the CI rule, because our CI machines reach no registry
 * (docs/testing.md). A registry that answers while the start fails is a failure, never a skip.
 */
public final class OfficialInfluxDb implements AutoCloseable {
    public static final String ORG = "iotstream";
    public static final String BUCKET = "telemetry";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern V3_TOKEN = Pattern.compile("(apiv3_[A-Za-z0-9_\\-]+)");

    /** The two official images and how to start them. */
    public enum Version {
        V2("influxdb:2.7"),
        V3_CORE("influxdb:3-core");

        private final String image;

        Version(String image) {
            this.image = image;
        }

        public String image() {
            return image;
        }
    }

    private final Version version;
    private final GenericContainer<?> container;
    private final int port;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private OfficialInfluxDb(Version version, GenericContainer<?> container, int port, String token) {
        this.version = version;
        this.container = container;
        this.port = port;
        this.token = token;
    }

    /** Null when the image can run here; else why not (no registry, no Docker), for the skip. */
    public static String unavailableReason(Version version) {
        String registry = ServerImages.registryProblem();
        String docker = ServerImages.dockerProblem();
        if (registry == null) {
            return docker == null ? null : docker + " (needed for " + version.image() + ")";
        }
        if (docker == null && present(version.image())) {
            return null;
        }
        return registry + "; " + version.image() + " cannot be pulled"
                + (docker == null ? " and is not in the local Docker daemon" : " (and " + docker + ")");
    }

    /**
     * Aborts the test when the image cannot run here: a skip, also under CI, when no registry is reachable (see the
     * class comment); a failure under CI when a registry answers but Docker does not, since that is fixable there.
     */
    public static void require(Version version) {
        String reason = unavailableReason(version);
        if (reason == null) {
            return;
        }
        if (ServerImages.registryProblem() == null && ServerBinaries.Environment.current().ci()) {
            throw new AssertionFailedError(version.image() + ": " + reason + "; " + ServerBinaries.CI_VARIABLE
                    + " is set and a registry is reachable, so this is a failure");
        }
        throw new TestAbortedException(version.image() + " skipped: " + reason);
    }

    private static boolean present(String image) {
        try {
            DockerClientFactory.instance().client().inspectImageCmd(image).exec();
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }

    @SuppressWarnings("resource") // closed by close()
    public static OfficialInfluxDb start(Version version) {
        require(version);
        int port = FreePorts.next();
        GenericContainer<?> container = new GenericContainer<>(DockerImageName.parse(version.image()))
                .withNetworkMode("host")
                .withStartupCheckStrategy(new Started())
                .waitingFor(new NoWait());
        String token;
        if (version == Version.V2) {
            token = "iotstream-admin-" + UUID.randomUUID();
            // The image's entrypoint runs the setup against a temporary influxd on INFLUXD_INIT_PORT, then starts
            // the real one on INFLUXD_HTTP_BIND_ADDRESS; with host networking both must be free host ports.
            container.withEnv("DOCKER_INFLUXDB_INIT_MODE", "setup")
                    .withEnv("DOCKER_INFLUXDB_INIT_USERNAME", "iotstream")
                    .withEnv("DOCKER_INFLUXDB_INIT_PASSWORD", "iotstream-password")
                    .withEnv("DOCKER_INFLUXDB_INIT_ORG", ORG)
                    .withEnv("DOCKER_INFLUXDB_INIT_BUCKET", BUCKET)
                    .withEnv("DOCKER_INFLUXDB_INIT_ADMIN_TOKEN", token)
                    .withEnv("INFLUXD_INIT_PORT", Integer.toString(FreePorts.next()))
                    .withEnv("INFLUXD_HTTP_BIND_ADDRESS", "127.0.0.1:" + port)
                    .withEnv("INFLUXD_REPORTING_DISABLED", "true");
        } else {
            // the binary itself, whatever wrapper script the image's entrypoint is
            container.withCreateContainerCmdModifier(cmd -> cmd.withEntrypoint("influxdb3"))
                    .withCommand("serve", "--node-id", "iotstream", "--object-store", "memory",
                    "--http-bind", "127.0.0.1:" + port);
            token = null;
        }
        container.start();
        OfficialInfluxDb server = null;
        try {
            awaitHealthy(container, port);
            if (version == Version.V3_CORE) {
                token = createV3AdminToken(container, port);
            }
            server = new OfficialInfluxDb(version, container, port, token);
            if (version == Version.V2) {
                server.awaitV2Setup();
            }
            System.out.println("[iotstream servers] influxdb " + version + " container "
                    + container.getContainerId().substring(0, 12) + " " + version.image());
            return server;
        } catch (RuntimeException e) {
            String logs = container.getLogs();
            container.stop();
            throw new IllegalStateException(version.image() + " did not start: " + e.getMessage() + "\n" + logs, e);
        }
    }

    public Version version() {
        return version;
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    /** An admin token: all permissions. */
    public String token() {
        return token;
    }

    /**
     * Rows of one measurement read back with the version's own query API (Flux over {@code /api/v2/query} on 2.x,
     * SQL over {@code /api/v3/query_sql} on 3.x), ordered by time: tags and fields by name, the time as epoch
     * nanoseconds under "time".
     */
    public List<Map<String, Object>> rows(String bucket, String measurement) {
        return version == Version.V2 ? fluxRows(bucket, measurement) : sqlRows(bucket, measurement);
    }

    private List<Map<String, Object>> fluxRows(String bucket, String measurement) {
        String flux = "from(bucket: \"" + bucket + "\") |> range(start: 0)"
                + " |> filter(fn: (r) => r._measurement == \"" + measurement + "\")"
                + " |> pivot(rowKey: [\"_time\"], columnKey: [\"_field\"], valueColumn: \"_value\")"
                + " |> group() |> sort(columns: [\"_time\"])";
        try (InfluxDBClient client = InfluxDBClientFactory.create(url(), token.toCharArray(), ORG)) {
            List<Map<String, Object>> rows = new ArrayList<>();
            for (FluxTable table : client.getQueryApi().query(flux)) {
                for (FluxRecord record : table.getRecords()) {
                    Map<String, Object> row = new TreeMap<>();
                    record.getValues().forEach((k, v) -> {
                        if (!k.startsWith("_") && !k.equals("result") && !k.equals("table")) {
                            row.put(k, v);
                        }
                    });
                    java.time.Instant time = record.getTime();
                    row.put("time", time.getEpochSecond() * 1_000_000_000L + time.getNano());
                    rows.add(row);
                }
            }
            return rows;
        }
    }

    private List<Map<String, Object>> sqlRows(String database, String measurement) {
        String sql = "SELECT * FROM \"" + measurement + "\" ORDER BY time";
        JsonNode body = get("/api/v3/query_sql?db=" + enc(database) + "&format=json&q=" + enc(sql));
        List<Map<String, Object>> rows = new ArrayList<>();
        for (JsonNode node : body) {
            Map<String, Object> row = new LinkedHashMap<>();
            node.fields().forEachRemaining(e -> {
                JsonNode v = e.getValue();
                if (e.getKey().equals("time")) {
                    java.time.Instant time = java.time.LocalDateTime.parse(v.asText())
                            .toInstant(java.time.ZoneOffset.UTC);
                    row.put("time", time.getEpochSecond() * 1_000_000_000L + time.getNano());
                } else {
                    row.put(e.getKey(), v.isNumber() ? v.numberValue() : v.isBoolean() ? v.booleanValue()
                            : v.isNull() ? null : v.asText());
                }
            });
            rows.add(row);
        }
        return rows;
    }

    /** Whether the bucket (2.x) or database (3.x) exists. */
    public boolean exists(String bucket) {
        if (version == Version.V2) {
            try (InfluxDBClient client = InfluxDBClientFactory.create(url(), token.toCharArray(), ORG)) {
                return client.getBucketsApi().findBucketByName(bucket) != null;
            }
        }
        for (JsonNode row : get("/api/v3/configure/database?format=json")) {
            if (bucket.equals(row.path("iox::database").asText(row.path("database").asText()))) {
                return true;
            }
        }
        return false;
    }

    private JsonNode get(String path) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url() + path))
                    .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new IllegalStateException(path + " answered " + response.statusCode() + ": " + response.body());
            }
            return response.body().isBlank() ? JSON.createArrayNode() : JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException("InfluxDB at " + url() + " unreachable", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static void awaitHealthy(GenericContainer<?> container, int port) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            if (!container.isRunning()) {
                throw new IllegalStateException("the container exited");
            }
            try {
                HttpResponse<Void> response = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/health")).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.discarding());
                // 3.x answers 401 to /health without a token: it is up
                if (response.statusCode() == 200 || response.statusCode() == 401) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep(200);
        }
        throw new IllegalStateException("not healthy on 127.0.0.1:" + port + " within 90 s");
    }

    /** The 2.x entrypoint serves on the final port only after the setup; the org must be visible with the token. */
    private void awaitV2Setup() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            try (InfluxDBClient client = InfluxDBClientFactory.create(url(), token.toCharArray(), ORG)) {
                if (client.getBucketsApi().findBucketByName(BUCKET) != null) {
                    return;
                }
            } catch (RuntimeException notYet) {
                // setup still running
            }
            sleep(200);
        }
        throw new IllegalStateException("bucket " + BUCKET + " not set up within 60 s");
    }

    private static String createV3AdminToken(GenericContainer<?> container, int port) {
        try {
            var result = container.execInContainer("influxdb3", "create", "token", "--admin", "--host",
                    "http://127.0.0.1:" + port);
            Matcher m = V3_TOKEN.matcher(result.getStdout() + result.getStderr());
            if (!m.find()) {
                throw new IllegalStateException("no token in 'influxdb3 create token --admin': " + result.getStdout()
                        + result.getStderr());
            }
            return m.group(1);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        container.stop();
    }

    private static final class Started extends StartupCheckStrategy {
        @Override
        public StartupStatus checkStartupState(com.github.dockerjava.api.DockerClient client, String id) {
            return StartupStatus.SUCCESSFUL;
        }
    }

    private static final class NoWait extends AbstractWaitStrategy {
        @Override
        protected void waitUntilReady() {
            // awaitHealthy polls the port this fixture chose
        }
    }
}
