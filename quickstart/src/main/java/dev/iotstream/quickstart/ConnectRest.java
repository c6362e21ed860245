package dev.iotstream.quickstart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The few Connect REST calls the quickstart makes, exactly as a user would make them with curl: so the pipeline is
 * installed through the public API, not through test-kit shortcuts.
 */
final class ConnectRest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final String baseUrl;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    ConnectRest(String baseUrl) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    }

    String baseUrl() {
        return baseUrl;
    }

    /** {@code PUT /connectors/{name}/config}; a rejected config throws with the worker's validation errors. */
    void putConnectorConfig(String name, Map<String, String> config) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/connectors/" + enc(name) + "/config"))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(toJson(config))));
        if (response.statusCode() != 200 && response.statusCode() != 201) {
            throw new IllegalStateException("Connect rejected connector '" + name + "' (HTTP " + response.statusCode()
                    + "): " + describeError(response.body()));
        }
    }

    /** {@code GET /connectors/{name}/status} as a tree; null when the connector does not exist (yet). */
    JsonNode status(String name) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/connectors/" + enc(name) + "/status")).GET());
        if (response.statusCode() == 404) {
            return null;
        }
        return parse(response, "status of " + name);
    }

    /** Class names of every plugin the worker sees ({@code GET /connector-plugins?connectorsOnly=false}). */
    List<PluginInfo> plugins() {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/connector-plugins?connectorsOnly=false")).GET());
        List<PluginInfo> plugins = new ArrayList<>();
        for (JsonNode p : parse(response, "connector plugins")) {
            plugins.add(new PluginInfo(p.path("class").asText(), p.path("type").asText(), p.path("version").asText()));
        }
        return plugins;
    }

    record PluginInfo(String className, String type, String version) {
    }

    private JsonNode parse(HttpResponse<String> response, String what) {
        if (response.statusCode() != 200) {
            throw new IllegalStateException("Connect REST " + what + ": HTTP " + response.statusCode() + " "
                    + describeError(response.body()));
        }
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException("Connect REST " + what + ": unreadable answer " + response.body(), e);
        }
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(90)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("Connect REST at " + baseUrl + " unreachable: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while calling Connect REST", e);
        }
    }

    private URI uri(String path) {
        return URI.create(baseUrl + path);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    static String toJson(Map<String, String> config) {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(config);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Connect's 400 answers for invalid configs list each bad key with its message: show them, not raw JSON. */
    static String describeError(String body) {
        try {
            JsonNode node = JSON.readTree(body);
            List<String> problems = new ArrayList<>();
            for (JsonNode config : node.path("configs")) {
                for (JsonNode err : config.path("value").path("errors")) {
                    problems.add(config.path("value").path("name").asText() + ": " + err.asText());
                }
            }
            if (!problems.isEmpty()) {
                return String.join("; ", problems);
            }
            if (node.has("message")) {
                return node.get("message").asText();
            }
        } catch (IOException | RuntimeException ignored) {
            // Not JSON: show it as it is.
        }
        return body;
    }
}
