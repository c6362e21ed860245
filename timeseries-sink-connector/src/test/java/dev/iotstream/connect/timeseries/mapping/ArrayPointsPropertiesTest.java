package dev.iotstream.connect.timeseries.mapping;

import dev.iotstream.connect.timeseries.lineprotocol.LineChecker;
import dev.iotstream.connect.timeseries.lineprotocol.ParsedLine;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.connect.sink.SinkRecord;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** For any array of readings, one valid line per element, in order, each with its own time and value. */
class ArrayPointsPropertiesTest {
    /** The random sites reach line breaks and tabs only now and then (a CI run met a tab): always tried here. */
    @Example
    void siteWithLineBreaksAndTabs() {
        onePointPerElementInOrder(List.of(1, -2), "a\tb\nc\rd\\e,f=g h");
    }

    @Property(tries = 200)
    void onePointPerElementInOrder(@ForAll @Size(min = 1, max = 30)
                                   List<@IntRange(min = -1000, max = 1000) Integer> values,
                                   @ForAll @StringLength(min = 1, max = 8) String site) {
        List<Object> readings = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            Map<String, Object> reading = new LinkedHashMap<>();
            reading.put("t", 1_700_000_000_000L + i);
            reading.put("v", values.get(i));
            readings.add(reading);
        }
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("site", site);
        value.put("readings", readings);
        PointMapper mapper = new PointMapper(new MappingSettings.Builder().measurement("m").tags("site")
                .timeField("t").timeUnit(TimeUnitMode.MS).build());
        MappedRecord mapped = new ArrayPoints(mapper, "readings").map(new SinkRecord("t", 0, null, null, null, value,
                0, 1L, TimestampType.CREATE_TIME));

        assertThat(mapped.points()).isEqualTo(values.size());
        assertThat(mapped.problem()).isNull();
        LineChecker.Result result = LineChecker.check(mapped.lines());
        assertThat(result.bad()).isEmpty();
        assertThat(result.good()).hasSize(values.size());
        for (int i = 0; i < values.size(); i++) {
            ParsedLine line = result.good().get(i);
            assertThat(line.tags()).containsExactly(Map.entry("site", writtenTagValue(site)));
            assertThat(line.fields()).containsExactly(Map.entry("v", Integer.toString(values.get(i))));
            assertThat(line.timestamp()).isEqualTo((1_700_000_000_000L + i) * 1_000_000);
        }
    }

    /**
     * Tag values keep every character but line breaks and tabs, which {@link LineProtocol} writes as the two
     * characters backslash-n, -r, -t (stores keep them literally; see its class comment).
     */
    private static String writtenTagValue(String site) {
        return site.replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t");
    }
}
