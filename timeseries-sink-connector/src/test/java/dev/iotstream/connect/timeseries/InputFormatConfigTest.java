package dev.iotstream.connect.timeseries;

import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** input.format: its values, and the JSON mapping settings refused (not silently ignored) with line protocol. */
class InputFormatConfigTest {
    private static Map<String, String> lineProtocol() {
        Map<String, String> props = new HashMap<>();
        props.put("connector.class", TimeSeriesSinkConnector.class.getName());
        props.put("topics", "t");
        props.put("influx.url", "http://127.0.0.1:1");
        props.put("influx.bucket", "b");
        props.put("validate.connection", "false");
        props.put("input.format", "line-protocol");
        return props;
    }

    private static List<String> errors(Map<String, String> props, String key) {
        return new TimeSeriesSinkConnector().validate(props).configValues().stream()
                .filter(v -> v.name().equals(key)).findFirst().map(ConfigValue::errorMessages).orElseThrow();
    }

    @Test
    void lineProtocolWithStaticAndKafkaTagsIsValid() {
        Map<String, String> props = lineProtocol();
        props.put("tags.static", "env=prod");
        props.put("tags.topic", "topic");
        props.put("write.precision", "ms");
        new TimeSeriesSinkConnector().validate(props).configValues()
                .forEach(v -> assertThat(v.errorMessages()).as(v.name()).isEmpty());
        assertThat(new TimeSeriesSinkConfig(props).lineProtocolInput()).isTrue();
        props.put("input.format", "JSON");
        assertThat(new TimeSeriesSinkConfig(props).lineProtocolInput()).isFalse();
        props.put("input.format", "csv");
        assertThat(errors(props, "input.format")).anyMatch(m -> m.contains("line-protocol"));
    }

    @Test
    void jsonMappingSettingsAreErrorsWithLineProtocol() {
        Map<String, String> settings = Map.of("tags", "device", "tags.headers", "h", "fields", "v",
                "fields.exclude", "x", "field.types", "v:integer", "tags.key", "key", "time.field", "ts",
                "fields.ingest.time", "at", "measurement", "fixed");
        settings.forEach((key, value) -> {
            Map<String, String> props = lineProtocol();
            props.put(key, value);
            assertThat(errors(props, key)).as(key).anyMatch(m -> m.contains("input.format=line-protocol"));
        });
    }

    @Test
    void routingTemplatesAreCheckedPerField() {
        Map<String, String> props = lineProtocol();
        props.put("influx.bucket", "site-${field:site}");
        assertThat(errors(props, "influx.bucket")).anyMatch(m -> m.contains("${field:...}"));
        props.put("influx.bucket", "${header:tenant}-${topic}");
        assertThat(errors(props, "influx.bucket")).isEmpty();
        props.put("influx.bucket", "${tenant}");
        assertThat(errors(props, "influx.bucket")).anyMatch(m -> m.contains("unknown placeholder"));
        props.put("influx.api", "v1");
        props.remove("influx.bucket");
        props.put("influx.v1.database", "db_${oops");
        assertThat(errors(props, "influx.v1.database")).anyMatch(m -> m.contains("unclosed"));
        assertThat(new TimeSeriesSinkConfig(Map.of("influx.url", "http://h", "influx.bucket", "b_${topic}"))
                .destinationTemplate().isConstant()).isFalse();
    }

    @Test
    void pointsArrayIsADottedPathOrDollar() {
        Map<String, String> props = lineProtocol();
        props.remove("input.format");
        for (String good : new String[]{"", "$", "readings", "data.readings"}) {
            props.put("points.array", good);
            assertThat(errors(props, "points.array")).as(good).isEmpty();
        }
        for (String bad : new String[]{".r", "r.", "a..b", "$.r"}) {
            props.put("points.array", bad);
            assertThat(errors(props, "points.array")).as(bad).isNotEmpty();
        }
        props.put("points.array", "r");
        props.put("input.format", "line-protocol");
        assertThat(errors(props, "points.array")).anyMatch(m -> m.contains("line-protocol"));
    }
}
