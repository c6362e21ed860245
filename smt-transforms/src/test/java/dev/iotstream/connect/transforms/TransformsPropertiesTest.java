package dev.iotstream.connect.transforms;

import dev.iotstream.connect.common.MqttHeaders;
import dev.iotstream.connect.common.json.JsonSchemas;
import dev.iotstream.connect.testing.ArbitraryJson;
import dev.iotstream.connect.testing.ConverterCheck;
import dev.iotstream.connect.transforms.predicates.FieldInRange;
import dev.iotstream.connect.transforms.predicates.FieldMatches;
import dev.iotstream.connect.transforms.predicates.FieldPresent;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.transforms.Transformation;
import org.apache.kafka.connect.transforms.predicates.Predicate;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every transform and predicate, in typical configurations, on arbitrary records (schemaless maps and Structs of
 * any shape, JSON text and bytes, odd Java types, odd headers): the only exception is DataException, the documented
 * per-record error (Connect's errors.tolerance handles it), and every record a transform returns can be written by
 * JsonConverter with and without schemas.
 */
class TransformsPropertiesTest {
    private static final List<String> NAMES = List.of("temp", "env", "ts", "v", "meta", "id", "state", "ids", "p",
            "fw", "");

    private static <T> T configure(Supplier<T> make, Map<String, String> config) {
        T t = make.get();
        if (t instanceof Transformation<?> tr) {
            tr.configure(config);
        } else {
            ((Predicate<?>) t).configure(config);
        }
        return t;
    }

    @SuppressWarnings("unchecked")
    private static final List<Transformation<SourceRecord>> TRANSFORMS = List.of(
            configure(ParseJson.Value::new, Map.of()),
            configure(ParseJson.Value::new, Map.of("output", "struct")),
            configure(ParseJson.Value::new, Map.of("number.type", "long_or_double", "max.depth", "2")),
            configure(TopicSegmentsToFields::new, Map.of("pattern", "sensors/{site}/{device}/{metric}")),
            configure(TopicSegmentsToFields::new, Map.of("pattern", "sensors/{site}/#", "key.segment", "site")),
            configure(HeadersToFields.Value::new, Map.of("headers", "mqtt.topic,mqtt.qos",
                    "fields", "meta.topic,meta.qos")),
            configure(NormalizeTimestamp.Value::new, Map.of("field", "ts")),
            configure(NormalizeTimestamp.Value::new, Map.of("field", "env.ts", "set.record.timestamp", "true")),
            configure(NormalizeTimestamp.Value::new, Map.of("field", "meta.ts", "output.type", "timestamp")),
            configure(ConvertUnits.Value::new, Map.of("conversions", "temp:degF->degC,env.p:psi->hPa")),
            configure(CoerceTypes.Value::new, Map.of("spec", "temp:double,state:boolean,meta.fw:string,id:long",
                    "numbers.to.double", "true")),
            configure(FlattenArrays.Value::new, Map.of()),
            configure(FlattenArrays.Value::new, Map.of("delimiter", "_", "max.elements", "3")));

    @SuppressWarnings("unchecked")
    private static final List<Predicate<SourceRecord>> PREDICATES = List.of(
            configure(FieldInRange::new, Map.of("field", "temp", "min", "-40", "max", "85")),
            configure(FieldInRange::new, Map.of("field", "env.temp", "max", "1e300", "on.missing", "true")),
            configure(FieldMatches::new, Map.of("field", "id", "pattern", "d.*")),
            configure(FieldPresent::new, Map.of("field", "env.temp")));

    @Property(tries = 500)
    void transformsAndPredicatesOnArbitraryRecords(@ForAll("records") SourceRecord record) {
        for (Transformation<SourceRecord> t : TRANSFORMS) {
            SourceRecord out;
            try {
                out = t.apply(record);
            } catch (DataException e) {
                assertThat(e.getMessage()).isNotBlank();
                continue;
            }
            if (out != null) {
                ConverterCheck.assertSerializable(out.valueSchema(), out.value());
                ConverterCheck.assertSerializable(out.keySchema(), out.key());
            }
        }
        for (Predicate<SourceRecord> p : PREDICATES) {
            try {
                p.test(record);
            } catch (DataException e) {
                assertThat(e.getMessage()).isNotBlank();
            }
        }
    }

    @Provide
    Arbitrary<SourceRecord> records() {
        Arbitrary<SchemaAndValue> value = Arbitraries.oneOf(maps().map(m -> new SchemaAndValue(null, m)),
                maps().map(TransformsPropertiesTest::asStruct),
                ArbitraryJson.documents().map(j -> new SchemaAndValue(Schema.OPTIONAL_STRING_SCHEMA, j)),
                ArbitraryJson.documents().map(j -> new SchemaAndValue(Schema.OPTIONAL_BYTES_SCHEMA,
                        j.getBytes(StandardCharsets.UTF_8))),
                Arbitraries.of(new SchemaAndValue(null, null), new SchemaAndValue(null, 42),
                        new SchemaAndValue(Schema.INT32_SCHEMA, 42), new SchemaAndValue(null, List.of(1, "x"))));
        Arbitrary<String> topic = Arbitraries.oneOf(Arbitraries.of("sensors/a/b/c", "sensors//x", "sensors", "",
                "sensors/a/b/c/d/e"), Arbitraries.strings().ofMaxLength(12).withChars("ab/+#é "));
        Arbitrary<Object> qos = Arbitraries.of(0, 1, "x", 2.5);
        return Combinators.combine(value, topic, qos, Arbitraries.of(true, false)).as((v, t, q, withHeaders) -> {
            ConnectHeaders headers = new ConnectHeaders();
            if (withHeaders) {
                headers.addString(MqttHeaders.TOPIC, t);
                headers.add(MqttHeaders.QOS, q, null);
            }
            return new SourceRecord(Map.of(), Map.of(), "raw", null, null, null, v.schema(), v.value(),
                    TestRecords.TIMESTAMP, headers);
        });
    }

    private static SchemaAndValue asStruct(Map<String, Object> map) {
        try {
            return new JsonSchemas("output=map").toConnect(map);
        } catch (Exception e) {
            return new SchemaAndValue(null, map); // no schema fits (mixed arrays, empty keys): keep it schemaless
        }
    }

    /** Maps with the field names the transforms look for, holding values of every kind Connect allows and more. */
    private static Arbitrary<Map<String, Object>> maps() {
        return map(3);
    }

    private static Arbitrary<Map<String, Object>> map(int depth) {
        Arbitrary<Object> leaf = Arbitraries.oneOf(
                Arbitraries.doubles().map(d -> (Object) d),
                Arbitraries.of(Double.NaN, Double.POSITIVE_INFINITY, -0.0, Double.MAX_VALUE, 1e300),
                Arbitraries.longs().map(l -> (Object) l),
                Arbitraries.integers().map(i -> (Object) i),
                Arbitraries.floats().map(f -> (Object) f),
                Arbitraries.of("212", "true", "on", "", "2023-11-14T22:13:20.123Z", "1700000000", "1e400", "NaN",
                        "25.5 degC", "x"),
                Arbitraries.of(true, false),
                Arbitraries.just(null));
        Arbitrary<Object> value = depth == 0 ? leaf : Arbitraries.oneOf(leaf, leaf, leaf,
                map(depth - 1).map(m -> (Object) m),
                Arbitraries.oneOf(leaf, map(depth - 1).map(m -> (Object) m)).list().ofMaxSize(4)
                        .map(l -> (Object) new ArrayList<>(l)));
        return Combinators.combine(Arbitraries.of(NAMES), value).as(java.util.AbstractMap.SimpleEntry::new).list().ofMaxSize(6).map(entries -> {
            Map<String, Object> m = new LinkedHashMap<>();
            entries.forEach(e -> m.put(e.getKey(), e.getValue()));
            return m;
        });
    }
}
