package dev.iotstream.connect.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.File;
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
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A real InfluxDB 1.x ({@code influxd} from Debian's influxdb package, 1.6.7 on our machines) as a child process or
 * a container ({@link ServerRuntime#INFLUXD}):
 * HTTP API and backup RPC on free 127.0.0.1 ports, meta/data/WAL in a temporary directory that {@link #close()}
 * deletes, no usage reporting, no _internal monitor database. {@link #startWithAuth(String, String)} turns on
 * {@code auth-enabled} and creates an admin user, so wrong credentials get 401.
 * Tests call {@code ServerRuntime.INFLUXD.require()} first: a failure under CI, a skip elsewhere.
 */
public final class InfluxDb1Server implements AutoCloseable {
    public static final String NOT_INSTALLED = "influxd (InfluxDB 1.x) is not on PATH: apt-get install -y influxdb";
    private static final ObjectMapper JSON = new ObjectMapper();
    private final int port;
    private final int rpcPort;
    private final Path dir;
    private final String username;
    private final String password;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private ServerProcess process;

    private InfluxDb1Server(String username, String password) {
        this.port = FreePorts.next();
        this.rpcPort = FreePorts.next();
        this.dir = TempDirs.create("influxdb1");
        this.username = username;
        this.password = password;
    }

    /**
     * The {@code influxd} binary: the system property {@code influxd.binary}, else the first on PATH. Kept in this
     * one method so that the lookup can move to a shared place.
     */
    public static Optional<Path> binary() {
        return ServerBinaries.INFLUXD.find();
    }

    public static boolean isInstalled() {
        return binary().isPresent();
    }

    /** Whether it can run natively or in a container (see {@link ServerRuntime}). */
    public static boolean isAvailable() {
        return ServerRuntime.INFLUXD.available();
    }

    public static InfluxDb1Server start() {
        return startWith(null, null);
    }

    /** With {@code auth-enabled = true} and {@code username} as the admin user (all privileges). */
    public static InfluxDb1Server startWithAuth(String username, String password) {
        return startWith(username, password);
    }

    private static InfluxDb1Server startWith(String username, String password) {
        ServerRuntime.INFLUXD.require();
        InfluxDb1Server server = new InfluxDb1Server(username, password);
        try {
            server.startProcess();
            if (username != null) {
                // With auth on and no user yet, InfluxDB 1.x accepts exactly this statement without credentials.
                server.query(null, "CREATE USER " + quoted(username) + " WITH PASSWORD '"
                        + password.replace("\\", "\\\\").replace("'", "\\'") + "' WITH ALL PRIVILEGES", false);
            }
            return server;
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** The influxd process id on this host (also in a container), for tests that inspect what it listens on. */
    public long pid() {
        return process.pid();
    }

    public void createDatabase(String name) {
        query(null, "CREATE DATABASE " + quoted(name));
    }

    public List<String> databases() {
        List<String> names = new ArrayList<>();
        for (Map<String, Object> row : select(null, "SHOW DATABASES")) {
            names.add(String.valueOf(row.get("name")));
        }
        return names;
    }

    /**
     * Rows of an InfluxQL SELECT (or SHOW) over HTTP {@code /query}, each a map of column to value, with times as
     * epoch nanoseconds (column "time"). Series tags are added to the rows of a GROUP BY query.
     */
    public List<Map<String, Object>> select(String database, String influxQl) {
        JsonNode result = query(database, influxQl).path("results").path(0);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (JsonNode series : result.path("series")) {
            List<String> columns = new ArrayList<>();
            series.path("columns").forEach(c -> columns.add(c.asText()));
            for (JsonNode values : series.path("values")) {
                Map<String, Object> row = new LinkedHashMap<>();
                series.path("tags").fields().forEachRemaining(t -> row.put(t.getKey(), t.getValue().asText()));
                for (int i = 0; i < columns.size(); i++) {
                    JsonNode v = values.path(i);
                    row.put(columns.get(i), v.isNull() ? null : v.isNumber() ? v.numberValue()
                            : v.isBoolean() ? v.booleanValue() : v.asText());
                }
                rows.add(row);
            }
        }
        return rows;
    }

    /** {@code SELECT count(field) FROM measurement}: 0 when the measurement does not exist. */
    public long count(String database, String measurement, String field) {
        List<Map<String, Object>> rows = select(database, "SELECT count(" + quoted(field) + ") FROM "
                + quoted(measurement));
        return rows.isEmpty() ? 0 : ((Number) rows.get(0).get("count")).longValue();
    }

    /** Runs InfluxQL; an error in the answer (HTTP or in the JSON results) throws. */
    public JsonNode query(String database, String influxQl) {
        return query(database, influxQl, true);
    }

    private JsonNode query(String database, String influxQl, boolean authenticate) {
        String form = "q=" + URLEncoder.encode(influxQl, StandardCharsets.UTF_8) + "&epoch=ns"
                + (database == null ? "" : "&db=" + URLEncoder.encode(database, StandardCharsets.UTF_8));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url() + "/query"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        if (authenticate && username != null) {
            request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                    (username + ":" + password).getBytes(StandardCharsets.UTF_8)));
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode body = JSON.readTree(response.body());
            if (response.statusCode() != 200 || body.has("error") || body.path("results").path(0).has("error")) {
                throw new IllegalStateException("InfluxDB " + influxQl + " answered " + response.statusCode()
                        + ": " + response.body());
            }
            return body;
        } catch (IOException e) {
            throw new IllegalStateException("InfluxDB at " + url() + " unreachable", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        try {
            if (process != null) {
                process.stop(Duration.ofSeconds(20));
            }
            process = null;
        } finally {
            TempDirs.deleteRecursively(dir);
        }
    }

    private void startProcess() {
        Path config = dir.resolve("influxdb.conf");
        try {
            Files.writeString(config, config());
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + config, e);
        }
        process = ServerRuntime.INFLUXD.start(new ServerProcess.Launch(List.of("-config", config.toString()),
                dir.resolve("influxd.log"), List.of(dir)));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("influxd (" + process.description() + ") exited with "
                        + process.exitValue() + ": " + log());
            }
            try {
                HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create(url() + "/ping"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 204) {
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
        throw new IllegalStateException("influxd not ready on " + url() + " within 60 s: " + log());
    }

    /**
     * Only what differs from influxd's defaults (which `influxd config` prints): every listener on 127.0.0.1, all
     * state under our directory, no reporting, no self-monitoring writes, quiet logs. Graphite, collectd, OpenTSDB,
     * UDP and ifql listeners are off by default.
     */
    private String config() {
        String d = dir.toString().replace("\\", "/");
        return """
                reporting-enabled = false
                bind-address = "127.0.0.1:%d"

                [meta]
                  dir = "%s/meta"
                  logging-enabled = false

                [data]
                  dir = "%s/data"
                  wal-dir = "%s/wal"
                  query-log-enabled = false

                [monitor]
                  store-enabled = false

                [http]
                  enabled = true
                  bind-address = "127.0.0.1:%d"
                  auth-enabled = %s
                  log-enabled = false
                  pprof-enabled = false

                [logging]
                  level = "warn"
                """.formatted(rpcPort, d, d, d, port, username != null);
    }

    private String log() {
        try {
            return Files.readString(dir.resolve("influxd.log"));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    private static String quoted(String identifier) {
        return "\"" + identifier.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static void sleep() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
