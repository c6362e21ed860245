package dev.iotstream.connect.timeseries.mapping;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PointMapperTest {
    private static final long TS = 1_700_000_000_123L;

    static MappingSettings.Builder settings() {
        return new MappingSettings.Builder();
    }

    static SinkRecord record(Object value) {
        return new SinkRecord("sensors", 0, null, "dev-1", null, value, 7, TS, TimestampType.CREATE_TIME);
    }

    static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void schemalessNumbersBecomeFloatsAndTimeIsRecordTimestampInNanos() {
        PointMapper mapper = new PointMapper(settings().tags("device").build());
        String line = mapper.map(record(map("device", "d1", "temp", 25, "hum", 40.5))).line();
        assertThat(line).isEqualTo("sensors,device=d1 temp=25,hum=40.5 1700000000123000000");
    }

    @Test
    void integersKeptWhenNumbersAsFloatIsOff() {
        PointMapper mapper = new PointMapper(settings().numbersAsFloat(false).build());
        assertThat(mapper.map(record(map("n", 25, "x", 2.5))).line()).isEqualTo("sensors n=25i,x=2.5 1700000000123000000");
    }

    @Test
    void perFieldTypeOverrides() {
        PointMapper mapper = new PointMapper(settings().types(Map.of("count", FieldType.INTEGER, "ok",
                FieldType.BOOLEAN, "code", FieldType.STRING, "level", FieldType.FLOAT)).build());
        String line = mapper.map(record(map("count", 3.0, "ok", "TRUE", "code", 42, "level", "1.5"))).line();
        assertThat(line).isEqualTo("sensors count=3i,ok=true,code=\"42\",level=1.5 1700000000123000000");
    }

    @Test
    void wrongTypesAreDataErrors() {
        PointMapper mapper = new PointMapper(settings().types(Map.of("count", FieldType.INTEGER)).build());
        assertThatThrownBy(() -> mapper.map(record(map("count", 2.5))))
                .isInstanceOf(MappingException.class).hasMessageContaining("'count'").hasMessageContaining("integer");
        assertThatThrownBy(() -> mapper.map(record(map("count", "abc"))))
                .isInstanceOf(MappingException.class).hasMessageContaining("abc");
        PointMapper bool = new PointMapper(settings().types(Map.of("ok", FieldType.BOOLEAN)).build());
        assertThatThrownBy(() -> bool.map(record(map("ok", "maybe")))).isInstanceOf(MappingException.class);
    }

    @Test
    void structsKeepSchemaTypes() {
        Schema schema = SchemaBuilder.struct().field("device", Schema.STRING_SCHEMA).field("n", Schema.INT32_SCHEMA)
                .field("t", Schema.FLOAT64_SCHEMA).field("on", Schema.BOOLEAN_SCHEMA)
                .field("at", Timestamp.SCHEMA).build();
        Struct struct = new Struct(schema).put("device", "d").put("n", 3).put("t", 1.5).put("on", true)
                .put("at", new Date(1_600_000_000_000L));
        PointMapper mapper = new PointMapper(settings().tags("device").timeField("at").build());
        assertThat(mapper.map(record(struct)).line()).isEqualTo("sensors,device=d n=3i,t=1.5,on=true 1600000000000000000");
    }

    @Test
    void jsonStringsAndBytesAreParsed() {
        PointMapper mapper = new PointMapper(settings().build());
        assertThat(mapper.map(record("{\"a\":1}")).line()).isEqualTo("sensors a=1 1700000000123000000");
        assertThat(mapper.map(record("{\"a\":true}".getBytes())).line()).isEqualTo("sensors a=true 1700000000123000000");
        assertThat(mapper.map(record("21.5")).line()).isEqualTo("sensors value=21.5 1700000000123000000");
        assertThatThrownBy(() -> mapper.map(record("{not json"))).isInstanceOf(MappingException.class)
                .hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> mapper.map(record("[1,2]"))).isInstanceOf(MappingException.class);
    }

    @Test
    void jsonBytesTextAndMapsGiveTheSameLine() {
        String json = "{\"device\":\"d 1\",\"meta\":{\"site\":\"a\"},\"temp\":21.5,\"hum\":40,\"ok\":true,"
                + "\"note\":\"x\\\"y\",\"gone\":null,\"list\":[1],\"ts\":1600000000123}";
        Map<String, Object> asMap = map("device", "d 1", "meta", map("site", "a"), "temp", 21.5, "hum", 40, "ok", true,
                "note", "x\"y", "gone", null, "list", List.of(1), "ts", 1_600_000_000_123L);
        for (boolean asFloat : new boolean[]{true, false}) {
            PointMapper mapper = new PointMapper(settings().measurement("${topic}_${meta.site}").tags("device", "meta.site")
                    .timeField("ts").numbersAsFloat(asFloat).build());
            String expected = mapper.map(record(asMap)).line();
            assertThat(mapper.map(record(json.getBytes(java.nio.charset.StandardCharsets.UTF_8))).line()).isEqualTo(expected);
            assertThat(mapper.map(record(json)).line()).isEqualTo(expected);
            assertThat(expected).startsWith("sensors_a,device=d\\ 1,meta.site=a temp=21.5,hum=40");
        }
        PointMapper mapper = new PointMapper(settings().tags("device").build());
        assertThatThrownBy(() -> mapper.map(record("{\"device\":\"d\",\"gone\":null}".getBytes())))
                .isInstanceOf(MappingException.class).hasMessageContaining("no field").hasMessageContaining("gone");
    }

    @Test
    void nestedValuesAreFlattenedAndReachedByDottedPaths() {
        Map<String, Object> value = map("meta", map("site", "s1", "device", map("id", "d9")), "m", map("t", 1.5, "h", 2));
        PointMapper dotted = new PointMapper(settings().tags("meta.site", "meta.device.id").build());
        assertThat(dotted.map(record(value)).line())
                .isEqualTo("sensors,meta.device.id=d9,meta.site=s1 m.t=1.5,m.h=2 1700000000123000000");
        PointMapper underscored = new PointMapper(settings().tags("meta.site").separator("_")
                .fields("m.t").build());
        assertThat(underscored.map(record(value)).line()).isEqualTo("sensors,meta_site=s1 m_t=1.5 1700000000123000000");
    }

    @Test
    void reusedMapperGivesIndependentLinesAndLeavesFlatInputUntouched() {
        PointMapper mapper = new PointMapper(settings().tags("device").build());
        Map<String, Object> flat = map("device", "d1", "temp", 25, "hum", 40.5);
        Map<Object, Object> numericKey = new LinkedHashMap<>();
        numericKey.put(7, 1.5);
        String first = mapper.map(record(flat)).line();
        assertThatThrownBy(() -> mapper.map(record(map("device", "d2")))).isInstanceOf(MappingException.class);
        String nested = mapper.map(record(map("device", "d3", "m", map("t", 2)))).line();
        String keyed = mapper.map(record(numericKey)).line();
        String again = mapper.map(record(flat)).line();
        assertThat(first).isEqualTo("sensors,device=d1 temp=25,hum=40.5 1700000000123000000").isEqualTo(again);
        assertThat(nested).isEqualTo("sensors,device=d3 m.t=2 1700000000123000000");
        assertThat(keyed).isEqualTo("sensors 7=1.5 1700000000123000000");
        assertThat(flat).containsExactly(Map.entry("device", "d1"), Map.entry("temp", 25), Map.entry("hum", 40.5));
    }

    @Test
    void includeAndExcludeLists() {
        Map<String, Object> value = map("a", 1, "b", 2, "c", 3);
        assertThat(new PointMapper(settings().fields("c", "a").build()).map(record(value)).line())
                .isEqualTo("sensors c=3,a=1 1700000000123000000");
        assertThat(new PointMapper(settings().exclude("b").build()).map(record(value)).line())
                .isEqualTo("sensors a=1,c=3 1700000000123000000");
    }

    @Test
    void nullsSkippedNonFiniteSkippedAndCounted() {
        PointMapper mapper = new PointMapper(settings().tags("site").build());
        MappedPoint point = mapper.map(record(map("site", null, "a", null, "b", Double.NaN,
                "c", Double.POSITIVE_INFINITY, "d", 1.25)));
        assertThat(point.line()).isEqualTo("sensors d=1.25 1700000000123000000");
        assertThat(point.nonFiniteSkipped()).isEqualTo(2);
    }

    @Test
    void noFieldIsADataError() {
        PointMapper mapper = new PointMapper(settings().tags("device").build());
        assertThatThrownBy(() -> mapper.map(record(map("device", "d1")))).isInstanceOf(MappingException.class)
                .hasMessageContaining("no field");
        assertThatThrownBy(() -> mapper.map(record(map("x", Double.NaN)))).isInstanceOf(MappingException.class)
                .hasMessageContaining("NaN");
        assertThatThrownBy(() -> mapper.map(record(null))).isInstanceOf(MappingException.class)
                .hasMessageContaining("tombstone");
        assertThatThrownBy(() -> mapper.map(record(map("list", List.of(1, 2))))).isInstanceOf(MappingException.class);
    }

    @Test
    void escapingOfSpecialCharacters() {
        PointMapper mapper = new PointMapper(settings().measurement("my meas,=x").tags("tag key,=").build());
        String line = mapper.map(record(map("tag key,=", "v a,l=ue", "f ie,ld=", "say \"hi\"\\ now\nnext",
                "n", 1))).line();
        assertThat(line).isEqualTo("my\\ meas\\,=x,tag\\ key\\,\\==v\\ a\\,l\\=ue "
                + "f\\ ie\\,ld\\==\"say \\\"hi\\\"\\\\ now\\\nnext\",n=1 1700000000123000000");
        assertThat(line.replace("\\\n", "")).doesNotContain("\n");
        String newlineTag = new PointMapper(settings().tags("t").build()).map(record(map("t", "a\nb", "f", 1))).line();
        assertThat(newlineTag).isEqualTo("sensors,t=a\\nb f=1 1700000000123000000");
    }

    @Test
    void measurementTemplatesHeadersAndKeyTags() {
        ConnectHeaders headers = new ConnectHeaders();
        headers.addString("mqtt.topic", "site/a b");
        SinkRecord record = new SinkRecord("plant", 0, null, "dev-7", null, map("kind", "temp", "v", 1), 3, TS,
                TimestampType.CREATE_TIME, headers);
        PointMapper mapper = new PointMapper(settings().measurement("${topic}_${kind}").headers("mqtt.topic")
                .key("device").build());
        assertThat(mapper.map(record).line())
                .isEqualTo("plant_temp,device=dev-7,mqtt.topic=site/a\\ b v=1 1700000000123000000");
        PointMapper missing = new PointMapper(settings().measurement("${nope}").build());
        assertThatThrownBy(() -> missing.map(record)).isInstanceOf(MappingException.class).hasMessageContaining("nope");
    }

    @Test
    void floatsAreFormattedAsLineProtocolAccepts() {
        PointMapper mapper = new PointMapper(settings().build());
        assertThat(mapper.map(record(map("a", 1e20, "b", -0.000001, "c", 3.0))).line())
                .isEqualTo("sensors a=1.0e20,b=-1.0e-6,c=3 1700000000123000000");
    }

    @Test
    void writePrecisionTruncates() {
        Map<String, Object> value = map("t", 1_700_000_000_123_456_789L, "v", 1);
        assertThat(new PointMapper(settings().timeField("t").precision(TimeUnitMode.MS).build()).map(record(value)).line())
                .endsWith(" 1700000000123");
        assertThat(new PointMapper(settings().timeField("t").precision(TimeUnitMode.S).build()).map(record(value)).line())
                .endsWith(" 1700000000");
        assertThat(new PointMapper(settings().timeField("t").precision(TimeUnitMode.US).build()).map(record(value)).line())
                .endsWith(" 1700000000123456");
    }

    @Test
    void timeFieldIsNotWrittenAsField() {
        PointMapper mapper = new PointMapper(settings().timeField("ts").build());
        assertThat(mapper.map(record(map("ts", 1_600_000_000L, "v", 2))).line()).isEqualTo("sensors v=2 1600000000000000000");
    }

    @Test
    void excludedSetIsRespected() {
        assertThat(settings().exclude("x").build().fieldsExclude()).isEqualTo(Set.of("x"));
    }
}
