package dev.iotstream.connect.mqtt.sink;

import dev.iotstream.connect.mqtt.MqttSourceConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class MqttSinkConnectorTest {
    private static Map<String, String> props(String... kv) {
        Map<String, String> p = new HashMap<>();
        p.put("topics", "alerts");
        p.put("mqtt.server.uris", "tcp://127.0.0.1:1883");
        p.put("mqtt.topic", "alerts/${field:site}");
        for (int i = 0; i < kv.length; i += 2) {
            p.put(kv[i], kv[i + 1]);
        }
        return p;
    }

    private static Map<String, List<String>> errors(Map<String, String> props) {
        return new MqttSinkConnector().validate(props).configValues().stream()
                .filter(v -> !v.errorMessages().isEmpty())
                .collect(Collectors.toMap(ConfigValue::name, ConfigValue::errorMessages));
    }

    @Test
    void validReportsEachProblemAgainstItsField() {
        assertThat(errors(props())).isEmpty();
        assertThat(errors(props("mqtt.topic", "a/${nope}"))).containsOnlyKeys("mqtt.topic");
        assertThat(errors(props("mqtt.topic", "a/#"))).containsOnlyKeys("mqtt.topic");
        assertThat(errors(props("mqtt.topic", ""))).containsOnlyKeys("mqtt.topic");
        assertThat(errors(props("mqtt.reply", "true"))).containsOnlyKeys("mqtt.reply");
        assertThat(errors(props("mqtt.reply", "true", "mqtt.version", "5", "mqtt.topic", ""))).isEmpty();
        assertThat(errors(props("mqtt.qos", "3"))).containsOnlyKeys("mqtt.qos");
        assertThat(errors(props("mqtt.qos.from", "body"))).containsOnlyKeys("mqtt.qos.from");
        assertThat(errors(props("payload.format", "field"))).containsOnlyKeys("payload.field");
        assertThat(errors(props("mqtt.server.uris", "http://x"))).containsOnlyKeys("mqtt.server.uris");
        assertThat(errors(props("mqtt.password", "secret"))).containsOnlyKeys("mqtt.username");
        assertThat(errors(props("mqtt.ssl.certificate.file", "/c.pem", "mqtt.server.uris", "ssl://h:8883")))
                .containsOnlyKeys("mqtt.ssl.key.file");
        assertThat(errors(props("mqtt.reconnect.backoff.initial.ms", "5000", "mqtt.reconnect.backoff.max.ms", "10")))
                .containsOnlyKeys("mqtt.reconnect.backoff.max.ms");
    }

    @Test
    void sharesConnectionKeysDocsAndValidatorsWithTheSource() {
        ConfigDef sink = MqttSinkConfig.configDef();
        ConfigDef source = MqttSourceConfig.configDef();
        List<String> shared = List.of("mqtt.server.uris", "mqtt.username", "mqtt.password", "mqtt.client.id.prefix",
                "mqtt.connect.attempt.timeout.ms", "mqtt.connect.timeout.ms", "mqtt.reconnect.backoff.initial.ms",
                "mqtt.reconnect.backoff.max.ms", "mqtt.ssl.truststore.location", "mqtt.ssl.keystore.password",
                "mqtt.ssl.ca.file", "mqtt.ssl.certificate.file", "mqtt.ssl.key.file",
                "mqtt.ssl.hostname.verification", "mqtt.ssl.protocol");
        for (String key : shared) {
            ConfigDef.ConfigKey a = sink.configKeys().get(key);
            ConfigDef.ConfigKey b = source.configKeys().get(key);
            assertThat(a.type).as(key).isEqualTo(b.type);
            assertThat(a.documentation).as(key).isEqualTo(b.documentation);
            assertThat(a.defaultValue).as(key).isEqualTo(b.defaultValue);
            assertThat(String.valueOf(a.validator)).as(key).isEqualTo(String.valueOf(b.validator));
        }
        assertThat(sink.configKeys().get("mqtt.password").type).isEqualTo(ConfigDef.Type.PASSWORD);
        assertThat(sink.configKeys().get("mqtt.ssl.key.password").type).isEqualTo(ConfigDef.Type.PASSWORD);
    }

    @Test
    void everyTaskGetsItsOwnIndexForAStableClientId() {
        MqttSinkConnector c = new MqttSinkConnector();
        c.start(props("name", "alerts-out"));
        var configs = c.taskConfigs(3);
        assertThat(configs).extracting(m -> new MqttSinkConfig(m).clientId("alerts-out"))
                .containsExactly("alerts-out-0", "alerts-out-1", "alerts-out-2");
        assertThat(c.version()).isNotBlank();
    }
}
