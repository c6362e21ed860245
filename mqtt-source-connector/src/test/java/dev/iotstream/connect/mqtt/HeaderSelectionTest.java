package dev.iotstream.connect.mqtt;

import dev.iotstream.connect.common.MqttHeaders;
import dev.iotstream.connect.mqtt.mapping.HeaderSelection;
import dev.iotstream.connect.mqtt.mapping.HeaderSelection.Name;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HeaderSelectionTest {
    private static Map<String, String> props(String headers) {
        return headers == null ? Map.of("mqtt.server.uris", "tcp://h:1883", "mqtt.topics", "a", "kafka.topic", "t")
                : Map.of("mqtt.server.uris", "tcp://h:1883", "mqtt.topics", "a", "kafka.topic", "t",
                "mqtt.headers", headers);
    }

    @Test
    void eachNameIsItsHeaderWithoutTheMqttPrefix() {
        assertThat(Arrays.stream(Name.values()).map(Name::header)).containsExactly(MqttHeaders.TOPIC, MqttHeaders.QOS,
                MqttHeaders.RETAINED, MqttHeaders.DUPLICATE, MqttHeaders.MESSAGE_ID, MqttHeaders.CONTENT_TYPE,
                MqttHeaders.RESPONSE_TOPIC, MqttHeaders.CORRELATION_DATA, MqttHeaders.USER_PROPERTY_PREFIX + "<name>");
        for (Name n : Name.values()) {
            assertThat(n.header()).startsWith("mqtt." + n.configName());
        }
    }

    @Test
    void defaultSelectsAllOfThem() {
        HeaderSelection s = new MqttSourceConfig(props(null)).headerSelection();
        assertThat(Name.values()).allSatisfy(n -> assertThat(s.contains(n)).as(n.configName()).isTrue());
        assertThat(s.toString()).isEqualTo(HeaderSelection.ALL.toString());
    }

    @Test
    void subsetAndEmpty() {
        HeaderSelection s = new MqttSourceConfig(props("topic, message.id")).headerSelection();
        assertThat(Name.values()).allSatisfy(n -> assertThat(s.contains(n)).as(n.configName())
                .isEqualTo(n == Name.TOPIC || n == Name.MESSAGE_ID));
        HeaderSelection none = new MqttSourceConfig(props("")).headerSelection();
        assertThat(none.isEmpty()).isTrue();
        assertThat(HeaderSelection.of(List.of("qos", "qos")).toString()).isEqualTo("[qos]");
    }

    @Test
    void unknownNamesAreRejectedWithTheAllowedNames() {
        assertThat(HeaderSelection.problem("mqtt.topic")).get().asString().contains("'mqtt.topic'")
                .contains("topic, qos, retained, duplicate, message.id, content.type, response.topic,"
                        + " correlation.data, user");
        assertThat(HeaderSelection.problem("Topic")).isPresent();
        assertThat(HeaderSelection.problem("user")).isEmpty();
        assertThatThrownBy(() -> HeaderSelection.of(List.of("topic", "mqtt5")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'mqtt5'");
    }
}
