package dev.iotstream.connect.mqtt.sink;

import dev.iotstream.connect.common.MqttHeaders;
import dev.iotstream.connect.mqtt.sink.message.MessageFactory;
import dev.iotstream.connect.mqtt.sink.message.MessageSettings;
import dev.iotstream.connect.mqtt.sink.message.ValueSource;
import dev.iotstream.connect.mqtt.sink.payload.PayloadFormat;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class MessageFactoryTest {
    private static MessageSettings settings(String topic, boolean reply, boolean clearOnNull, boolean mqtt5) {
        return new MessageSettings(topic, reply, PayloadFormat.JSON, "", clearOnNull, 1,
                ValueSource.parse("header:qos"), false, ValueSource.parse("field:keep"), mqtt5, "application/json",
                60, true, List.of("trace"), false);
    }

    @Test
    void perRecordOverridesAndMqtt5Properties() {
        var f = new MessageFactory(settings("alerts/${field:site}", false, false, true));
        var out = f.build(FakeRecord.of("t", null, Map.of("site", "s1", "keep", true)).with("qos", "2")
                .with("trace", "abc"));
        assertThat(out.message().topic()).isEqualTo("alerts/s1");
        assertThat(out.message().qos()).isEqualTo(2);
        assertThat(out.message().retained()).isTrue();
        assertThat(out.message().contentType()).isEqualTo("application/json");
        assertThat(out.message().messageExpirySeconds()).isEqualTo(60L);
        assertThat(out.message().utf8Payload()).isTrue();
        assertThat(out.message().userProperties()).containsExactly(Map.entry("trace", "abc"));
        assertThat(f.build(FakeRecord.of("t", null, Map.of("site", "s1")).with("qos", "3")).problem())
                .contains("must be 0, 1 or 2");
        assertThat(f.build(FakeRecord.of("t", null, Map.of("site", "s1", "keep", "maybe"))).problem())
                .contains("true or false");
        assertThat(f.build(FakeRecord.of("t", null, Map.of("site", "s1"))).message().qos()).isEqualTo(1);
    }

    @Test
    void nullValuesAreSkippedOrClearTheRetainedTopic() {
        assertThat(new MessageFactory(settings("a/b", false, false, false)).build(FakeRecord.of("t", null, null))
                .skip()).isTrue();
        var clear = new MessageFactory(settings("a/b", false, true, false)).build(FakeRecord.of("t", null, null));
        assertThat(clear.message().payload()).isEmpty();
        assertThat(clear.message().retained()).isTrue();
    }

    @Test
    void replyModeAnswersToTheResponseTopicWithTheCorrelationData() {
        var f = new MessageFactory(settings("", true, false, true));
        var out = f.build(FakeRecord.of("t", null, Map.of("ok", true))
                .with(MqttHeaders.RESPONSE_TOPIC, "replies/dev1").with(MqttHeaders.CORRELATION_DATA, new byte[] {9}));
        assertThat(out.message().topic()).isEqualTo("replies/dev1");
        assertThat(out.message().correlationData()).containsExactly(9);
        assertThat(f.build(FakeRecord.of("t", null, Map.of())).problem()).contains("no mqtt.response.topic header");
    }

    @Test
    void base64CorrelationDataIsDecodedAndUnreadableDataIsRefused() {
        MessageSettings raw = settings("", true, false, true);
        MessageSettings b64 = new MessageSettings(raw.topic(), true, raw.payloadFormat(), "", false, 1,
                ValueSource.NONE, false, ValueSource.NONE, true, "", -1, false, List.of(), true);
        var f = new MessageFactory(b64);
        var ok = f.build(FakeRecord.of("t", null, "v").with(MqttHeaders.RESPONSE_TOPIC, "r/1")
                .with(MqttHeaders.CORRELATION_DATA, "AQID"));
        assertThat(ok.message().correlationData()).containsExactly(1, 2, 3);
        assertThat(f.build(FakeRecord.of("t", null, "v").with(MqttHeaders.RESPONSE_TOPIC, "r/1")
                .with(MqttHeaders.CORRELATION_DATA, "not base64!")).problem()).contains("not base64");
    }
}
