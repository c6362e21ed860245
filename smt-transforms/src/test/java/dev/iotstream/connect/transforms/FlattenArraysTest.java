package dev.iotstream.connect.transforms;

import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.transforms.Flatten;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FlattenArraysTest {
    private static FlattenArrays<SourceRecord> value(Map<String, String> props) {
        FlattenArrays<SourceRecord> transform = new FlattenArrays.Value<>();
        transform.configure(props);
        return transform;
    }

    private static Flatten<SourceRecord> kafkaFlatten() {
        Flatten<SourceRecord> flatten = new Flatten.Value<>();
        flatten.configure(Map.of());
        return flatten;
    }

    private static Map<String, Object> payload() {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("id", "d1");
        value.put("v", List.of(1.0, 2.0));
        value.put("loc", Map.of("lat", 48.1));
        value.put("m", List.of(List.of(1.0), List.of(2.0, 3.0)));
        value.put("pts", List.of(Map.of("t", 5.0)));
        return value;
    }

    /** Documents the gap: Kafka 4.1.1's Flatten copies schemaless arrays unchanged, maps inside them too. */
    @Test
    void kafkaFlattenKeepsSchemalessArraysAsArrays() {
        SourceRecord out = kafkaFlatten().apply(TestRecords.source(null, payload()));
        assertThat(ParseJsonTest.map(out)).containsEntry("v", List.of(1.0, 2.0)).containsEntry("loc.lat", 48.1)
                .containsEntry("pts", List.of(Map.of("t", 5.0)));
    }

    /** Documents the gap: Kafka 4.1.1's Flatten leaves arrays in Structs as arrays. */
    @Test
    void kafkaFlattenKeepsStructArraysAsArrays() {
        Schema schema = SchemaBuilder.struct().field("v", SchemaBuilder.array(Schema.FLOAT64_SCHEMA).build()).build();
        SourceRecord out = kafkaFlatten().apply(TestRecords.source(schema, new Struct(schema).put("v", List.of(1.0, 2.0))));
        assertThat(out.valueSchema().field("v").schema().type()).isEqualTo(Schema.Type.ARRAY);
    }

    @Test
    void schemalessArraysBecomeIndexedFieldsAndKafkaFlattenDoesTheRest() {
        Map<String, Object> in = payload();
        SourceRecord arrays = value(Map.of()).apply(TestRecords.source(null, in));
        assertThat(ParseJsonTest.map(arrays)).containsEntry("v.0", 1.0).containsEntry("v.1", 2.0)
                .containsEntry("m.0.0", 1.0).containsEntry("m.1.1", 3.0).containsEntry("pts.0", Map.of("t", 5.0))
                .containsEntry("loc", Map.of("lat", 48.1)).doesNotContainKey("v");
        SourceRecord flat = kafkaFlatten().apply(arrays);
        assertThat(ParseJsonTest.map(flat)).containsOnlyKeys("id", "v.0", "v.1", "loc.lat", "m.0.0", "m.1.0", "m.1.1",
                "pts.0.t");
        assertThat(in).isEqualTo(payload());
    }

    @Test
    void structArraysBecomeIndexedFields() {
        Schema point = SchemaBuilder.struct().field("t", Schema.FLOAT64_SCHEMA).build();
        Schema schema = SchemaBuilder.struct()
                .field("id", Schema.STRING_SCHEMA)
                .field("v", SchemaBuilder.array(Schema.FLOAT64_SCHEMA).build())
                .field("pts", SchemaBuilder.array(point).optional().build())
                .build();
        FlattenArrays<SourceRecord> transform = value(Map.of("delimiter", "_"));
        Struct struct = new Struct(schema).put("id", "d1").put("v", List.of(1.0, 2.0))
                .put("pts", List.of(new Struct(point).put("t", 5.0)));
        SourceRecord out = transform.apply(TestRecords.source(schema, struct));
        Struct result = (Struct) out.value();
        assertThat(result.getFloat64("v_0")).isEqualTo(1.0);
        assertThat(result.getFloat64("v_1")).isEqualTo(2.0);
        assertThat(result.getStruct("pts_0").getFloat64("t")).isEqualTo(5.0);
        assertThat(out.valueSchema().fields()).extracting(f -> f.name()).containsExactly("id", "v_0", "v_1", "pts_0");
        SourceRecord same = transform.apply(TestRecords.source(schema, new Struct(schema).put("id", "d2")
                .put("v", List.of(3.0, 4.0))
                .put("pts", List.of(new Struct(point).put("t", 6.0)))));
        assertThat(same.valueSchema()).isSameAs(out.valueSchema());
        SourceRecord shorter = transform.apply(TestRecords.source(schema, new Struct(schema).put("id", "d3")
                .put("v", List.of(3.0))));
        assertThat(shorter.valueSchema().fields()).extracting(f -> f.name()).containsExactly("id", "v_0");
        SourceRecord flat = kafkaFlatten().apply(out);
        assertThat(((Struct) flat.value()).getFloat64("pts_0.t")).isEqualTo(5.0);
    }

    @Test
    void valuesWithoutArraysPassUnchanged() {
        SourceRecord in = TestRecords.source(null, Map.of("a", 1, "m", Map.of("b", 2)));
        assertThat(value(Map.of()).apply(in)).isSameAs(in);
    }

    @Test
    void tooLongArraysFail() {
        List<Object> big = new ArrayList<>(Collections.nCopies(5, 1.0));
        assertThatThrownBy(() -> value(Map.of("max.elements", "4")).apply(TestRecords.source(null, Map.of("v", big))))
                .isInstanceOf(DataException.class)
                .hasMessage("FlattenArrays: array field 'v' has 5 elements, more than max.elements=4 (MQTT topic "
                        + "'sensors/plant1/dev7/temp', Kafka topic 'raw')");
        Schema schema = SchemaBuilder.struct().field("v", SchemaBuilder.array(Schema.FLOAT64_SCHEMA).build()).build();
        assertThatThrownBy(() -> value(Map.of("max.elements", "4")).apply(TestRecords.source(schema,
                new Struct(schema).put("v", big))))
                .hasMessageStartingWith("FlattenArrays: array field 'v' has 5 elements, more than max.elements=4");
    }

    @Test
    void keyVariantNullTombstoneWrongType() {
        FlattenArrays<SourceRecord> key = new FlattenArrays.Key<>();
        key.configure(Map.of());
        assertThat((Map<?, ?>) key.apply(TestRecords.sourceKey(null, Map.of("ids", List.of("a")))).key())
                .isEqualTo(Map.of("ids.0", "a"));
        SourceRecord nullValue = TestRecords.source(null, null);
        assertThat(value(Map.of()).apply(nullValue)).isSameAs(nullValue);
        FlattenArrays<SinkRecord> sink = new FlattenArrays.Value<>();
        sink.configure(Map.of());
        SinkRecord tombstone = new SinkRecord("t", 0, Schema.STRING_SCHEMA, "k", null, null, 1L);
        assertThat(sink.apply(tombstone)).isSameAs(tombstone);
        assertThatThrownBy(() -> sink.apply(TestRecords.sink(null, List.of(1)))).isInstanceOf(DataException.class)
                .hasMessage("FlattenArrays: record value must be a Map (schemaless) or a Struct, found "
                        + "java.util.ImmutableCollections$List12 (topic 'telemetry', partition 3, offset 42)");
    }

    @Test
    void invalidConfigIsRejected() {
        assertThatThrownBy(() -> value(Map.of("max.elements", "0"))).isInstanceOf(ConfigException.class)
                .hasMessage("Invalid value 0 for configuration max.elements: Value must be at least 1");
        assertThatThrownBy(() -> value(Map.of("delimiter", ""))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("delimiter");
    }
}
