package dev.iotstream.connect.mqtt.sink;

import dev.iotstream.connect.mqtt.sink.topic.MqttTopicName;
import dev.iotstream.connect.mqtt.sink.topic.TopicTemplate;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TopicTemplateTest {
    @Test
    void fillsEveryKindOfPlaceholder() {
        var r = FakeRecord.of("iot.alerts", "k1".getBytes(StandardCharsets.UTF_8),
                Map.of("site", "s1", "device", Map.of("id", 7))).with("region", "eu");
        var t = TopicTemplate.parse("alerts/${header:region}/${field:site}/${field:device.id}/${key}/${topic}");
        assertThat(t.render(r).topic()).isEqualTo("alerts/eu/s1/7/k1/iot.alerts");
        assertThat(TopicTemplate.parse("fixed/topic").isFixed()).isTrue();
    }

    @Test
    void saysWhyARecordHasNoTopic() {
        var t = TopicTemplate.parse("a/${field:site}");
        assertThat(t.render(FakeRecord.of("t", null, Map.of())).problem()).contains("${field:site} is missing");
        assertThat(t.render(FakeRecord.of("t", null, Map.of("site", Map.of()))).problem()).contains("not a scalar");
        assertThat(TopicTemplate.parse("${key}").render(FakeRecord.of("t", null, "v")).problem()).contains("null");
        assertThat(t.render(FakeRecord.of("t", null, Map.of("site", "+"))).problem()).contains("wildcard '+'");
        assertThat(t.render(FakeRecord.of("t", null, Map.of("site", "x#"))).problem()).contains("wildcard '#'");
        assertThat(t.render(FakeRecord.of("t", null, Map.of("site", "a\0b"))).problem()).contains("NUL");
        assertThat(TopicTemplate.parse("${field:s}").render(FakeRecord.of("t", null, Map.of("s", ""))).problem())
                .contains("empty");
        assertThat(t.render(FakeRecord.of("t", null, Map.of("site", "x".repeat(70_000)))).problem())
                .contains("at most 65535");
        // counted in UTF-8 bytes: "a/" and 21,844 three-byte characters are 65,534 bytes, one more is too many
        assertThat(t.render(FakeRecord.of("t", null, Map.of("site", "\u20ac".repeat(21_844)))).ok()).isTrue();
        assertThat(t.render(FakeRecord.of("t", null, Map.of("site", "\u20ac".repeat(21_845)))).problem())
                .contains("65537 bytes");
    }

    @Test
    void aFixedTopicIsTheSameForEveryRecordAndAnInvalidOneIsRefusedForEach() {
        var t = TopicTemplate.parse("alerts/all");
        assertThat(t.render(FakeRecord.of("t", null, "v")).topic()).isEqualTo("alerts/all");
        assertThat(t.render(FakeRecord.of("u", "k", null)).topic()).isEqualTo("alerts/all");
        assertThat(TopicTemplate.parse("alerts/+").render(FakeRecord.of("t", null, "v")).problem())
                .contains("wildcard '+'");
    }

    @Test
    void rejectsBadTemplatesAtConfigTime() {
        assertThatThrownBy(() -> TopicTemplate.parse("a/${nope}")).hasMessageContaining("unknown placeholder");
        assertThatThrownBy(() -> TopicTemplate.parse("a/${field:x")).hasMessageContaining("no closing");
        assertThatThrownBy(() -> TopicTemplate.parse("a/${header:}")).hasMessageContaining("names no header");
        assertThat(TopicTemplate.problem("a/#")).isPresent();
        assertThat(TopicTemplate.problem("a/${field:x}")).isEmpty();
    }

    @Property
    void aRenderedTopicIsAlwaysAValidTopicNameOrAReason(@ForAll @StringLength(max = 40) String site,
                                                         @ForAll @StringLength(max = 40) String literal) {
        String tpl = literal.replace("$", "") + "/${field:site}";
        TopicTemplate t = TopicTemplate.parse(tpl);
        TopicTemplate.Result r = t.render(FakeRecord.of("t", null, Map.of("site", site)));
        if (r.ok()) {
            assertThat(MqttTopicName.problem(r.topic())).isEmpty();
            assertThat(r.topic()).isEqualTo(tpl.replace("${field:site}", site));
        } else {
            assertThat(MqttTopicName.problem(tpl.replace("${field:site}", site))).isPresent();
        }
    }
}
