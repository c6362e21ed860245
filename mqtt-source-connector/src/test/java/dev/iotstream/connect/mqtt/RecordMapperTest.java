package dev.iotstream.connect.mqtt;

import dev.iotstream.connect.common.MqttHeaders;
import dev.iotstream.connect.mqtt.client.InboundMessage;
import dev.iotstream.connect.mqtt.mapping.DeadLetterHeaders;
import dev.iotstream.connect.mqtt.mapping.HeaderSelection;
import dev.iotstream.connect.mqtt.mapping.KeyStrategy;
import dev.iotstream.connect.mqtt.mapping.RecordMapper;
import dev.iotstream.connect.mqtt.mapping.TopicMappingRule;
import dev.iotstream.connect.mqtt.mapping.TopicRouter;
import dev.iotstream.connect.mqtt.payload.PayloadDecoder;
import dev.iotstream.connect.mqtt.payload.PayloadFormat;
import org.apache.kafka.connect.data.Schema;
import dev.iotstream.connect.mqtt.ack.OrderedAckTracker;
import dev.iotstream.connect.mqtt.ack.OrderedAckTracker.Ticket;
import dev.iotstream.connect.mqtt.ack.TrackedSourceRecord;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RecordMapperTest {
    private static RecordMapper mapper(PayloadFormat format, String dlq, boolean skipRetained) {
        return mapper(format, dlq, skipRetained, new MqttSourceConfig(Map.of("mqtt.server.uris", "tcp://h:1883",
                "mqtt.topics", "a", "kafka.topic", "t")).headerSelection()); // the connector's default
    }

    private static RecordMapper mapper(PayloadFormat format, String dlq, boolean skipRetained,
                                       HeaderSelection headers) {
        return new RecordMapper(new RecordMapper.Origin(Map.of("p", 1), Map.of("o", 1), "c/0"),
                new RecordMapper.Routing(new TopicRouter("default",
                        List.of(TopicMappingRule.parse("sensors/{site}/{device}/#->iot.{site}"))),
                        KeyStrategy.parse("segment:device")),
                new RecordMapper.Decoding(PayloadDecoder.of(format, false), format.name().toLowerCase(),
                        skipRetained, dlq), headers);
    }

    /** An MQTT 5 message with every kind of metadata, so that each selectable header has something to write. */
    private static InboundMessage fullMqtt5(String topic, String payload) {
        return new InboundMessage(topic, payload.getBytes(StandardCharsets.UTF_8), 1, true, true, 7, 1,
                "application/json", "reply/to", new byte[] {9}, List.of(Map.entry("site", "x")));
    }

    private static List<String> headerNames(SourceRecord rec) {
        List<String> names = new java.util.ArrayList<>();
        rec.headers().forEach(h -> names.add(h.key()));
        return names;
    }

    private static InboundMessage msg(String topic, String payload, boolean retained) {
        return InboundMessage.v3(topic, payload.getBytes(StandardCharsets.UTF_8), 1, retained, true, 7, 1);
    }

    @Test
    void mapsTopicKeyHeadersAndTimestamp() {
        RecordMapper.Result r = mapper(PayloadFormat.BYTES, "dlq", false).map(msg("sensors/b e/d1/t", "x", false), 42L);
        SourceRecord rec = r.records().get(0);
        assertThat(rec.topic()).isEqualTo("iot.b_e");
        assertThat(rec.key()).isEqualTo("d1");
        assertThat(rec.keySchema()).isEqualTo(Schema.OPTIONAL_STRING_SCHEMA);
        assertThat(rec.valueSchema()).isEqualTo(Schema.OPTIONAL_BYTES_SCHEMA);
        assertThat(rec.timestamp()).isEqualTo(42L);
        assertThat(rec.headers().lastWithName(MqttHeaders.TOPIC).value()).isEqualTo("sensors/b e/d1/t");
        assertThat(rec.headers().lastWithName(MqttHeaders.QOS).value()).isEqualTo(1);
        assertThat(rec.headers().lastWithName(MqttHeaders.DUPLICATE).value()).isEqualTo(true);
        assertThat(rec.headers().lastWithName(MqttHeaders.RETAINED).value()).isEqualTo(false);
        assertThat(rec.headers().lastWithName(MqttHeaders.MESSAGE_ID).value()).isEqualTo(7);
        assertThat(mapper(PayloadFormat.BYTES, "dlq", false).map(msg("other", "x", false), 1).records().get(0).topic())
                .isEqualTo("default");
    }

    @Test
    void mqtt5MetadataBecomesHeaders() {
        InboundMessage m = new InboundMessage("a", new byte[0], 1, false, false, 1, 1, "application/json", "reply/to",
                new byte[] {9}, List.of(Map.entry("site", "x"), Map.entry("site", "y")));
        SourceRecord rec = mapper(PayloadFormat.BYTES, null, false).map(m, 1).records().get(0);
        assertThat(rec.headers().lastWithName(MqttHeaders.CONTENT_TYPE).value()).isEqualTo("application/json");
        assertThat(rec.headers().lastWithName(MqttHeaders.RESPONSE_TOPIC).value()).isEqualTo("reply/to");
        assertThat((byte[]) rec.headers().lastWithName(MqttHeaders.CORRELATION_DATA).value()).containsExactly(9);
        assertThat(rec.headers().allWithName("mqtt.user.site")).toIterable().extracting(h -> h.value())
                .containsExactly("x", "y");
    }

    @Test
    void undecodablePayloadGoesToDeadLetterTopicWithReason() {
        RecordMapper.Result r = mapper(PayloadFormat.JSON, "dead", false).map(msg("sensors/s/d/t", "{oops", false), 1);
        assertThat(r.decodeFailed()).isTrue();
        SourceRecord rec = r.records().get(0);
        assertThat(rec.topic()).isEqualTo("dead");
        assertThat((byte[]) rec.value()).isEqualTo("{oops".getBytes(StandardCharsets.UTF_8));
        assertThat((String) rec.headers().lastWithName(DeadLetterHeaders.REASON).value()).contains("not JSON");
        assertThat(rec.headers().lastWithName(DeadLetterHeaders.INTENDED_TOPIC).value()).isEqualTo("iot.s");
        assertThat(rec.headers().lastWithName(DeadLetterHeaders.FORMAT).value()).isEqualTo("json");
        assertThat(rec.headers().lastWithName(MqttHeaders.TOPIC).value()).isEqualTo("sensors/s/d/t");
    }

    @Test
    void undecodablePayloadFailsWhenConfigured() {
        assertThatThrownBy(() -> mapper(PayloadFormat.SENML, null, false).map(msg("a/b", "[]", false), 1))
                .isInstanceOf(ConnectException.class).hasMessageContaining("'a/b'").hasMessageContaining("senml");
    }

    private static RecordMapper limitedTo(int maxBytes, String dlq) {
        return new RecordMapper(new RecordMapper.Origin(Map.of("p", 1), Map.of("o", 1), "c/0"),
                new RecordMapper.Routing(new TopicRouter("default", List.of()), KeyStrategy.parse("topic")),
                new RecordMapper.Decoding(PayloadDecoder.limitedTo(maxBytes, PayloadDecoder.of(PayloadFormat.JSON,
                false)), "json", false, dlq), HeaderSelection.of(List.of()));
    }

    @Test
    void payloadOverTheLimitIsADeadLetterWithoutItsBytesOrFailsWhenConfigured() {
        String tenBytes = "{\"t\":21.5}";
        assertThat(limitedTo(10, "dead").map(msg("a/b", tenBytes, false), 1).records().get(0).topic())
                .isEqualTo("default");

        RecordMapper.Result r = limitedTo(9, "dead").map(msg("a/b", tenBytes, false), 1);
        assertThat(r.decodeFailed()).isTrue();
        SourceRecord rec = r.records().get(0);
        assertThat(rec.topic()).isEqualTo("dead");
        assertThat(rec.value()).isNull();
        assertThat((String) rec.headers().lastWithName(DeadLetterHeaders.REASON).value())
                .contains("10 bytes").contains("payload.max.bytes (9)");
        assertThat(rec.headers().lastWithName(DeadLetterHeaders.INTENDED_TOPIC).value()).isEqualTo("default");
        assertThat(rec.headers().lastWithName(MqttHeaders.TOPIC).value()).isEqualTo("a/b");

        assertThatThrownBy(() -> limitedTo(9, null).map(msg("a/b", tenBytes, false), 1))
                .isInstanceOf(ConnectException.class).hasMessageContaining("'a/b'")
                .hasMessageContaining("payload.max.bytes (9)");
    }

    @Test
    void senmlPackBecomesManyRecords() {
        RecordMapper.Result r = mapper(PayloadFormat.SENML, "dlq", false)
                .map(msg("a", "[{\"bn\":\"d:\",\"n\":\"t\",\"v\":1},{\"n\":\"h\",\"v\":2}]", false), 1);
        assertThat(r.records()).hasSize(2);
    }

    private static RecordMapper keyedBy(String keySpec, PayloadFormat format, boolean jsonAsStruct) {
        return new RecordMapper(new RecordMapper.Origin(Map.of("p", 1), Map.of("o", 1), "c/0"),
                new RecordMapper.Routing(new TopicRouter("default", List.of()), KeyStrategy.parse(keySpec)),
                new RecordMapper.Decoding(PayloadDecoder.of(format, jsonAsStruct), format.name().toLowerCase(),
                        false, "dlq"), HeaderSelection.of(List.of()));
    }

    @Test
    void keyFromAPayloadFieldOfMapsStructsAndEachSenmlEntry() {
        String json = "{\"device\":\"dev-7\",\"meta\":{\"serial\":42},\"temp\":1.5,\"list\":[1]}";
        for (boolean struct : new boolean[] {false, true}) {
            assertThat(keyedBy("field:device", PayloadFormat.JSON, struct).map(msg("a", json, false), 1).records()
                    .get(0).key()).as("struct " + struct).isEqualTo("dev-7");
            assertThat(keyedBy("field:meta.serial", PayloadFormat.JSON, struct).map(msg("a", json, false), 1)
                    .records().get(0).key()).as("struct " + struct).isEqualTo("42");
            for (String noKey : List.of("field:missing", "field:meta", "field:list", "field:meta.serial.x")) {
                assertThat(keyedBy(noKey, PayloadFormat.JSON, struct).map(msg("a", json, false), 1).records()
                        .get(0).key()).as(noKey + ", struct " + struct).isNull();
            }
        }
        List<SourceRecord> pack = keyedBy("field:n", PayloadFormat.SENML, false)
                .map(msg("a", "[{\"bn\":\"d:\",\"n\":\"t\",\"v\":1},{\"n\":\"h\",\"v\":2}]", false), 1)
                .records();
        assertThat(pack).extracting(SourceRecord::key).containsExactly("d:t", "d:h");
        assertThat(pack.get(0).keySchema()).isEqualTo(Schema.OPTIONAL_STRING_SCHEMA);
        RecordMapper.Result dead = keyedBy("field:device", PayloadFormat.JSON, false).map(msg("a", "{oops", false), 1);
        assertThat(dead.decodeFailed()).isTrue();
        assertThat(dead.records().get(0).key()).as("an undecodable payload has no field to key by").isNull();
    }

    @Test
    void fieldKeySpecsAreChecked() {
        assertThat(KeyStrategy.problem("field:a.b")).isEmpty();
        assertThat(KeyStrategy.problem("field:")).isPresent();
        assertThat(KeyStrategy.problem("field:a..b")).get().asString().contains("empty name");
        assertThat(KeyStrategy.problem("fields:a")).get().asString().contains("field:<path");
    }

    @Test
    void retainedMessagesSkippedOnlyWhenAsked() {
        assertThat(mapper(PayloadFormat.BYTES, null, true).map(msg("a", "x", true), 1).skipped()).isTrue();
        assertThat(mapper(PayloadFormat.BYTES, null, true).map(msg("a", "x", true), 1).records()).isEmpty();
        assertThat(mapper(PayloadFormat.BYTES, null, false).map(msg("a", "x", true), 1).records()).hasSize(1);
    }

    @Test
    void recordsCarryTheTicketOfTheirMessageOnlyWhenOneIsGiven() {
        OrderedAckTracker<InboundMessage> tracker = new OrderedAckTracker<>(4, m -> { });
        InboundMessage m = msg("a", "[{\"n\":\"t\",\"v\":1},{\"n\":\"h\",\"v\":2}]", false);
        try {
            Ticket<InboundMessage> ticket = tracker.register(m, 0);
            List<SourceRecord> tracked = mapper(PayloadFormat.SENML, "dlq", false).map(m, 1, ticket).records();
            assertThat(tracked).hasSize(2).allSatisfy(r -> assertThat(((TrackedSourceRecord<?>) r).ticket())
                    .isSameAs(ticket));
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        assertThat(mapper(PayloadFormat.BYTES, "dlq", false).map(m, 1, null).records().get(0))
                .isNotInstanceOf(TrackedSourceRecord.class);
    }

    @Test
    void sharedHeadersEqualThoseConnectHeadersWouldBuild() {
        RecordMapper mapper = mapper(PayloadFormat.BYTES, "dlq", false);
        for (int round = 0; round < 2; round++) { // the second round is served from the cache
            for (int qos = 0; qos <= 2; qos++) {
                InboundMessage m = InboundMessage.v3("sensors/s/d" + qos, new byte[] {1}, qos, qos == 1, qos == 2,
                        qos == 0 ? 0 : 40 + qos, 1);
                ConnectHeaders expected = new ConnectHeaders();
                expected.addString(MqttHeaders.TOPIC, m.topic());
                expected.addInt(MqttHeaders.QOS, qos);
                expected.addBoolean(MqttHeaders.RETAINED, m.retained());
                expected.addBoolean(MqttHeaders.DUPLICATE, m.duplicate());
                expected.addInt(MqttHeaders.MESSAGE_ID, m.messageId());
                assertThat(mapper.map(m, 1).records().get(0).headers()).isEqualTo(expected);
            }
        }
    }

    @Test
    void defaultSelectionWritesEveryMetadataHeader() {
        SourceRecord rec = mapper(PayloadFormat.BYTES, "dlq", false).map(fullMqtt5("sensors/s/d/t", "x"), 1)
                .records().get(0);
        assertThat(headerNames(rec)).containsExactly(MqttHeaders.TOPIC, MqttHeaders.QOS, MqttHeaders.RETAINED,
                MqttHeaders.DUPLICATE, MqttHeaders.MESSAGE_ID, MqttHeaders.CONTENT_TYPE, MqttHeaders.RESPONSE_TOPIC,
                MqttHeaders.CORRELATION_DATA, "mqtt.user.site");
    }

    @Test
    void subsetSelectionWritesOnlyThoseHeaders() {
        RecordMapper topicOnly = mapper(PayloadFormat.BYTES, "dlq", false, HeaderSelection.of(List.of("topic")));
        SourceRecord rec = topicOnly.map(fullMqtt5("sensors/s/d/t", "x"), 5).records().get(0);
        assertThat(headerNames(rec)).containsExactly(MqttHeaders.TOPIC);
        assertThat(rec.headers().lastWithName(MqttHeaders.TOPIC).value()).isEqualTo("sensors/s/d/t");
        assertThat((byte[]) rec.value()).isEqualTo(new byte[] {'x'});
        assertThat(rec.topic()).isEqualTo("iot.s");
        assertThat(rec.key()).isEqualTo("d");
        assertThat(rec.timestamp()).isEqualTo(5L);

        RecordMapper some = mapper(PayloadFormat.BYTES, "dlq", false,
                HeaderSelection.of(List.of(" message.id", "user ", "qos", "content.type")));
        SourceRecord r2 = some.map(fullMqtt5("a", "x"), 1).records().get(0);
        assertThat(headerNames(r2)).containsExactly(MqttHeaders.QOS, MqttHeaders.MESSAGE_ID,
                MqttHeaders.CONTENT_TYPE, "mqtt.user.site");
        assertThat(r2.headers().lastWithName(MqttHeaders.MESSAGE_ID).value()).isEqualTo(7);
        assertThat(r2.headers().lastWithName("mqtt.user.site").value()).isEqualTo("x");

        RecordMapper flags = mapper(PayloadFormat.BYTES, "dlq", false,
                HeaderSelection.of(List.of("retained", "duplicate", "response.topic", "correlation.data")));
        assertThat(headerNames(flags.map(fullMqtt5("a", "x"), 1).records().get(0))).containsExactly(
                MqttHeaders.RETAINED, MqttHeaders.DUPLICATE, MqttHeaders.RESPONSE_TOPIC, MqttHeaders.CORRELATION_DATA);
    }

    @Test
    void emptySelectionWritesNoHeadersOnEveryRecordOfAPack() {
        RecordMapper none = mapper(PayloadFormat.SENML, "dlq", false, HeaderSelection.of(List.of()));
        RecordMapper.Result r = none.map(fullMqtt5("a", "[{\"n\":\"t\",\"v\":1},{\"n\":\"h\",\"v\":2}]"), 1);
        assertThat(r.records()).hasSize(2).allSatisfy(rec -> assertThat(rec.headers().isEmpty()).isTrue());
    }

    @Test
    void deadLettersKeepReasonHeadersAndTheMqttTopicWhateverIsSelected() {
        RecordMapper none = mapper(PayloadFormat.JSON, "dead", false, HeaderSelection.of(List.of()));
        SourceRecord dl = none.map(fullMqtt5("sensors/s/d/t", "{oops"), 1).records().get(0);
        assertThat(dl.topic()).isEqualTo("dead");
        assertThat(headerNames(dl)).containsExactly(MqttHeaders.TOPIC, DeadLetterHeaders.REASON,
                DeadLetterHeaders.FORMAT, DeadLetterHeaders.INTENDED_TOPIC, DeadLetterHeaders.SOURCE);
        assertThat(dl.headers().lastWithName(MqttHeaders.TOPIC).value()).isEqualTo("sensors/s/d/t");
        assertThat(dl.headers().lastWithName(DeadLetterHeaders.SOURCE).value()).isEqualTo("c/0");

        RecordMapper qos = mapper(PayloadFormat.JSON, "dead", false, HeaderSelection.of(List.of("qos")));
        assertThat(headerNames(qos.map(fullMqtt5("a", "{oops"), 1).records().get(0))).containsExactly(
                MqttHeaders.TOPIC, MqttHeaders.QOS, DeadLetterHeaders.REASON, DeadLetterHeaders.FORMAT,
                DeadLetterHeaders.INTENDED_TOPIC, DeadLetterHeaders.SOURCE);
    }
}
