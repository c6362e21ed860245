package dev.iotstream.connect.transforms;

import dev.iotstream.connect.common.ProjectVersion;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ParseJsonTest {
    private static final String DEVICE = "{\"device\":\"dev7\",\"temp\":21,\"hum\":40.5,\"ok\":true,\"note\":null,"
            + "\"loc\":{\"lat\":48.1,\"lon\":11}}";

    private static ParseJson<SourceRecord> value(Map<String, String> props) {
        ParseJson<SourceRecord> transform = new ParseJson.Value<>();
        transform.configure(props);
        return transform;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(SourceRecord record) {
        return (Map<String, Object>) record.value();
    }

    private static byte[] bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void bytesBecomeSchemalessMapWithAllNumbersDoubleByDefault() {
        SourceRecord in = TestRecords.source(Schema.BYTES_SCHEMA, bytes(DEVICE));
        SourceRecord out = value(Map.of()).apply(in);
        assertThat(out.valueSchema()).isNull();
        @SuppressWarnings("unchecked")
        Map<String, Object> map = (Map<String, Object>) out.value();
        assertThat(map).containsEntry("device", "dev7").containsEntry("temp", 21.0).containsEntry("hum", 40.5)
                .containsEntry("ok", true).containsEntry("note", null)
                .containsEntry("loc", Map.of("lat", 48.1, "lon", 11.0));
        assertThat(map.keySet()).containsExactly("device", "temp", "hum", "ok", "note", "loc");
        assertThat(out.headers()).isEqualTo(in.headers());
        assertThat(out.timestamp()).isEqualTo(in.timestamp());
        assertThat(in.value()).isEqualTo(bytes(DEVICE));
    }

    @Test
    void stringInputAndLongOrDoubleTyping() {
        SourceRecord out = value(Map.of("number.type", "long_or_double"))
                .apply(TestRecords.source(Schema.STRING_SCHEMA, DEVICE));
        assertThat(map(out)).containsEntry("temp", 21L).containsEntry("hum", 40.5);
    }

    @Test
    void integersBeyondDoublePrecisionStayLongsInDoubleMode() {
        SourceRecord out = value(Map.of()).apply(TestRecords.source(null,
                bytes("{\"ns\":1700000000123456789,\"ms\":1700000000123,\"big\":123456789012345678901234}")));
        assertThat(map(out)).containsEntry("ns", 1700000000123456789L)
                .containsEntry("ms", 1.700000000123E12).containsEntry("big", 1.2345678901234568E23);
    }

    @Test
    void byteBufferIsAccepted() {
        SourceRecord out = value(Map.of()).apply(TestRecords.source(null, java.nio.ByteBuffer.wrap(bytes("{\"a\":1}"))));
        assertThat(map(out)).containsEntry("a", 1.0);
    }

    @Test
    void maxDepthKeepsDeeperObjectsAndArraysAsJsonText() {
        SourceRecord out = value(Map.of("max.depth", "2")).apply(TestRecords.source(null,
                bytes("{\"a\":{\"b\":{\"c\":1},\"d\":[1, 2]},\"e\":[[1]]}")));
        assertThat(map(out)).containsEntry("a", Map.of("b", "{\"c\":1}", "d", "[1,2]"))
                .containsEntry("e", List.of("[1]"));
        SourceRecord flat = value(Map.of("max.depth", "1")).apply(TestRecords.source(null, bytes("{\"a\":{\"b\":1}}")));
        assertThat(map(flat)).containsEntry("a", "{\"b\":1}");
    }

    @Test
    void structOutputInfersOptionalSchemaAndCachesIt() {
        ParseJson<SourceRecord> transform = value(Map.of("output", "struct"));
        SourceRecord out = transform.apply(TestRecords.source(Schema.BYTES_SCHEMA, bytes(DEVICE)));
        Struct struct = (Struct) out.value();
        assertThat(out.valueSchema()).isSameAs(struct.schema());
        assertThat(struct.getString("device")).isEqualTo("dev7");
        assertThat(struct.getFloat64("temp")).isEqualTo(21.0);
        assertThat(struct.schema().field("temp").schema()).isEqualTo(Schema.OPTIONAL_FLOAT64_SCHEMA);
        assertThat(struct.schema().field("note").schema()).isEqualTo(Schema.OPTIONAL_STRING_SCHEMA);
        assertThat(struct.get("note")).isNull();
        assertThat(struct.getStruct("loc").getFloat64("lon")).isEqualTo(11.0);
        assertThat(struct.schema().isOptional()).isTrue();

        SourceRecord again = transform.apply(TestRecords.source(null, bytes(DEVICE.replace("21", "22"))));
        assertThat(again.valueSchema()).isSameAs(out.valueSchema());
        SourceRecord other = transform.apply(TestRecords.source(null, bytes("{\"device\":\"x\"}")));
        assertThat(other.valueSchema()).isNotEqualTo(out.valueSchema());
    }

    @Test
    void structArraysWidenNumbersAndMergeObjects() {
        SourceRecord out = value(Map.of("output", "struct", "number.type", "long_or_double")).apply(TestRecords.source(null,
                bytes("{\"v\":[1,2.5,null],\"pts\":[{\"a\":1},{\"b\":\"x\"}],\"none\":[]}")));
        Struct struct = (Struct) out.value();
        assertThat(struct.getArray("v")).containsExactly(1.0, 2.5, null);
        assertThat(struct.schema().field("v").schema().valueSchema()).isEqualTo(Schema.OPTIONAL_FLOAT64_SCHEMA);
        List<Struct> pts = struct.getArray("pts");
        assertThat(pts.get(0).getInt64("a")).isEqualTo(1L);
        assertThat(pts.get(0).get("b")).isNull();
        assertThat(pts.get(1).getString("b")).isEqualTo("x");
        assertThat(struct.getArray("none")).isEmpty();
    }

    @Test
    void structArrayOfMixedTypesFailsWithPath() {
        assertThatThrownBy(() -> value(Map.of("output", "struct")).apply(TestRecords.source(null,
                bytes("{\"x\":{\"v\":[1,\"a\"]}}"))))
                .isInstanceOf(DataException.class)
                .hasMessage("ParseJson: cannot infer one schema for the elements of array 'x.v': they mix double and "
                        + "string values (use output=map for such payloads) (MQTT topic 'sensors/plant1/dev7/temp', "
                        + "Kafka topic 'raw')");
    }

    @Test
    void keyVariantParsesKeyAndLeavesValue() {
        ParseJson<SourceRecord> transform = new ParseJson.Key<>();
        transform.configure(Map.of("output", "struct"));
        SourceRecord in = TestRecords.source(Schema.BYTES_SCHEMA, bytes("{\"id\":\"d1\"}"), Schema.STRING_SCHEMA, "v",
                "a/b");
        SourceRecord out = transform.apply(in);
        assertThat(((Struct) out.key()).getString("id")).isEqualTo("d1");
        assertThat(out.value()).isEqualTo("v");
        assertThat(out.valueSchema()).isEqualTo(Schema.STRING_SCHEMA);
    }

    @Test
    void nullsAndTombstonesPassThroughUnchanged() {
        SourceRecord nullValue = TestRecords.source(null, null);
        assertThat(value(Map.of()).apply(nullValue)).isSameAs(nullValue);
        SinkRecord tombstone = new SinkRecord("t", 0, Schema.STRING_SCHEMA, "k", null, null, 1L);
        ParseJson<SinkRecord> transform = new ParseJson.Value<>();
        transform.configure(Map.of("output", "struct"));
        assertThat(transform.apply(tombstone)).isSameAs(tombstone);
        ParseJson<SourceRecord> key = new ParseJson.Key<>();
        key.configure(Map.of());
        SourceRecord noKey = TestRecords.source(null, bytes("{}"));
        assertThat(key.apply(noKey)).isSameAs(noKey);
    }

    @Test
    void malformedJsonOnSinkRecordNamesTopicPartitionOffset() {
        ParseJson<SinkRecord> transform = new ParseJson.Value<>();
        transform.configure(Map.of());
        assertThatThrownBy(() -> transform.apply(TestRecords.sink(null, bytes("{\"temp\": 21,}"))))
                .isInstanceOf(DataException.class)
                .hasMessageStartingWith("ParseJson: malformed JSON in record value: Unexpected character ('}'")
                .hasMessageEndingWith(" at line 1, column 13 (topic 'telemetry', partition 3, offset 42)");
    }

    @Test
    void malformedJsonOnSourceRecordNamesMqttTopic() {
        assertThatThrownBy(() -> value(Map.of()).apply(TestRecords.source(null, bytes("{\"temp\": 2"))))
                .isInstanceOf(DataException.class)
                .hasMessageStartingWith("ParseJson: malformed JSON in record value: Unexpected end-of-input")
                .hasMessageEndingWith("(MQTT topic 'sensors/plant1/dev7/temp', Kafka topic 'raw')");
        assertThatThrownBy(() -> value(Map.of()).apply(TestRecords.source(null, null, null, bytes("nope"), null)))
                .hasMessageStartingWith("ParseJson: malformed JSON in record value: Unrecognized token 'nope'")
                .hasMessageEndingWith("(Kafka topic 'raw')");
    }

    @Test
    void nonObjectsEmptyAndTrailingContentAreRejected() {
        ParseJson<SourceRecord> transform = value(Map.of());
        String where = " (MQTT topic 'sensors/plant1/dev7/temp', Kafka topic 'raw')";
        assertThatThrownBy(() -> transform.apply(TestRecords.source(null, bytes("[1,2]"))))
                .hasMessage("ParseJson: record value is not a JSON object: the JSON value must be an object, found an array" + where);
        assertThatThrownBy(() -> transform.apply(TestRecords.source(null, bytes("21.5"))))
                .hasMessage("ParseJson: record value is not a JSON object: the JSON value must be an object, found a number" + where);
        assertThatThrownBy(() -> transform.apply(TestRecords.source(null, new byte[0])))
                .hasMessage("ParseJson: record value is not a JSON object: no JSON content (empty or blank payload)" + where);
        assertThatThrownBy(() -> transform.apply(TestRecords.source(null, bytes("{} {}"))))
                .hasMessage("ParseJson: record value is not a JSON object: unexpected content after the JSON object at line 1, column 5" + where);
    }

    @Test
    void wrongInputTypeIsRejected() {
        assertThatThrownBy(() -> value(Map.of()).apply(TestRecords.source(Schema.INT32_SCHEMA, 5)))
                .isInstanceOf(DataException.class)
                .hasMessage("ParseJson: record value must be byte[] or String holding JSON, found java.lang.Integer "
                        + "(MQTT topic 'sensors/plant1/dev7/temp', Kafka topic 'raw')");
    }

    @Test
    void inputIsNotMutated() {
        Map<String, Object> headersBefore = new HashMap<>();
        SourceRecord in = TestRecords.source(Schema.BYTES_SCHEMA, bytes(DEVICE));
        in.headers().forEach(h -> headersBefore.put(h.key(), h.value()));
        SourceRecord out = value(Map.of()).apply(in);
        out.headers().addString("extra", "x");
        assertThat(in.headers().lastWithName("extra")).isNull();
        assertThat(in.headers().size()).isEqualTo(headersBefore.size());
    }

    @Test
    void invalidConfigIsRejected() {
        assertThatThrownBy(() -> value(Map.of("output", "xml"))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("Invalid value xml for configuration output: must be one of map, struct");
        assertThatThrownBy(() -> value(Map.of("number.type", "int"))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("configuration number.type");
        assertThatThrownBy(() -> value(Map.of("max.depth", "0"))).isInstanceOf(ConfigException.class)
                .hasMessage("Invalid value 0 for configuration max.depth: Value must be at least 1");
    }

    @Test
    void versionIsTheProjectVersion() {
        assertThat(new ParseJson.Value<SourceRecord>().version()).isEqualTo(ProjectVersion.get());
    }
}
