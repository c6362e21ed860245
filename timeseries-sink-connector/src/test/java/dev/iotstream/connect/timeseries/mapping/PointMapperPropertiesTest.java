package dev.iotstream.connect.timeseries.mapping;

import dev.iotstream.connect.common.json.JsonSchemas;
import dev.iotstream.connect.testing.ArbitraryJson;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.sink.SinkRecord;

import java.nio.charset.StandardCharsets;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sink's record-to-point mapping on arbitrary values (JSON text and bytes of any shape, schemaless maps and
 * Structs with odd keys and values, odd headers and keys): one line of line protocol, or a MappingException (the
 * per-record error that goes to the dead letter queue); nothing else.
 */
class PointMapperPropertiesTest {
    private static final List<PointMapper> MAPPERS = List.of(
            new PointMapper(new MappingSettings.Builder().tags("device").build()),
            new PointMapper(new MappingSettings.Builder().measurement("${topic}_${meta.site}").tags("device",
                    "meta.site").timeField("ts").numbersAsFloat(false).build()),
            new PointMapper(new MappingSettings.Builder().headers("mqtt.topic").key("k").fields("temp", "env.p")
                    .timeField("ts").timeUnit(TimeUnitMode.S).build()),
            new PointMapper(new MappingSettings.Builder().timeField("ts").timeUnit(TimeUnitMode.NS)
                    .precision(TimeUnitMode.MS).separator("_").exclude("id").build()));

    @Property(tries = 500)
    void aLineOrAMappingException(@ForAll("records") SinkRecord record) {
        for (PointMapper mapper : MAPPERS) {
            MappedPoint point;
            try {
                point = mapper.map(record);
            } catch (MappingException e) {
                assertThat(e.getMessage()).isNotBlank();
                continue;
            }
            assertThat(wellFormed(point.line())).as(point.line()).isTrue();
        }
    }

    private static final List<MappingSettings> CACHED_SETTINGS = List.of(
            new MappingSettings.Builder().tags("device").build(),
            new MappingSettings.Builder().measurement("${topic}_${meta.site}").tags("device", "meta.site")
                    .timeField("ts").types(Map.of("temp", FieldType.STRING, "env.p", FieldType.FLOAT)).build(),
            new MappingSettings.Builder().timeField("ts").separator("_").exclude("id", "a b").build());
    /** Long-lived like a task's: their per-position key caches carry over from try to try. */
    private static final List<PointMapper> WARM = CACHED_SETTINGS.stream().map(PointMapper::new).toList();

    /**
     * The mapper caches what it decided per key position (field or not, forced type, written name) and the last
     * escaped measurement: a warm mapper must give exactly what a fresh one gives, whatever keys come in what order.
     */
    @Property(tries = 200)
    void warmCachesMapLikeAFreshMapper(@ForAll("recordRuns") List<SinkRecord> run) {
        for (SinkRecord record : run) {
            for (int s = 0; s < CACHED_SETTINGS.size(); s++) {
                assertThat(outcome(WARM.get(s), record)).isEqualTo(outcome(new PointMapper(CACHED_SETTINGS.get(s)),
                        record));
            }
        }
    }

    /**
     * JSON bytes are read by FlatJsonReader, which hands the mapper short decimals as their text to copy; the same
     * JSON as a String is read by Jackson alone and every double is formatted: the lines must be equal, for
     * decimals of every length and precision, with fields found by position and by name, plain and forced types.
     */
    @Property(tries = 1000)
    void jsonBytesMapLikeTheSameJsonAsText(@ForAll("decimalJson") String json) {
        SinkRecord asBytes = new SinkRecord("sensors", 0, null, "k", null, json.getBytes(StandardCharsets.UTF_8), 7,
                1_700_000_000_123L, TimestampType.CREATE_TIME);
        SinkRecord asText = new SinkRecord("sensors", 0, null, "k", null, json, 7, 1_700_000_000_123L,
                TimestampType.CREATE_TIME);
        // Two errors would be equal too: the first mapper must write a line, or the property proves nothing.
        assertThat(outcome(DECIMAL_MAPPERS.get(0), asBytes)).as(json).doesNotStartWith("error");
        for (PointMapper mapper : DECIMAL_MAPPERS) {
            assertThat(outcome(mapper, asBytes)).as(json).isEqualTo(outcome(mapper, asText));
        }
    }

    private static final List<PointMapper> DECIMAL_MAPPERS = List.of(
            new PointMapper(new MappingSettings.Builder().tags("device").build()),
            new PointMapper(new MappingSettings.Builder().fields("a", "b", "n.c").build()),
            new PointMapper(new MappingSettings.Builder().numbersAsFloat(false)
                    .types(Map.of("a", FieldType.FLOAT, "b", FieldType.STRING, "n.c", FieldType.INTEGER)).build()));

    @Provide
    Arbitrary<String> decimalJson() {
        Arbitrary<String> digits = Arbitraries.strings().withCharRange('0', '9').ofMinLength(1).ofMaxLength(17);
        Arbitrary<String> decimal = Arbitraries.oneOf(
                Combinators.combine(Arbitraries.of("", "-"), digits, digits).as((sign, whole, fraction) ->
                        sign + (whole.length() > 1 ? whole.replaceFirst("^0+(?=.)", "") : whole) + "." + fraction),
                Arbitraries.of("0.1", "-0.5", "0.05", "20.3", "1000.5", "-0.0", "0.0", "20.30", "12.3456",
                        "12.34567", "99999999999.9999", "999999999999.999", "123456789012345.6", "0.0001",
                        "0.00010", "9007199254740993.5", "26.900000000000002", "1.5e3", "7", "-12"),
                Arbitraries.doubles().map(String::valueOf).filter(t -> !t.contains("N") && !t.contains("I")));
        Arbitrary<String> name = Arbitraries.of("a", "b", "x", "device");
        Arbitrary<String> member = Combinators.combine(name, decimal).as((k, v) -> "\"" + k + "\":" + v);
        return Combinators.combine(member.list().ofMinSize(1).ofMaxSize(4), decimal)
                .as((members, nested) -> "{" + String.join(",", members) + ",\"n\":{\"c\":" + nested + "}}");
    }

    private static String outcome(PointMapper mapper, SinkRecord record) {
        try {
            MappedPoint point = mapper.map(record);
            return point.line() + " / " + point.nonFiniteSkipped();
        } catch (MappingException e) {
            return "error: " + e.getMessage();
        }
    }

    @Provide
    Arbitrary<List<SinkRecord>> recordRuns() {
        return records().list().ofMinSize(1).ofMaxSize(6);
    }

    @net.jqwik.api.Example
    void theCheckRejectsWhatAStoreWouldSplitOrRefuse() {
        assertThat(wellFormed("m,t=a\\ b f=1,s=\"x\\\ny\" 17")).isTrue();
        assertThat(wellFormed("m f=1\nx f=2")).isFalse();
        assertThat(wellFormed("m f=\"x\ny\"")).isFalse();
        assertThat(wellFormed("m f=\"open")).isFalse();
        assertThat(wellFormed("m a b c")).isFalse();
        assertThat(wellFormed("m")).isFalse();
    }

    /**
     * measurement[,tag=value...] field=value[,field=value...] [time], by the line protocol's grammar: a backslash
     * escapes the next character (in string values too, where an escaped newline stands for a newline), string
     * values are quoted, and no unescaped line break appears anywhere.
     */
    static boolean wellFormed(String line) {
        int i = 0;
        int n = line.length();
        int section = 0; // 0 measurement and tags, 1 fields, 2 time
        boolean inValue = false;
        boolean sawField = false;
        while (i < n) {
            char c = line.charAt(i);
            if (c == '\\') {
                i += 2;
                continue;
            }
            if (c == '\n' || c == '\r') {
                return false;
            }
            if (section == 1 && inValue && c == '"') {
                int end = i + 1;
                while (end < n && line.charAt(end) != '"') {
                    if (line.charAt(end) == '\n' || line.charAt(end) == '\r') {
                        return false;
                    }
                    end += line.charAt(end) == '\\' ? 2 : 1;
                }
                if (end >= n) {
                    return false;
                }
                i = end + 1;
                continue;
            }
            if (section == 1 && c == '=') {
                inValue = true;
                sawField = true;
            } else if (section == 1 && c == ',') {
                inValue = false;
            } else if (c == ' ') {
                section++;
                inValue = false;
                if (section > 2) {
                    return false;
                }
            } else if (section == 2 && !Character.isDigit(c) && c != '-') {
                return false;
            }
            i++;
        }
        return section >= 1 && sawField;
    }

    @Provide
    Arbitrary<SinkRecord> records() {
        Arbitrary<SchemaAndValue> value = Arbitraries.oneOf(
                ArbitraryJson.documents().map(j -> new SchemaAndValue(Schema.OPTIONAL_STRING_SCHEMA, j)),
                ArbitraryJson.documents().map(j -> new SchemaAndValue(null, j.getBytes(StandardCharsets.UTF_8))),
                maps().map(m -> new SchemaAndValue(null, m)),
                maps().map(PointMapperPropertiesTest::asStruct),
                Arbitraries.of(new SchemaAndValue(null, null), new SchemaAndValue(null, 42),
                        new SchemaAndValue(null, List.of(1))));
        Arbitrary<String> text = Arbitraries.strings().ofMaxLength(10).withChars("a ,=\"\\\n\té/");
        return Combinators.combine(value, text, text).as((v, key, topic) -> {
            ConnectHeaders headers = new ConnectHeaders();
            headers.addString("mqtt.topic", topic);
            return new SinkRecord("sensors", 0, null, key, v.schema(), v.value(), 7, 1_700_000_000_123L,
                    TimestampType.CREATE_TIME, headers);
        });
    }

    private static SchemaAndValue asStruct(Map<String, Object> map) {
        try {
            return new JsonSchemas("map").toConnect(map);
        } catch (Exception e) {
            return new SchemaAndValue(null, map);
        }
    }

    private static Arbitrary<Map<String, Object>> maps() {
        return map(3);
    }

    private static Arbitrary<Map<String, Object>> map(int depth) {
        Arbitrary<Object> leaf = Arbitraries.oneOf(
                Arbitraries.doubles().map(d -> (Object) d),
                Arbitraries.of(Double.NaN, Double.NEGATIVE_INFINITY, -0.0, 1e300, Long.MAX_VALUE, Long.MIN_VALUE),
                Arbitraries.longs().map(l -> (Object) l),
                Arbitraries.of("d1", "", "x y", "a,b=c", "\"q\"", "back\\slash", "2023-11-14T22:13:20Z", "new\nline"),
                Arbitraries.of(true, false),
                Arbitraries.just(null));
        Arbitrary<Object> value = depth == 0 ? leaf : Arbitraries.oneOf(leaf, leaf, leaf,
                map(depth - 1).map(m -> (Object) m),
                leaf.list().ofMaxSize(3).map(l -> (Object) new ArrayList<>(l)));
        Arbitrary<String> name = Arbitraries.oneOf(Arbitraries.of("device", "temp", "ts", "meta", "site", "env",
                "p", "id", ""), Arbitraries.strings().ofMaxLength(6).withChars("a ,=.\"\\"));
        return Combinators.combine(name, value).as(AbstractMap.SimpleEntry::new).list().ofMaxSize(6).map(entries -> {
            Map<String, Object> m = new LinkedHashMap<>();
            entries.forEach(e -> m.put(e.getKey(), e.getValue()));
            return m;
        });
    }
}
