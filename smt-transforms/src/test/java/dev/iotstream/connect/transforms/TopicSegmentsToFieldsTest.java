package dev.iotstream.connect.transforms;

import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TopicSegmentsToFieldsTest {
    private static final String WHERE = " (MQTT topic 'sensors/plant1/dev7/temp', Kafka topic 'raw')";

    private static TopicSegmentsToFields<SourceRecord> transform(Map<String, String> props) {
        TopicSegmentsToFields<SourceRecord> transform = new TopicSegmentsToFields<>();
        Map<String, String> all = new HashMap<>(Map.of("pattern", "sensors/{site}/{device}/{metric}"));
        all.putAll(props);
        transform.configure(all);
        return transform;
    }

    @Test
    void segmentsOfTheMqttTopicHeaderBecomeFieldsOfASchemalessValue() {
        Map<String, Object> value = new HashMap<>(Map.of("v", 21.5));
        SourceRecord out = transform(Map.of()).apply(TestRecords.source(null, value));
        assertThat(ParseJsonTest.map(out)).containsEntry("v", 21.5).containsEntry("site", "plant1")
                .containsEntry("device", "dev7").containsEntry("metric", "temp");
        assertThat(value).containsOnlyKeys("v");
        assertThat(out.key()).isNull();
    }

    @Test
    void structValueGetsOptionalStringFieldsWithACachedSchema() {
        Schema schema = SchemaBuilder.struct().field("v", Schema.FLOAT64_SCHEMA).build();
        TopicSegmentsToFields<SourceRecord> transform = transform(Map.of());
        SourceRecord out = transform.apply(TestRecords.source(schema, new Struct(schema).put("v", 1.0)));
        Struct struct = (Struct) out.value();
        assertThat(struct.getFloat64("v")).isEqualTo(1.0);
        assertThat(struct.getString("device")).isEqualTo("dev7");
        assertThat(out.valueSchema().field("site").schema()).isEqualTo(Schema.OPTIONAL_STRING_SCHEMA);
        SourceRecord again = transform.apply(TestRecords.source(schema, new Struct(schema).put("v", 2.0)));
        assertThat(again.valueSchema()).isSameAs(out.valueSchema());
    }

    @Test
    void keySegmentSetsAStringKey() {
        SourceRecord out = transform(Map.of("key.segment", "device")).apply(TestRecords.source(null, Map.of("v", 1)));
        assertThat(out.key()).isEqualTo("dev7");
        assertThat(out.keySchema()).isEqualTo(Schema.STRING_SCHEMA);
    }

    @Test
    void kafkaTopicIsUsedWithoutHeaderOrWhenConfigured() {
        TopicSegmentsToFields<SourceRecord> transform = new TopicSegmentsToFields<>();
        transform.configure(Map.of("pattern", "{stream}"));
        SourceRecord noHeader = TestRecords.source(null, null, null, Map.of(), null);
        assertThat(ParseJsonTest.map(transform.apply(noHeader))).containsEntry("stream", "raw");
        TopicSegmentsToFields<SourceRecord> kafkaOnly = new TopicSegmentsToFields<>();
        kafkaOnly.configure(Map.of("pattern", "{stream}", "topic.header", ""));
        assertThat(ParseJsonTest.map(kafkaOnly.apply(TestRecords.source(null, Map.of())))).containsEntry("stream", "raw");
    }

    @Test
    void wildcardLevels() {
        TopicPattern pattern = TopicPattern.parse("+/{site}/#");
        assertThat(pattern.match("sensors/a/b/c")).containsExactlyEntriesOf(Map.of("site", "a"));
        assertThat(pattern.match("x/a")).containsExactlyEntriesOf(Map.of("site", "a"));
        assertThat(pattern.match("x")).isNull();
        TopicPattern exact = TopicPattern.parse("sensors/{site}/{device}");
        assertThat(exact.match("sensors/a/b")).containsEntry("site", "a").containsEntry("device", "b");
        assertThat(exact.match("sensors/a/b/c")).isNull();
        assertThat(exact.match("sensors/a")).isNull();
        assertThat(exact.match("sensor/a/b")).isNull();
        assertThat(exact.match("sensorsX/a/b")).isNull();
        assertThat(exact.match("sensors//b")).containsEntry("site", "");
    }

    @Test
    void mismatchFailsByDefaultOrPassesThrough() {
        SourceRecord other = TestRecords.source(null, null, null, Map.of("v", 1), "status/dev7");
        assertThatThrownBy(() -> transform(Map.of()).apply(other)).isInstanceOf(DataException.class)
                .hasMessage("TopicSegmentsToFields: topic 'status/dev7' does not match pattern "
                        + "'sensors/{site}/{device}/{metric}' (MQTT topic 'status/dev7', Kafka topic 'raw')");
        assertThat(transform(Map.of("on.mismatch", "passthrough")).apply(other)).isSameAs(other);
    }

    @Test
    void nullValueAndTombstonePassThrough() {
        SourceRecord nullValue = TestRecords.source(null, null);
        assertThat(transform(Map.of()).apply(nullValue)).isSameAs(nullValue);
        TopicSegmentsToFields<SinkRecord> sink = new TopicSegmentsToFields<>();
        sink.configure(Map.of("pattern", "{t}"));
        SinkRecord tombstone = new SinkRecord("t", 0, Schema.STRING_SCHEMA, "k", null, null, 1L);
        assertThat(sink.apply(tombstone)).isSameAs(tombstone);
    }

    @Test
    void unparsedPayloadIsRejected() {
        assertThatThrownBy(() -> transform(Map.of()).apply(TestRecords.source(Schema.BYTES_SCHEMA, new byte[]{1})))
                .isInstanceOf(DataException.class)
                .hasMessage("TopicSegmentsToFields: record value must be a Map (schemaless) or a Struct, found [B; "
                        + "parse it first with ParseJson" + WHERE);
    }

    @Test
    void invalidConfigIsRejected() {
        assertThatThrownBy(() -> transform(Map.of("pattern", "a/b"))).isInstanceOf(ConfigException.class)
                .hasMessage("Invalid value a/b for configuration pattern: the pattern names no segment; use {name} "
                        + "for at least one level");
        assertThatThrownBy(() -> transform(Map.of("pattern", "a/{x}/{x}"))).isInstanceOf(ConfigException.class)
                .hasMessageEndingWith("segment name 'x' is used twice");
        assertThatThrownBy(() -> transform(Map.of("pattern", "a/#/{x}"))).isInstanceOf(ConfigException.class)
                .hasMessageEndingWith("'#' is only allowed as the last level");
        assertThatThrownBy(() -> transform(Map.of("pattern", "a/x{y}"))).isInstanceOf(ConfigException.class)
                .hasMessageEndingWith("level 'x{y}' must be a whole {name}, '+', '#' or literal text");
        assertThatThrownBy(() -> transform(Map.of("pattern", "a/{9}"))).isInstanceOf(ConfigException.class)
                .hasMessageEndingWith("segment name '9' must match [A-Za-z_][A-Za-z0-9_.-]*");
        assertThatThrownBy(() -> transform(Map.of("key.segment", "room"))).isInstanceOf(ConfigException.class)
                .hasMessage("Invalid value room for configuration key.segment: not a segment of the pattern; "
                        + "segments: [site, device, metric]");
        assertThatThrownBy(() -> transform(Map.of("on.mismatch", "drop"))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("on.mismatch");
    }
}
