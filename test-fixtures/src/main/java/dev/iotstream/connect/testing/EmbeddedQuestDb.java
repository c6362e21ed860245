package dev.iotstream.connect.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.questdb.ServerMain;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * QuestDB inside the test JVM, HTTP only (InfluxDB v2 write endpoint at {@code /api/v2/write}, SQL at
 * {@code /exec}). Tables are WAL tables: use {@link #awaitTable(String)} or poll {@link #query(String)}.
 */
public final class EmbeddedQuestDb implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path root;
    private final int port;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private ServerMain server;

    private EmbeddedQuestDb(Path root, int port) {
        this.root = root;
        this.port = port;
    }

    public static EmbeddedQuestDb start() {
        EmbeddedQuestDb db = new EmbeddedQuestDb(TempDirs.create("questdb"), FreePorts.next());
        db.startServer();
        return db;
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** Stops the server, keeping its data, to simulate an outage. */
    public void stop() {
        if (server != null) {
            server.close();
            server = null;
        }
    }

    public void restart() {
        stop();
        startServer();
    }

    public void awaitTable(String table) {
        server.awaitTable(table);
    }

    /** Runs SQL and returns rows as column-name to value maps; a missing table yields an empty list. */
    public List<Map<String, Object>> query(String sql) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(url() + "/exec?query="
                    + URLEncoder.encode(sql, StandardCharsets.UTF_8))).timeout(Duration.ofSeconds(30)).build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            JsonNode body = JSON.readTree(response.body());
            if (response.statusCode() != 200) {
                if (body.path("error").asText("").contains("does not exist")) {
                    return List.of();
                }
                throw new IllegalStateException("QuestDB query failed: " + response.body());
            }
            List<String> columns = new ArrayList<>();
            body.path("columns").forEach(c -> columns.add(c.path("name").asText()));
            List<Map<String, Object>> rows = new ArrayList<>();
            for (JsonNode row : body.path("dataset")) {
                Map<String, Object> values = new LinkedHashMap<>();
                for (int i = 0; i < columns.size(); i++) {
                    values.put(columns.get(i), JSON.treeToValue(row.get(i), Object.class));
                }
                rows.add(values);
            }
            return rows;
        } catch (IOException e) {
            throw new IllegalStateException("QuestDB at " + url() + " unreachable", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public long count(String table) {
        List<Map<String, Object>> rows = query("select count() from '" + table + "'");
        return rows.isEmpty() ? 0 : ((Number) rows.get(0).values().iterator().next()).longValue();
    }

    @Override
    public void close() {
        try {
            stop();
        } finally {
            TempDirs.deleteRecursively(root);
        }
    }

    private void startServer() {
        Map<String, String> env = new LinkedHashMap<>(System.getenv());
        env.put("QDB_HTTP_BIND_TO", "127.0.0.1:" + port);
        env.put("QDB_HTTP_MIN_ENABLED", "false");
        env.put("QDB_PG_ENABLED", "false");
        env.put("QDB_LINE_TCP_ENABLED", "false");
        env.put("QDB_LINE_UDP_ENABLED", "false");
        env.put("QDB_TELEMETRY_ENABLED", "false");
        server = ServerMain.create(root.toString(), env);
        server.start();
        server.awaitStartup();
    }
}
