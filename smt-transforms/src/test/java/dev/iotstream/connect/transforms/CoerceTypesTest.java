package dev.iotstream.connect.transforms;

import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CoerceTypesTest {
    private static final String WHERE = " (MQTT topic 'sensors/plant1/dev7/temp', Kafka topic 'raw')";

    private static CoerceTypes<SourceRecord> value(Map<String, String> props) {
        CoerceTypes<SourceRecord> transform = new CoerceTypes.Value<>();
        transform.configure(props);
        return transform;
    }

    private static Object coerced(String type, Object input) {
        Map<String, Object> value = new HashMap<>();
        value.put("f", input);
        return ParseJsonTest.map(value(Map.of("spec", "f:" + type)).apply(TestRecords.source(null, value))).get("f");
    }

    @Test
    void perFieldCoercions() {
        assertThat(coerced("double", 25L)).isEqualTo(25.0);
        assertThat(coerced("double", " 25.5 ")).isEqualTo(25.5);
        assertThat(coerced("double", "1e3")).isEqualTo(1000.0);
        assertThat(coerced("double", true)).isEqualTo(1.0);
        assertThat(coerced("long", "21")).isEqualTo(21L);
        assertThat(coerced("long", 21.0)).isEqualTo(21L);
        assertThat(coerced("long", "21.000")).isEqualTo(21L);
        assertThat(coerced("long", 7)).isEqualTo(7L);
        assertThat(coerced("boolean", "ON")).isEqualTo(true);
        assertThat(coerced("boolean", "off")).isEqualTo(false);
        assertThat(coerced("boolean", "yes")).isEqualTo(true);
        assertThat(coerced("boolean", 0)).isEqualTo(false);
        assertThat(coerced("boolean", 1.0)).isEqualTo(true);
        assertThat(coerced("boolean", "1")).isEqualTo(true);
        assertThat(coerced("string", 25.5)).isEqualTo("25.5");
        assertThat(coerced("string", 3L)).isEqualTo("3");
        assertThat(coerced("string", false)).isEqualTo("false");
    }

    @Test
    void badValuesFailNamingFieldValueAndReason() {
        assertThatThrownBy(() -> coerced("double", "warm")).isInstanceOf(DataException.class)
                .hasMessage("CoerceTypes: cannot coerce field 'f' value 'warm' (java.lang.String) to double: not a number" + WHERE);
        assertThatThrownBy(() -> coerced("double", "NaN"))
                .hasMessage("CoerceTypes: cannot coerce field 'f' value 'NaN' (java.lang.String) to double: not a number" + WHERE);
        assertThatThrownBy(() -> coerced("double", "1.5d"))
                .hasMessage("CoerceTypes: cannot coerce field 'f' value '1.5d' (java.lang.String) to double: not a number" + WHERE);
        assertThatThrownBy(() -> coerced("double", "1e999"))
                .hasMessage("CoerceTypes: cannot coerce field 'f' value '1e999' (java.lang.String) to double: not a finite number" + WHERE);
        assertThatThrownBy(() -> coerced("double", "1-2"))
                .hasMessage("CoerceTypes: cannot coerce field 'f' value '1-2' (java.lang.String) to double: not a number" + WHERE);
        assertThatThrownBy(() -> coerced("long", 21.5))
                .hasMessage("CoerceTypes: cannot coerce field 'f' value 21.5 (java.lang.Double) to long: not a whole "
                        + "number within the range of a long" + WHERE);
        assertThatThrownBy(() -> coerced("long", Double.NaN))
                .hasMessage("CoerceTypes: cannot coerce field 'f' value NaN (java.lang.Double) to long: not a finite number" + WHERE);
        assertThatThrownBy(() -> coerced("boolean", 2))
                .hasMessage("CoerceTypes: cannot coerce field 'f' value 2 (java.lang.Integer) to boolean: only 1 and 0 are booleans" + WHERE);
        assertThatThrownBy(() -> coerced("boolean", "maybe"))
                .hasMessage("CoerceTypes: cannot coerce field 'f' value 'maybe' (java.lang.String) to boolean: not one "
                        + "of true/false, 1/0, on/off, yes/no" + WHERE);
        assertThatThrownBy(() -> coerced("string", List.of(1)))
                .hasMessage("CoerceTypes: cannot coerce field 'f' value [1] (java.util.ImmutableCollections$List12) to "
                        + "string: unsupported type" + WHERE);
        assertThatThrownBy(() -> coerced("double", Map.of()))
                .hasMessage("CoerceTypes: cannot coerce field 'f' value {} (java.util.ImmutableCollections$MapN) to "
                        + "double: unsupported type" + WHERE);
    }

    @Test
    void allNumbersToDoubleInNestedMapsAndArrays() {
        Map<String, Object> nested = new HashMap<>(Map.of("n", 3, "s", "x"));
        Map<String, Object> value = new HashMap<>(Map.of("a", 1L, "b", 2.5f, "c", List.of(1, 2), "m", nested,
                "on", "on"));
        SourceRecord out = value(Map.of("numbers.to.double", "true", "spec", "on:boolean")).apply(
                TestRecords.source(null, value));
        assertThat(ParseJsonTest.map(out)).containsEntry("a", 1.0).containsEntry("b", 2.5)
                .containsEntry("c", List.of(1.0, 2.0)).containsEntry("m", Map.of("n", 3.0, "s", "x"))
                .containsEntry("on", true);
        assertThat(nested).containsEntry("n", 3);
        assertThat(value).containsEntry("a", 1L);
    }

    @Test
    void structSchemaFollowsSpecAndWidening() {
        Schema inner = SchemaBuilder.struct().optional().field("n", Schema.INT16_SCHEMA).build();
        Schema schema = SchemaBuilder.struct()
                .field("temp", Schema.STRING_SCHEMA)
                .field("count", Schema.OPTIONAL_INT32_SCHEMA)
                .field("at", Timestamp.SCHEMA)
                .field("inner", inner)
                .field("vals", SchemaBuilder.array(Schema.INT64_SCHEMA).build())
                .field("state", Schema.STRING_SCHEMA)
                .build();
        Struct struct = new Struct(schema).put("temp", "21.5").put("count", 4).put("at", new Date(5))
                .put("inner", new Struct(inner).put("n", (short) 7)).put("vals", List.of(1L, 2L)).put("state", "off");
        CoerceTypes<SourceRecord> transform = value(Map.of("spec", "temp:double,state:boolean", "numbers.to.double", "true"));
        SourceRecord out = transform.apply(TestRecords.source(schema, struct));
        Struct result = (Struct) out.value();
        assertThat(result.getFloat64("temp")).isEqualTo(21.5);
        assertThat(result.getFloat64("count")).isEqualTo(4.0);
        assertThat(result.get("at")).isEqualTo(new Date(5));
        assertThat(result.getStruct("inner").getFloat64("n")).isEqualTo(7.0);
        assertThat(result.getArray("vals")).containsExactly(1.0, 2.0);
        assertThat(result.getBoolean("state")).isFalse();
        Schema outSchema = out.valueSchema();
        assertThat(outSchema.field("temp").schema()).isEqualTo(Schema.FLOAT64_SCHEMA);
        assertThat(outSchema.field("count").schema()).isEqualTo(Schema.OPTIONAL_FLOAT64_SCHEMA);
        assertThat(outSchema.field("at").schema()).isEqualTo(Timestamp.SCHEMA);
        assertThat(outSchema.field("state").schema()).isEqualTo(Schema.BOOLEAN_SCHEMA);
        assertThat(transform.apply(TestRecords.source(schema, struct)).valueSchema()).isSameAs(outSchema);
        assertThat(struct.getString("temp")).isEqualTo("21.5");
    }

    @Test
    void structWithNullOptionalFieldKeepsNull() {
        Schema schema = SchemaBuilder.struct().field("count", Schema.OPTIONAL_STRING_SCHEMA).build();
        SourceRecord out = value(Map.of("spec", "count:long")).apply(TestRecords.source(schema, new Struct(schema)));
        assertThat(((Struct) out.value()).get("count")).isNull();
        assertThat(out.valueSchema().field("count").schema()).isEqualTo(Schema.OPTIONAL_INT64_SCHEMA);
    }

    @Test
    void keyVariantMissingNullAndTombstone() {
        CoerceTypes<SourceRecord> key = new CoerceTypes.Key<>();
        key.configure(Map.of("spec", "id:string"));
        assertThat((Map<?, ?>) key.apply(TestRecords.sourceKey(null, Map.of("id", 5))).key()).isEqualTo(Map.of("id", "5"));
        CoerceTypes<SourceRecord> transform = value(Map.of("spec", "temp:double"));
        assertThat(ParseJsonTest.map(transform.apply(TestRecords.source(null, Map.of("v", "1"))))).isEqualTo(Map.of("v", "1"));
        Map<String, Object> nullTemp = new HashMap<>();
        nullTemp.put("temp", null);
        assertThat(ParseJsonTest.map(transform.apply(TestRecords.source(null, nullTemp)))).containsEntry("temp", null);
        SourceRecord nullValue = TestRecords.source(null, null);
        assertThat(transform.apply(nullValue)).isSameAs(nullValue);
        CoerceTypes<SinkRecord> sink = new CoerceTypes.Value<>();
        sink.configure(Map.of("spec", "temp:double"));
        SinkRecord tombstone = new SinkRecord("t", 0, Schema.STRING_SCHEMA, "k", null, null, 1L);
        assertThat(sink.apply(tombstone)).isSameAs(tombstone);
        assertThatThrownBy(() -> sink.apply(TestRecords.sink(Schema.INT32_SCHEMA, 5))).isInstanceOf(DataException.class)
                .hasMessage("CoerceTypes: record value must be a Map (schemaless) or a Struct, found java.lang.Integer "
                        + "(topic 'telemetry', partition 3, offset 42)");
    }

    @Test
    void invalidConfigIsRejected() {
        assertThatThrownBy(() -> value(Map.of())).isInstanceOf(ConfigException.class)
                .hasMessage("Invalid value [] for configuration spec: nothing to do: set spec or numbers.to.double=true");
        assertThatThrownBy(() -> value(Map.of("spec", "temp:float"))).isInstanceOf(ConfigException.class)
                .hasMessage("Invalid value [temp:float] for configuration spec: entry 'temp:float': type 'float' is "
                        + "not one of double, long, boolean, string");
        assertThatThrownBy(() -> value(Map.of("spec", "temp"))).isInstanceOf(ConfigException.class)
                .hasMessage("Invalid value [temp] for configuration spec: entry 'temp': expected field:type");
        assertThatThrownBy(() -> value(Map.of("spec", "a..b:long"))).isInstanceOf(ConfigException.class)
                .hasMessage("Invalid value [a..b:long] for configuration spec: entry 'a..b:long': field path 'a..b' "
                        + "has an empty segment");
        assertThatThrownBy(() -> value(Map.of("spec", "t:long,t:double"))).isInstanceOf(ConfigException.class)
                .hasMessage("Invalid value [t:long, t:double] for configuration spec: field 't' appears twice");
    }
}
