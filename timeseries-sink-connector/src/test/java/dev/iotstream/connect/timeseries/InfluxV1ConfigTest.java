package dev.iotstream.connect.timeseries;

import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** influx.api and the influx.v1.* keys: per-field errors from validate(), and the same checks at start. */
class InfluxV1ConfigTest {
    private static Map<String, String> v1() {
        Map<String, String> props = new HashMap<>();
        props.put("connector.class", TimeSeriesSinkConnector.class.getName());
        props.put("topics", "t");
        props.put("influx.url", "http://127.0.0.1:1");
        props.put("influx.api", "v1");
        props.put("influx.v1.database", "telemetry");
        props.put("validate.connection", "false");
        return props;
    }

    private static List<String> errors(Map<String, String> props, String key) {
        return new TimeSeriesSinkConnector().validate(props).configValues().stream()
                .filter(v -> v.name().equals(key)).findFirst().map(ConfigValue::errorMessages).orElseThrow();
    }

    @Test
    void aV1ConfigWithoutBucketHasNoErrors() {
        Map<String, String> props = v1();
        props.put("influx.v1.retention.policy", "autogen");
        props.put("influx.v1.username", "writer");
        props.put("influx.v1.password", "secret");
        props.put("influx.v1.create.database", "true");
        props.put("influx.api", "V1");
        new TimeSeriesSinkConnector().validate(props).configValues()
                .forEach(v -> assertThat(v.errorMessages()).as(v.name()).isEmpty());
    }

    @Test
    void eachApiNeedsItsDestination() {
        Map<String, String> props = v1();
        props.remove("influx.v1.database");
        assertThat(errors(props, "influx.v1.database")).anyMatch(m -> m.contains("required with influx.api=v1"));
        props = v1();
        props.put("influx.api", "v2");
        props.remove("influx.v1.database");
        assertThat(errors(props, "influx.bucket")).anyMatch(m -> m.contains("required with influx.api=v2"));
        props.put("influx.api", "v3");
        assertThat(errors(props, "influx.api")).anyMatch(m -> m.contains("v2") && m.contains("v1"));
    }

    @Test
    void settingsOfTheOtherApiAreErrorsNotSilentlyIgnored() {
        Map<String, String> props = v1();
        props.put("influx.bucket", "b");
        props.put("influx.org", "o");
        props.put("influx.token", "t");
        assertThat(errors(props, "influx.bucket")).anyMatch(m -> m.contains("influx.v1.database"));
        assertThat(errors(props, "influx.org")).anyMatch(m -> m.contains("not used with influx.api=v1"));
        assertThat(errors(props, "influx.token")).anyMatch(m -> m.contains("influx.v1.username"));

        props = v1();
        props.put("influx.api", "v2");
        props.put("influx.bucket", "b");
        props.put("influx.v1.create.database", "true");
        assertThat(errors(props, "influx.v1.database")).anyMatch(m -> m.contains("only used with influx.api=v1"));
        assertThat(errors(props, "influx.v1.create.database")).isNotEmpty();
        props.put("influx.v1.create.database", "false");
        props.remove("influx.v1.database");
        assertThat(errors(props, "influx.v1.create.database")).isEmpty();
    }

    @Test
    void aPasswordNeedsAUsernameAndIsMasked() {
        Map<String, String> props = v1();
        props.put("influx.v1.password", "secret");
        assertThat(errors(props, "influx.v1.username")).anyMatch(m -> m.contains("influx.v1.password"));
        assertThat(TimeSeriesSinkConfig.configDef().configKeys().get("influx.v1.password").type)
                .isEqualTo(org.apache.kafka.common.config.ConfigDef.Type.PASSWORD);
        assertThat(new TimeSeriesSinkConfig(props).toString()).doesNotContain("secret");
    }

    @Test
    void startRefusesWhatValidateReports() {
        Map<String, String> props = v1();
        props.remove("influx.v1.database");
        assertThatThrownBy(() -> new TimeSeriesSinkConnector().start(props)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("influx.v1.database");
        assertThatThrownBy(() -> new TimeSeriesSinkTask().start(props)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("influx.v1.database");
    }

    @Test
    void v1SettingsAndDestinationComeFromTheKeys() {
        Map<String, String> props = v1();
        props.put("influx.v1.retention.policy", " weekly ");
        TimeSeriesSinkConfig config = new TimeSeriesSinkConfig(props);
        assertThat(config.v1Settings().database()).isEqualTo("telemetry");
        assertThat(config.v1Settings().retentionPolicy()).isEqualTo("weekly");
        assertThat(config.v1Settings().createDatabase()).isFalse();
        assertThat(config.destination()).isEqualTo("database 'telemetry' retention policy 'weekly'");
    }
}
