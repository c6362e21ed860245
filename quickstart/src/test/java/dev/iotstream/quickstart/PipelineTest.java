package dev.iotstream.quickstart;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class PipelineTest {
    private static final Pipeline.StoreTarget STORE =
            new Pipeline.StoreTarget("http://127.0.0.1:9000", "bucket", "org", Optional.empty());

    @Test
    void sourceParsesJsonAddsTopicSegmentsAndRoutesOutOfRangeReadings() {
        Map<String, String> c = Pipeline.source("tcp://127.0.0.1:1883", true);
        assertThat(c).containsEntry("connector.class", Pipeline.SOURCE_CLASS)
                .containsEntry("mqtt.server.uris", "tcp://127.0.0.1:1883")
                .containsEntry("mqtt.topics", "sensors/#")
                .containsEntry("mqtt.qos", "1")
                .containsEntry("kafka.topic", "iot.telemetry")
                .containsEntry("transforms", "parse,segments,alerts")
                .containsEntry("transforms.parse.type", "dev.iotstream.connect.transforms.ParseJson$Value")
                .containsEntry("transforms.segments.pattern", "sensors/{site}/{device}/{metric}")
                .containsEntry("transforms.alerts.replacement", "iot.alerts")
                .containsEntry("transforms.alerts.negate", "true")
                .containsEntry("predicates.normal.type", Pipeline.FIELD_IN_RANGE_CLASS)
                .containsEntry("predicates.normal.field", "temperature");
        // The predicate's upper bound is the simulator's alert threshold: the alert counts must agree.
        assertThat(Double.parseDouble(c.get("predicates.normal.max"))).isEqualTo(ReadingGenerator.ALERT_THRESHOLD_CELSIUS);
        assertThat(Double.parseDouble(c.get("predicates.normal.min"))).isLessThan(ReadingGenerator.MIN_NORMAL_CELSIUS);
    }

    @Test
    void withoutThePredicateNoRoutingIsConfigured() {
        Map<String, String> c = Pipeline.source("tcp://b:1883", false);
        assertThat(c.get("transforms")).isEqualTo("parse,segments");
        assertThat(c).doesNotContainKeys("predicates", "transforms.alerts.type");
    }

    @Test
    void sinksWriteEveryReadingToTelemetryAndAlertsToTheirOwnTable() {
        Map<String, String> telemetry = Pipeline.telemetrySink(STORE);
        assertThat(telemetry).containsEntry("topics", "iot.telemetry,iot.alerts")
                .containsEntry("measurement", "telemetry")
                .containsEntry("influx.url", "http://127.0.0.1:9000")
                .containsEntry("tags", "site,device")
                .containsEntry("fields", "temperature,humidity,battery")
                .containsEntry("time.field", "ts")
                .containsEntry("time.unit", "ms")
                .doesNotContainKey("influx.token");
        assertThat(Pipeline.alertsSink(new Pipeline.StoreTarget("u", "b", "o", Optional.of("secret"))))
                .containsEntry("topics", "iot.alerts")
                .containsEntry("measurement", "alerts")
                .containsEntry("influx.token", "secret");
    }
}
