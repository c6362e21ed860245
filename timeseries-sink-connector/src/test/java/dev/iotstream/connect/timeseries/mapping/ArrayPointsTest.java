package dev.iotstream.connect.timeseries.mapping;

import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ArrayPointsTest {
    private static final long TS = 1_700_000_000_000L;

    private static SinkRecord record(Object value) {
        return new SinkRecord("meters", 0, null, "k", null, value, 3, TS, TimestampType.CREATE_TIME);
    }

    private static byte[] json(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void oneLinePerElementWithOutsideMembersAsTagsAndElementTimes() {
        ArrayPoints points = new ArrayPoints(new PointMapper(new MappingSettings.Builder().measurement("m")
                .tags("site", "meta.device").timeField("t").timeUnit(TimeUnitMode.S).build()), "data.readings");
        MappedRecord mapped = points.map(record(json("{\"site\":\"a\",\"meta\":{\"device\":\"d1\"},\"data\":{"
                + "\"unit\":\"C\",\"readings\":[{\"t\":1700000000,\"v\":1.5},{\"t\":1700000001,\"v\":2.5}]}}")));
        assertThat(mapped.lines()).isEqualTo("m,meta.device=d1,site=a data.unit=\"C\",v=1.5 1700000000000000000\n"
                + "m,meta.device=d1,site=a data.unit=\"C\",v=2.5 1700000001000000000");
        assertThat(mapped.points()).isEqualTo(2);
        assertThat(mapped.problem()).isNull();
    }

    @Test
    void aTopLevelArrayOfScalarsOrObjectsAndMapValues() {
        PointMapper mapper = new PointMapper(new MappingSettings.Builder().measurement("m").build());
        assertThat(new ArrayPoints(mapper, "$").map(record("[1, 2.5]")).lines())
                .isEqualTo("m value=1 1700000000000000000\nm value=2.5 1700000000000000000");
        PointMapper tagged = new PointMapper(new MappingSettings.Builder().measurement("m").tags("ch").build());
        assertThat(new ArrayPoints(tagged, "$").map(record(List.of(Map.of("ch", "x", "v", 1),
                Map.of("ch", "y", "v", 2)))).lines())
                .isEqualTo("m,ch=x v=1 1700000000000000000\nm,ch=y v=2 1700000000000000000");
        assertThat(new ArrayPoints(mapper, "r").map(record(Map.of("r", List.of(Map.of("v", 7))))).lines())
                .isEqualTo("m v=7 1700000000000000000");
    }

    @Test
    void theElementsOwnMemberWinsOverTheOutsideOne() {
        PointMapper mapper = new PointMapper(new MappingSettings.Builder().measurement("m").tags("site").build());
        assertThat(new ArrayPoints(mapper, "r").map(record(json("{\"site\":\"outer\",\"r\":[{\"site\":\"inner\","
                + "\"v\":1}]}"))).lines()).isEqualTo("m,site=inner v=1 1700000000000000000");
    }

    @Test
    void badElementsAreNamedByIndexAndTheOthersWritten() {
        PointMapper mapper = new PointMapper(new MappingSettings.Builder().measurement("m").timeField("t")
                .timeUnit(TimeUnitMode.S).build());
        MappedRecord mapped = new ArrayPoints(mapper, "$").map(record(json("[{\"t\":1,\"v\":1},{\"v\":2},"
                + "{\"t\":3}]")));
        assertThat(mapped.lines()).isEqualTo("m v=1 1000000000");
        assertThat(mapped.points()).isEqualTo(1);
        assertThat(mapped.problem()).startsWith("2 of 3 array element(s) not written: element 1: ")
                .contains("element 2: record yields no field");
    }

    @Test
    void elementsRoutingToDifferentDestinationsAreRefused() {
        PointMapper mapper = new PointMapper(new MappingSettings.Builder().measurement("m").build(),
                DestinationTemplate.parse("influx.bucket", "b_${field:site}"));
        MappedRecord mapped = new ArrayPoints(mapper, "$").map(record(json("[{\"site\":\"a\",\"v\":1},"
                + "{\"site\":\"b\",\"v\":2},{\"site\":\"a\",\"v\":3}]")));
        assertThat(mapped.destination()).isEqualTo("b_a");
        assertThat(mapped.points()).isEqualTo(2);
        assertThat(mapped.problem()).contains("element 1: routes to 'b_b'");
    }

    @Test
    void recordsWithoutTheArrayAreDataErrors() {
        PointMapper mapper = new PointMapper(new MappingSettings.Builder().build());
        assertThatThrownBy(() -> new ArrayPoints(mapper, "r").map(record(json("{\"x\":1}"))))
                .isInstanceOf(MappingException.class).hasMessageContaining("missing or null");
        assertThatThrownBy(() -> new ArrayPoints(mapper, "r").map(record(json("{\"r\":5}"))))
                .hasMessageContaining("not an array");
        assertThatThrownBy(() -> new ArrayPoints(mapper, "a.r").map(record(json("{\"a\":3}"))))
                .hasMessageContaining("no object at 'a'");
        assertThatThrownBy(() -> new ArrayPoints(mapper, "$").map(record(json("{\"x\":1}"))))
                .hasMessageContaining("not an array");
        assertThatThrownBy(() -> new ArrayPoints(mapper, "$").map(record(json("[]"))))
                .hasMessageContaining("empty");
        assertThatThrownBy(() -> new ArrayPoints(mapper, "$").map(record(json("[1,"))))
                .hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> new ArrayPoints(mapper, "$").map(record(null))).hasMessageContaining("null");
    }
}
