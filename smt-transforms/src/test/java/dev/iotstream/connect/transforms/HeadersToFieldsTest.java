package dev.iotstream.connect.transforms;

import dev.iotstream.connect.common.MqttHeaders;
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

class HeadersToFieldsTest {
    private static <T extends HeadersToFields<SourceRecord>> T configure(T transform, Map<String, String> props) {
        transform.configure(props);
        return transform;
    }

    private static SourceRecord withQos(SourceRecord record) {
        record.headers().addInt(MqttHeaders.QOS, 1);
        return record;
    }

    @Test
    void headersBecomeFieldsWithDerivedNames() {
        Map<String, Object> value = new HashMap<>(Map.of("v", 1.0));
        SourceRecord out = configure(new HeadersToFields.Value<>(), Map.of("headers", "mqtt.topic,mqtt.qos"))
                .apply(withQos(TestRecords.source(null, value)));
        assertThat(ParseJsonTest.map(out)).containsEntry("mqtt_topic", "sensors/plant1/dev7/temp")
                .containsEntry("mqtt_qos", 1).containsEntry("v", 1.0);
        assertThat(value).containsOnlyKeys("v");
    }

    @Test
    void configuredFieldsMayBeNested() {
        SourceRecord out = configure(new HeadersToFields.Value<>(),
                Map.of("headers", "mqtt.topic", "fields", "meta.topic"))
                .apply(TestRecords.source(null, Map.of("meta", Map.of("a", 1))));
        assertThat(ParseJsonTest.map(out).get("meta")).isEqualTo(Map.of("a", 1, "topic", "sensors/plant1/dev7/temp"));
    }

    @Test
    void structGetsTypedOptionalFields() {
        Schema schema = SchemaBuilder.struct().field("v", Schema.FLOAT64_SCHEMA).build();
        HeadersToFields<SourceRecord> transform = configure(new HeadersToFields.Value<>(),
                Map.of("headers", "mqtt.topic,mqtt.qos", "fields", "topic,qos"));
        SourceRecord out = transform.apply(withQos(TestRecords.source(schema, new Struct(schema).put("v", 2.0))));
        Struct struct = (Struct) out.value();
        assertThat(struct.getString("topic")).isEqualTo("sensors/plant1/dev7/temp");
        assertThat(struct.getInt32("qos")).isEqualTo(1);
        assertThat(out.valueSchema().field("qos").schema()).isEqualTo(Schema.OPTIONAL_INT32_SCHEMA);
        SourceRecord again = transform.apply(withQos(TestRecords.source(schema, new Struct(schema).put("v", 3.0))));
        assertThat(again.valueSchema()).isSameAs(out.valueSchema());
    }

    @Test
    void missingHeaderIsSkippedOrFails() {
        Schema schema = SchemaBuilder.struct().field("v", Schema.FLOAT64_SCHEMA).build();
        HeadersToFields<SourceRecord> skip = configure(new HeadersToFields.Value<>(), Map.of("headers", "mqtt.qos"));
        assertThat(ParseJsonTest.map(skip.apply(TestRecords.source(null, Map.of("v", 1))))).containsOnlyKeys("v");
        Struct struct = (Struct) skip.apply(TestRecords.source(schema, new Struct(schema).put("v", 1.0))).value();
        assertThat(struct.get("mqtt_qos")).isNull();
        HeadersToFields<SourceRecord> fail = configure(new HeadersToFields.Value<>(),
                Map.of("headers", "mqtt.qos", "on.missing", "fail"));
        assertThatThrownBy(() -> fail.apply(TestRecords.source(null, Map.of("v", 1)))).isInstanceOf(DataException.class)
                .hasMessage("HeadersToFields: header 'mqtt.qos' is missing (MQTT topic 'sensors/plant1/dev7/temp', "
                        + "Kafka topic 'raw')");
    }

    @Test
    void keyVariantWritesIntoTheKey() {
        SourceRecord in = TestRecords.source(null, Map.of("id", "d1"), Schema.STRING_SCHEMA, "v", "a/b");
        SourceRecord out = configure(new HeadersToFields.Key<>(), Map.of("headers", "mqtt.topic")).apply(in);
        @SuppressWarnings("unchecked") Map<String, Object> key = (Map<String, Object>) out.key();
        assertThat(key).containsEntry("id", "d1").containsEntry("mqtt_topic", "a/b");
        assertThat(out.value()).isEqualTo("v");
    }

    @Test
    void nullsTombstonesAndWrongTypes() {
        HeadersToFields<SourceRecord> transform = configure(new HeadersToFields.Value<>(), Map.of("headers", "mqtt.topic"));
        SourceRecord nullValue = TestRecords.source(null, null);
        assertThat(transform.apply(nullValue)).isSameAs(nullValue);
        HeadersToFields<SinkRecord> sink = new HeadersToFields.Value<>();
        sink.configure(Map.of("headers", "x"));
        SinkRecord tombstone = new SinkRecord("t", 0, Schema.STRING_SCHEMA, "k", null, null, 1L);
        assertThat(sink.apply(tombstone)).isSameAs(tombstone);
        assertThatThrownBy(() -> sink.apply(TestRecords.sink(Schema.STRING_SCHEMA, "text")))
                .isInstanceOf(DataException.class)
                .hasMessage("HeadersToFields: record value must be a Map (schemaless) or a Struct, found "
                        + "java.lang.String; parse it first with ParseJson (topic 'telemetry', partition 3, offset 42)");
    }

    @Test
    void nestedTargetThatIsNotAContainerFails() {
        HeadersToFields<SourceRecord> transform = configure(new HeadersToFields.Value<>(),
                Map.of("headers", "mqtt.topic", "fields", "meta.topic"));
        String where = " (MQTT topic 'sensors/plant1/dev7/temp', Kafka topic 'raw')";
        assertThatThrownBy(() -> transform.apply(TestRecords.source(null, Map.of("meta", "x"))))
                .isInstanceOf(DataException.class)
                .hasMessage("HeadersToFields: field 'meta' of path 'meta.topic' is a java.lang.String, not a map" + where);
        Schema flat = SchemaBuilder.struct().field("meta", Schema.STRING_SCHEMA).build();
        assertThatThrownBy(() -> transform.apply(TestRecords.source(flat, new Struct(flat).put("meta", "x"))))
                .hasMessage("HeadersToFields: field 'meta' is STRING, not a struct" + where);
        Schema other = SchemaBuilder.struct().field("v", Schema.STRING_SCHEMA).build();
        assertThatThrownBy(() -> transform.apply(TestRecords.source(other, new Struct(other).put("v", "x"))))
                .hasMessage("HeadersToFields: field 'meta' not found" + where);
    }

    @Test
    void invalidConfigIsRejected() {
        assertThatThrownBy(() -> configure(new HeadersToFields.Value<>(), Map.of("headers", "")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("headers");
        assertThatThrownBy(() -> configure(new HeadersToFields.Value<>(), Map.of("headers", "a,b", "fields", "x")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Invalid value [x] for configuration fields: must name one field per header: 2 headers "
                        + "but 1 fields");
        assertThatThrownBy(() -> configure(new HeadersToFields.Value<>(), Map.of("headers", "a", "fields", "x..y")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Invalid value [x..y] for configuration fields: entry 'x..y': field path 'x..y' has an "
                        + "empty segment");
    }
}
