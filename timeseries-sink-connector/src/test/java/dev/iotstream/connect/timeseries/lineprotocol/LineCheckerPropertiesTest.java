package dev.iotstream.connect.timeseries.lineprotocol;

import dev.iotstream.connect.timeseries.mapping.LineProtocol;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Any point written with the sink's own escaping checks as valid and reads back to what was written; garbage put
 * between good lines is reported with exactly its line number while every good line survives.
 */
class LineCheckerPropertiesTest {
    record Point(String measurement, Map<String, String> tags, Map<String, String> fields, Long timestamp) {
        String line() {
            StringBuilder out = new StringBuilder();
            LineProtocol.appendMeasurement(out, measurement);
            tags.forEach((k, v) -> {
                out.append(',');
                LineProtocol.appendKey(out, k);
                out.append('=');
                LineProtocol.appendKey(out, v);
            });
            out.append(' ');
            boolean first = true;
            for (Map.Entry<String, String> f : fields.entrySet()) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                LineProtocol.appendKey(out, f.getKey());
                out.append('=').append(f.getValue());
            }
            if (timestamp != null) {
                out.append(' ').append(timestamp);
            }
            return out.toString();
        }
    }

    @Provide
    Arbitrary<String> names() {
        return Arbitraries.strings().withCharRange(' ', '~').withChars('é', '温').ofMinLength(1).ofMaxLength(10)
                .filter(s -> !s.startsWith("#") && !s.isBlank());
    }

    @Provide
    Arbitrary<String> fieldValues() {
        Arbitrary<String> floats = Arbitraries.doubles().between(-1e12, 1e12).map(d -> {
            StringBuilder b = new StringBuilder();
            LineProtocol.appendFloat(b, d);
            return b.toString();
        });
        Arbitrary<String> ints = Arbitraries.longs().map(l -> l + "i");
        Arbitrary<String> bools = Arbitraries.of("true", "false", "t", "F");
        Arbitrary<String> strings = Arbitraries.strings().withCharRange(' ', '~').withChars('\n', 'é').ofMaxLength(12)
                .map(s -> {
                    StringBuilder b = new StringBuilder();
                    LineProtocol.appendStringValue(b, s);
                    return b.toString();
                });
        return Arbitraries.oneOf(floats, ints, bools, strings);
    }

    @Provide
    Arbitrary<Point> points() {
        Arbitrary<Map<String, String>> tags = Arbitraries.maps(names(), names()).ofMaxSize(3)
                .map(LinkedHashMap::new);
        Arbitrary<Map<String, String>> fields = Arbitraries.maps(names(), fieldValues()).ofMinSize(1).ofMaxSize(3)
                .map(LinkedHashMap::new);
        Arbitrary<Long> time = Arbitraries.longs().between(-1_000_000_000_000_000_000L, 4_000_000_000_000_000_000L)
                .injectNull(0.2);
        return Combinators.combine(names().filter(n -> !n.startsWith(" ")), tags, fields, time).as(Point::new);
    }

    @Provide
    Arbitrary<List<Point>> pointLists() {
        return points().list().ofMaxSize(8);
    }

    @Property(tries = 300)
    void everyWrittenPointReadsBack(@ForAll("points") Point point) {
        LineChecker.Result result = LineChecker.check(point.line());
        assertThat(result.bad()).as(point.line()).isEmpty();
        ParsedLine parsed = result.good().get(0);
        assertThat(parsed.measurement()).isEqualTo(point.measurement());
        assertThat(parsed.tags()).containsExactlyEntriesOf(point.tags());
        assertThat(parsed.fields()).containsExactlyEntriesOf(point.fields());
        assertThat(parsed.timestamp()).isEqualTo(point.timestamp());
        assertThat(parsed.text()).isEqualTo(point.line());
    }

    @Property(tries = 200)
    void aGarbageLineIsReportedByNumberAndTheGoodOnesKept(@ForAll("pointLists") List<Point> points,
                                                        @ForAll @IntRange(min = 0, max = 20) int at,
                                                        @ForAll("garbage") String garbage) {
        List<String> lines = new ArrayList<>();
        points.forEach(p -> lines.add(p.line()));
        int position = Math.min(at, lines.size());
        lines.add(position, garbage);
        LineChecker.Result result = LineChecker.check(String.join("\n", lines));
        // string values may hold raw newlines, so physical line numbers count those too
        long expectedNumber = 1;
        for (int i = 0; i < position; i++) {
            expectedNumber += lines.get(i).chars().filter(c -> c == '\n').count() + 1;
        }
        int expected = (int) expectedNumber;
        assertThat(result.bad()).singleElement().satisfies(b -> assertThat(b.lineNumber()).isEqualTo(expected));
        assertThat(result.good()).extracting(ParsedLine::text)
                .containsExactlyElementsOf(points.stream().map(Point::line).toList());
    }

    /**
     * Garbage that stays within its line. (An opening quote that is never closed is not among them: a quoted
     * value may span lines, so it can take the next lines with it, for InfluxDB as for this checker.)
     */
    @Provide
    Arbitrary<String> garbage() {
        return Arbitraries.of("no-fields-here", "m v=", "m v=1 notatime", "m,tag v=1", "m v=1.2.3", "m v=NaN",
                "m v=1 1 1", "m v=tru", "m,t= v=1", " leading=1");
    }
}
