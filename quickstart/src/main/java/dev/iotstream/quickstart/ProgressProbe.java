package dev.iotstream.quickstart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Measures the pipeline from the outside, the way a user would check it: Kafka end offsets through the Admin API
 * and row counts through QuestDB's SQL endpoint. Never throws: a stage it cannot read shows as its last value.
 */
final class ProgressProbe implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Supplier<SimulatorStats> simulator;
    private final Admin admin;
    private final String questDbUrl;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    private final Map<String, Long> lastKafka = new HashMap<>();
    private final AlertSubscriber alerts; // null: the way back is not watched

    /** @param questDbUrl the store's URL if it answers QuestDB SQL, else null */
    ProgressProbe(Supplier<SimulatorStats> simulator, String bootstrapServers, String questDbUrl,
                  AlertSubscriber alerts) {
        this.simulator = simulator;
        this.alerts = alerts;
        this.questDbUrl = questDbUrl;
        this.admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.CLIENT_ID_CONFIG, "iotstream-quickstart-progress",
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000));
    }

    Progress sample() {
        SimulatorStats sim = simulator.get();
        long telemetry = endOffsets(Pipeline.TELEMETRY_TOPIC);
        long alerts = endOffsets(Pipeline.ALERTS_TOPIC);
        OptionalLong storeTelemetry = questDbUrl == null ? OptionalLong.empty() : count(Pipeline.TELEMETRY_TABLE);
        OptionalLong storeAlerts = questDbUrl == null ? OptionalLong.empty() : count(Pipeline.ALERTS_TABLE);
        return new Progress(System.nanoTime(), sim, telemetry, alerts, storeTelemetry, storeAlerts,
                this.alerts == null ? OptionalLong.empty() : OptionalLong.of(this.alerts.received()));
    }

    private long endOffsets(String topic) {
        try {
            TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames()
                    .get(5, TimeUnit.SECONDS).get(topic);
            Map<TopicPartition, OffsetSpec> request = new HashMap<>();
            description.partitions().forEach(p -> request.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
            long sum = 0;
            for (ListOffsetsResult.ListOffsetsResultInfo info : admin.listOffsets(request).all()
                    .get(5, TimeUnit.SECONDS).values()) {
                sum += info.offset();
            }
            lastKafka.put(topic, sum);
            return sum;
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return lastKafka.getOrDefault(topic, 0L);
        }
    }

    /** Rows in a QuestDB table; 0 while the table does not exist yet, empty when QuestDB does not answer. */
    OptionalLong count(String table) {
        try {
            String sql = "select count() from '" + table + "'";
            HttpRequest request = HttpRequest.newBuilder(URI.create(questDbUrl + "/exec?query="
                    + URLEncoder.encode(sql, StandardCharsets.UTF_8))).timeout(Duration.ofSeconds(5)).build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            JsonNode body = JSON.readTree(response.body());
            if (response.statusCode() != 200) {
                return body.path("error").asText("").contains("does not exist") ? OptionalLong.of(0) : OptionalLong.empty();
            }
            return OptionalLong.of(body.path("dataset").path(0).path(0).asLong());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return OptionalLong.empty();
        } catch (Exception e) {
            return OptionalLong.empty();
        }
    }

    /** True when {@code url} answers QuestDB's SQL endpoint, so rows can be counted there. */
    static boolean answersQuestDbSql(String url) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(url + "/exec?query=select%201"))
                    .timeout(Duration.ofSeconds(5)).build();
            HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 && JSON.readTree(response.body()).has("dataset");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (Exception e) {
            return false;
        }
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
    }
}
