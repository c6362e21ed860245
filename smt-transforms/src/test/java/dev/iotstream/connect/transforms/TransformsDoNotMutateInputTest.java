package dev.iotstream.connect.transforms;

import dev.iotstream.connect.common.MqttHeaders;
import dev.iotstream.connect.transforms.util.RecordPart;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.transforms.Transformation;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Kafka Connect's contract: a transform must not mutate the record it is given, because the worker may retry it,
 * log it or send it to the dead letter queue in its original form. Every transform that changes values or headers
 * gets a deeply mutable input (HashMap/ArrayList, or Structs with ArrayList arrays) that it really changes, so a
 * write into the input would show here instead of throwing as an immutable {@code Map.of} input would.
 */
class TransformsDoNotMutateInputTest {
    private static final String MQTT_TOPIC = "sensors/plant1/dev7/env";

    private static final Schema ENV = SchemaBuilder.struct().name("env").optional()
            .field("temp", Schema.OPTIONAL_FLOAT64_SCHEMA)
            .field("battery", Schema.OPTIONAL_STRING_SCHEMA)
            .field("ts", Schema.OPTIONAL_STRING_SCHEMA)
            .field("acc", SchemaBuilder.array(Schema.OPTIONAL_FLOAT64_SCHEMA).optional().build())
            .build();
    private static final Schema META = SchemaBuilder.struct().name("meta").optional()
            .field("fw", Schema.OPTIONAL_INT64_SCHEMA)
            .build();
    private static final Schema POINT = SchemaBuilder.struct().name("point").optional()
            .field("x", Schema.OPTIONAL_INT64_SCHEMA)
            .field("y", Schema.OPTIONAL_INT64_SCHEMA)
            .build();
    private static final Schema DEVICE = SchemaBuilder.struct().name("device")
            .field("device", Schema.OPTIONAL_STRING_SCHEMA)
            .field("pressure", Schema.OPTIONAL_FLOAT64_SCHEMA)
            .field("relay", Schema.OPTIONAL_STRING_SCHEMA)
            .field("rssi", Schema.OPTIONAL_INT64_SCHEMA)
            .field("env", ENV)
            .field("meta", META)
            .field("pts", SchemaBuilder.array(POINT).optional().build())
            .build();

    private static final String JSON = "{\"device\":\"dev7\",\"temp\":21,\"env\":{\"hum\":40.5,\"acc\":[0.1,-0.2]}}";

    /** One configured transform on one input; {@code input} builds a fresh, identical input on every call. */
    record Case(String name, Supplier<Transformation<SourceRecord>> transform, RecordPart part, Schema schema,
                Supplier<Object> input) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> transforms() {
        List<Case> cases = new ArrayList<>();
        for (RecordPart part : RecordPart.values()) {
            String suffix = part == RecordPart.KEY ? "$Key" : "$Value";
            // CoerceTypes: nested spec paths plus numbers.to.double, which rebuilds nested maps and lists.
            Map<String, String> coerce = Map.of("spec", "env.battery:double,relay:boolean,meta.fw:string",
                    "numbers.to.double", "true");
            Supplier<Transformation<SourceRecord>> coerceTypes = () -> configure(
                    part == RecordPart.KEY ? new CoerceTypes.Key<>() : new CoerceTypes.Value<>(), coerce);
            // ConvertUnits: a nested and a top-level field, a unit field and a unit header.
            Map<String, String> units = Map.of("conversions", "env.temp:degF->degC,pressure:psi->hPa",
                    "unit.field.suffix", "_unit", "unit.header.prefix", "unit.");
            Supplier<Transformation<SourceRecord>> convertUnits = () -> configure(
                    part == RecordPart.KEY ? new ConvertUnits.Key<>() : new ConvertUnits.Value<>(), units);
            // FlattenArrays: an array in a nested map/Struct and an array of maps/Structs.
            Supplier<Transformation<SourceRecord>> flattenArrays = () -> configure(
                    part == RecordPart.KEY ? new FlattenArrays.Key<>() : new FlattenArrays.Value<>(), Map.of());
            // HeadersToFields: headers into an existing nested map/Struct.
            Map<String, String> headers = Map.of("headers", "mqtt.topic,mqtt.qos", "fields", "meta.topic,meta.qos");
            Supplier<Transformation<SourceRecord>> headersToFields = () -> configure(
                    part == RecordPart.KEY ? new HeadersToFields.Key<>() : new HeadersToFields.Value<>(), headers);
            // NormalizeTimestamp: a nested field, and the record timestamp too.
            Map<String, String> time = Map.of("field", "env.ts", "set.record.timestamp", "true");
            Supplier<Transformation<SourceRecord>> normalizeTimestamp = () -> configure(
                    part == RecordPart.KEY ? new NormalizeTimestamp.Key<>() : new NormalizeTimestamp.Value<>(), time);

            add(cases, "CoerceTypes" + suffix, coerceTypes, part);
            add(cases, "ConvertUnits" + suffix, convertUnits, part);
            add(cases, "FlattenArrays" + suffix, flattenArrays, part);
            add(cases, "HeadersToFields" + suffix, headersToFields, part);
            add(cases, "NormalizeTimestamp" + suffix, normalizeTimestamp, part);
        }
        // TopicSegmentsToFields has no $Key variant: it writes the value and sets the key from a segment.
        add(cases, "TopicSegmentsToFields", () -> configure(new TopicSegmentsToFields<>(),
                Map.of("pattern", "sensors/{site}/{device}/{metric}", "key.segment", "device")), RecordPart.VALUE);
        return cases.stream();
    }

    private static void add(List<Case> cases, String name, Supplier<Transformation<SourceRecord>> transform,
                            RecordPart part) {
        cases.add(new Case(name + " schemaless", transform, part, null, TransformsDoNotMutateInputTest::deviceMap));
        cases.add(new Case(name + " struct", transform, part, DEVICE, TransformsDoNotMutateInputTest::deviceStruct));
    }

    static Stream<Case> parseJson() {
        List<Case> cases = new ArrayList<>();
        for (RecordPart part : RecordPart.values()) {
            for (String output : List.of("map", "struct")) {
                Supplier<Transformation<SourceRecord>> transform = () -> configure(
                        part == RecordPart.KEY ? new ParseJson.Key<>() : new ParseJson.Value<>(),
                        Map.of("output", output));
                String name = "ParseJson" + (part == RecordPart.KEY ? "$Key" : "$Value") + " output=" + output;
                cases.add(new Case(name + " byte[]", transform, part, Schema.BYTES_SCHEMA,
                        () -> JSON.getBytes(StandardCharsets.UTF_8)));
                cases.add(new Case(name + " ByteBuffer", transform, part, Schema.BYTES_SCHEMA,
                        TransformsDoNotMutateInputTest::jsonBuffer));
                cases.add(new Case(name + " String", transform, part, Schema.STRING_SCHEMA, () -> JSON));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource({"transforms", "parseJson"})
    void inputRecordIsNotMutated(Case c) {
        Object input = c.input().get();
        // Schemaless inputs are deep-copied; Structs are built a second time the same way.
        Object expected = input instanceof Struct ? c.input().get() : deepCopy(input);
        assertThat(input).isEqualTo(expected);
        SourceRecord in = record(c.part(), c.schema(), input);
        Object otherPart = other(c.part(), in);
        List<Header> headersBefore = headers(in);

        SourceRecord out = c.transform().get().apply(in);

        Object changed = c.part().value(out);
        assertThat(changed).as(c + ": the transform must change the record, or this test proves nothing")
                .isNotEqualTo(expected).isNotSameAs(input);
        assertUnchanged(c + " after apply", in, c.part(), input, expected, otherPart, headersBefore);

        // Writing into the output (as a later transform may) must not reach the input either.
        out.headers().addString("probe", "x");
        if (changed instanceof Map<?, ?> map) {
            @SuppressWarnings("unchecked")
            Map<Object, Object> writable = (Map<Object, Object>) map;
            writable.put("probe", 1);
        } else {
            clearOneField((Struct) changed);
        }
        assertUnchanged(c + " after writing into the output", in, c.part(), input, expected, otherPart,
                headersBefore);
    }

    private static void assertUnchanged(String when, SourceRecord in, RecordPart part, Object input, Object expected,
                                        Object otherPart, List<Header> headersBefore) {
        assertThat(part.value(in)).as(when + ": input " + part.label()).isSameAs(input);
        assertThat(input).as(when + ": input " + part.label()).isEqualTo(expected);
        if (input instanceof ByteBuffer buffer) {
            assertThat(buffer.position()).as(when + ": buffer position").isEqualTo(((ByteBuffer) expected).position());
            assertThat(buffer.limit()).as(when + ": buffer limit").isEqualTo(((ByteBuffer) expected).limit());
        }
        assertThat(other(part, in)).as(when + ": the other part of the input").isSameAs(otherPart);
        assertThat(in.timestamp()).as(when + ": input timestamp").isEqualTo(TestRecords.TIMESTAMP);
        assertThat(headers(in)).as(when + ": input headers").containsExactlyElementsOf(headersBefore);
    }

    /** Sets the first optional, non-null top-level field of an output Struct to null. */
    private static void clearOneField(Struct struct) {
        for (Field field : struct.schema().fields()) {
            if (field.schema().isOptional() && struct.get(field) != null) {
                struct.put(field, null);
                return;
            }
        }
        throw new AssertionError("output struct has no optional non-null field to overwrite: " + struct);
    }

    private static SourceRecord record(RecordPart part, Schema schema, Object input) {
        SourceRecord record = part == RecordPart.KEY
                ? TestRecords.source(schema, input, Schema.STRING_SCHEMA, "untouched value", MQTT_TOPIC)
                : TestRecords.source(Schema.STRING_SCHEMA, "untouched key", schema, input, MQTT_TOPIC);
        record.headers().addInt(MqttHeaders.QOS, 1);
        return record;
    }

    private static Object other(RecordPart part, SourceRecord record) {
        return part == RecordPart.KEY ? record.value() : record.key();
    }

    private static List<Header> headers(SourceRecord record) {
        List<Header> headers = new ArrayList<>();
        record.headers().forEach(headers::add);
        return headers;
    }

    private static Transformation<SourceRecord> configure(Transformation<SourceRecord> transform,
                                                          Map<String, String> props) {
        transform.configure(props);
        return transform;
    }

    /** A device reading with nested maps and lists, every level mutable. */
    private static Map<String, Object> deviceMap() {
        Map<String, Object> env = new HashMap<>();
        env.put("temp", 212.0);
        env.put("battery", "87");
        env.put("ts", "2024-05-01T14:00:00Z");
        env.put("acc", new ArrayList<>(List.of(0.1, -0.2, 9.8)));
        Map<String, Object> meta = new HashMap<>();
        meta.put("fw", 3L);
        List<Object> points = new ArrayList<>();
        points.add(new HashMap<>(Map.of("x", 1L, "y", 2L)));
        points.add(new HashMap<>(Map.of("x", 3L, "y", 4L)));
        Map<String, Object> value = new HashMap<>();
        value.put("device", "dev7");
        value.put("pressure", 14.503773773);
        value.put("relay", "on");
        value.put("rssi", -67L);
        value.put("env", env);
        value.put("meta", meta);
        value.put("pts", points);
        return value;
    }

    /** The same reading as a Struct; arrays are ArrayLists so they could be written to. */
    private static Struct deviceStruct() {
        Struct env = new Struct(ENV).put("temp", 212.0).put("battery", "87").put("ts", "2024-05-01T14:00:00Z")
                .put("acc", new ArrayList<>(List.of(0.1, -0.2, 9.8)));
        List<Object> points = new ArrayList<>();
        points.add(new Struct(POINT).put("x", 1L).put("y", 2L));
        points.add(new Struct(POINT).put("x", 3L).put("y", 4L));
        return new Struct(DEVICE).put("device", "dev7").put("pressure", 14.503773773).put("relay", "on")
                .put("rssi", -67L).put("env", env).put("meta", new Struct(META).put("fw", 3L)).put("pts", points);
    }

    /** JSON in the middle of a larger buffer, as a converter may hand it over: position and limit must survive. */
    private static ByteBuffer jsonBuffer() {
        byte[] json = JSON.getBytes(StandardCharsets.UTF_8);
        ByteBuffer buffer = ByteBuffer.allocate(json.length + 8);
        buffer.position(4);
        buffer.put(json);
        buffer.position(4).limit(4 + json.length);
        return buffer;
    }

    private static Object deepCopy(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> copy = new HashMap<>();
            map.forEach((k, v) -> copy.put(k, deepCopy(v)));
            return copy;
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>();
            list.forEach(v -> copy.add(deepCopy(v)));
            return copy;
        }
        if (value instanceof byte[] bytes) {
            return bytes.clone();
        }
        if (value instanceof ByteBuffer buffer) {
            ByteBuffer copy = ByteBuffer.allocate(buffer.capacity());
            copy.put(buffer.duplicate().clear());
            return copy.position(buffer.position()).limit(buffer.limit());
        }
        return value; // String, numbers, booleans: immutable
    }
}
