package dev.iotstream.connect.timeseries.write;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** InfluxDB 1.x answers (bodies as influxd 1.6.7 sends them) mapped to the sink's failure classes and settings. */
class V1FailuresTest {
    private static final V1Settings V1 = new V1Settings("telemetry", "weekly", "writer", "x", false);
    private static final Map<String, String> JSON = Map.of("Content-Type", "application/json");

    @Test
    void sharedClassesComeFromTheV2Classifier() {
        assertThat(V1Failures.kind(400, "{\"error\":\"partial write: field type conflict: ... dropped=1\"}", JSON))
                .isEqualTo(FailureKind.DATA);
        assertThat(V1Failures.kind(503, "", JSON)).isEqualTo(FailureKind.RETRIABLE);
        assertThat(V1Failures.kind(500, "{\"error\":\"timeout\"}", JSON)).isEqualTo(FailureKind.RETRIABLE);
        assertThat(V1Failures.kind(413, "", JSON)).isEqualTo(FailureKind.TOO_LARGE);
        assertThat(V1Failures.kind(401, "{\"error\":\"authorization failed\"}", JSON))
                .isEqualTo(FailureKind.CONFIGURATION);
        assertThat(V1Failures.kind(400, "<html>", Map.of("Content-Type", "text/html")))
                .isEqualTo(FailureKind.CONFIGURATION);
    }

    @Test
    void anUnknownRetentionPolicyIsAWrongSettingThoughInfluxDbSays500() {
        String body = "{\"error\":\"retention policy not found: weekly\"}";
        assertThat(V1Failures.kind(500, body, JSON)).isEqualTo(FailureKind.CONFIGURATION);
        assertThat(V1Failures.explain(500, body, "http://h", V1, JSON)).contains("influx.v1.retention.policy")
                .contains("'weekly'");
        assertThat(V1Failures.setting(500, body)).isEqualTo("influx.v1.retention.policy");
    }

    @Test
    void messagesAndSettingsNameWhatToFix() {
        String notFound = "{\"error\":\"database not found: \\\"telemetry\\\"\"}";
        assertThat(V1Failures.databaseNotFound(404, notFound)).isTrue();
        assertThat(V1Failures.explain(404, notFound, "http://h", V1, JSON)).contains("influx.v1.database")
                .contains("influx.v1.create.database=true");
        assertThat(V1Failures.setting(404, notFound)).isEqualTo("influx.v1.database");
        assertThat(V1Failures.explain(404, "404 page not found", "http://h", V1, JSON)).contains("influx.url");
        assertThat(V1Failures.setting(404, "404 page not found")).isEqualTo("influx.url");
        assertThat(V1Failures.explain(401, "", "http://h", V1, JSON)).contains("influx.v1.password");
        assertThat(V1Failures.setting(401, "")).isEqualTo("influx.v1.password");
        assertThat(V1Failures.explain(403, "", "http://h", V1, JSON)).contains("'writer'").contains("'telemetry'");
        assertThat(V1Failures.setting(403, "")).isEqualTo("influx.v1.username");
        assertThat(V1Failures.explain(0, "", "http://h", V1, JSON)).contains("no response");
    }
}
