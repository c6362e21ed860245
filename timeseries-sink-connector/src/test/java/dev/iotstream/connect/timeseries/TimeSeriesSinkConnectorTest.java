package dev.iotstream.connect.timeseries;

import dev.iotstream.connect.common.ProjectVersion;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.sink.SinkConnector;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

import static org.assertj.core.api.Assertions.assertThat;

class TimeSeriesSinkConnectorTest {
    private static Map<String, String> base() {
        Map<String, String> props = new HashMap<>();
        props.put("connector.class", TimeSeriesSinkConnector.class.getName());
        props.put("topics", "t");
        props.put("influx.url", "http://127.0.0.1:1");
        props.put("influx.bucket", "b");
        props.put("validate.connection", "false");
        return props;
    }

    private static List<String> errors(Map<String, String> props, String key) {
        return new TimeSeriesSinkConnector().validate(props).configValues().stream()
                .filter(v -> v.name().equals(key)).findFirst().map(ConfigValue::errorMessages).orElseThrow();
    }

    @Test
    void registeredAsServiceWithProjectVersion() {
        assertThat(ServiceLoader.load(SinkConnector.class).stream().map(ServiceLoader.Provider::type).toList())
                .contains(TimeSeriesSinkConnector.class);
        assertThat(new TimeSeriesSinkConnector().version()).isEqualTo(ProjectVersion.get());
        assertThat(new TimeSeriesSinkTask().version()).isEqualTo(ProjectVersion.get());
    }

    @Test
    void validConfigHasNoErrors() {
        new TimeSeriesSinkConnector().validate(base()).configValues()
                .forEach(v -> assertThat(v.errorMessages()).as(v.name()).isEmpty());
    }

    @Test
    void badUrlMissingBucketAndBadEnumsAreFieldErrors() {
        Map<String, String> props = base();
        props.put("influx.url", "localhost:8086");
        assertThat(errors(props, "influx.url")).isNotEmpty();
        props.put("influx.url", "ftp://x");
        assertThat(errors(props, "influx.url")).anyMatch(m -> m.contains("http"));
        props = base();
        props.remove("influx.bucket");
        assertThat(errors(props, "influx.bucket")).isNotEmpty();
        props = base();
        props.put("time.unit", "minutes");
        assertThat(errors(props, "time.unit")).isNotEmpty();
        props = base();
        props.put("time.fallback", "clock");
        assertThat(errors(props, "time.fallback")).anyMatch(m -> m.contains("record-timestamp"));
        props.put("time.fallback", "Record-Timestamp");
        assertThat(errors(props, "time.fallback")).isEmpty();
        props = base();
        props.put("field.types", "a:decimal");
        assertThat(errors(props, "field.types")).anyMatch(m -> m.contains("decimal"));
        props = base();
        props.put("measurement", "${topic");
        assertThat(errors(props, "measurement")).anyMatch(m -> m.contains("unclosed"));
        props = base();
        props.put("batch.size", "0");
        assertThat(errors(props, "batch.size")).isNotEmpty();
    }

    @Test
    void contradictoryMappingsAreReportedOnTheKeys() {
        Map<String, String> props = base();
        props.put("tags", "device,site");
        props.put("fields", "temp,device");
        assertThat(errors(props, "fields")).anyMatch(m -> m.contains("'device'"));
        assertThat(errors(props, "tags")).anyMatch(m -> m.contains("'device'"));
        props = base();
        props.put("fields", "a");
        props.put("fields.exclude", "b");
        assertThat(errors(props, "fields.exclude")).isNotEmpty();
        props = base();
        props.put("time.field", "ts");
        props.put("tags", "ts");
        assertThat(errors(props, "time.field")).isNotEmpty();
        props = base();
        props.put("tags", "ok");
        props.put("field.types", "ok:boolean");
        assertThat(errors(props, "field.types")).isNotEmpty();
    }

    @Test
    void unreachableTargetIsReportedOnUrlWithinTheTimeout() {
        Map<String, String> props = base();
        props.put("validate.connection", "true");
        props.put("validate.timeout.ms", "2000");
        long start = System.nanoTime();
        assertThat(errors(props, "influx.url")).anyMatch(m -> m.contains("cannot reach"));
        long first = (System.nanoTime() - start) / 1_000_000;
        start = System.nanoTime();
        assertThat(errors(props, "influx.url")).anyMatch(m -> m.contains("cannot reach"));
        long second = (System.nanoTime() - start) / 1_000_000;
        System.out.println("validate with unreachable target: first " + first + " ms, second " + second + " ms");
        assertThat(second).isLessThan(3000);
    }

    @Test
    void tasksGetTheirIndex() {
        TimeSeriesSinkConnector connector = new TimeSeriesSinkConnector();
        connector.start(base());
        assertThat(connector.taskConfigs(3)).extracting(m -> m.get("task.index")).containsExactly("0", "1", "2");
    }
}
