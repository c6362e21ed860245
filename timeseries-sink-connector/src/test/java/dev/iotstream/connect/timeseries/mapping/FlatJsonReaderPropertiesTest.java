package dev.iotstream.connect.timeseries.mapping;

import dev.iotstream.connect.testing.ArbitraryJson;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link FlatJsonReader} (with its fall-back to Jackson) must give exactly what the Jackson-only path gives: the
 * same paths in the same order with equal values of the same Java types, or the same MappingException message.
 * The generators lean on the reader's subset (ASCII, plain numbers of every length, whitespace) and on its edges
 * (leading zeros, exponents, 19-digit integers, escapes, truncated and corrupted bytes), besides arbitrary JSON.
 */
class FlatJsonReaderPropertiesTest {
    private final JsonFlattener withReader = new JsonFlattener(true);
    private final JsonFlattener jacksonOnly = new JsonFlattener(false);

    @Property(tries = 1000)
    void sameAsJacksonOnDeviceLikeJson(@ForAll("deviceJson") String json) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        // Shown in the report: most of these must take the reader's path, or the property proves little.
        Statistics.collect(new FlatJsonReader().read(bytes, new FlatValues()) ? "read without Jackson" : "left to Jackson");
        assertSame(bytes);
    }

    @Property(tries = 1000)
    void sameAsJacksonOnCorruptedJson(@ForAll("deviceJson") String json, @ForAll("cuts") int cut,
                                      @ForAll("bytes") byte replacement, @ForAll boolean truncate) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        int at = Math.floorMod(cut, bytes.length);
        byte[] changed;
        if (truncate) {
            changed = java.util.Arrays.copyOf(bytes, at);
        } else {
            changed = bytes.clone();
            changed[at] = replacement;
        }
        assertSame(changed);
    }

    @Property(tries = 300)
    void sameAsJacksonOnArbitraryJson(@ForAll("arbitrary") String json) {
        assertSame(json.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * One reader for a run of records whose names come from a small pool (same lengths, prefixes of each other,
     * escaped, nested), as a topic's records do: the name remembered at each position is hit, nearly hit and
     * missed, and every record must still read exactly like Jackson reads it alone.
     */
    @Property(tries = 500)
    void sameAsJacksonForRunsOfRecordsRepeatingTheirNames(@ForAll("runs") List<String> records,
                                                          @ForAll("cuts") int cut, @ForAll boolean corrupt) {
        JsonFlattener reused = new JsonFlattener(true);
        for (int i = 0; i < records.size(); i++) {
            byte[] bytes = records.get(i).getBytes(StandardCharsets.UTF_8);
            if (corrupt && i == records.size() - 1) {
                bytes = java.util.Arrays.copyOf(bytes, Math.floorMod(cut, bytes.length));
            }
            assertThat(outcome(reused, bytes)).as(new String(bytes, StandardCharsets.UTF_8))
                    .isEqualTo(outcome(jacksonOnly, bytes));
        }
    }

    @Provide
    Arbitrary<List<String>> runs() {
        Arbitrary<String> name = Arbitraries.of("\"hum\"", "\"tmp\"", "\"t\"", "\"temp\"", "\"temperature\"",
                "\"te\\\"mp\"", "\"ts\"", "\"\"");
        Arbitrary<String> member = Combinators.combine(name, space(), Arbitraries.oneOf(number(), text(),
                        Arbitraries.of("{\"hum\":1,\"ts\":2}", "{\"tmp\":true}", "[1,{\"hum\":3}]", "null")))
                .as((k, sp, v) -> k + sp + ":" + v);
        Arbitrary<String> record = member.list().ofMaxSize(6).map(m -> "{" + String.join(",", m) + "}");
        // A record repeated (all names hit), then variations of it.
        return Combinators.combine(record, record.list().ofMaxSize(4), Arbitraries.integers().between(1, 3))
                .as((first, others, repeat) -> {
                    List<String> run = new ArrayList<>();
                    for (int i = 0; i < repeat; i++) {
                        run.add(first);
                    }
                    run.addAll(others);
                    run.add(first);
                    return run;
                });
    }

    @Example
    void theReaderTakesTheBenchmarksRecordsItself() {
        FlatValues values = new FlatValues();
        String json = "{\"device\":\"dev-1\",\"site\":\"plant-0\",\"temp\":20.1,\"hum\":41,\"pressure\":1000.5,"
                + "\"battery\":99,\"ts\":1700000000001,\"loc\":{\"lat\":-0.5,\"v\":[1,{\"x\":2}]},\"ok\":true}";
        assertThat(new FlatJsonReader().read(json.getBytes(StandardCharsets.UTF_8), values)).isTrue();
        assertThat(values.get("ts")).isEqualTo(1_700_000_000_001L);
        assertThat(values.get("hum")).isEqualTo(41);
        assertThat(values.get("loc.lat")).isEqualTo(-0.5);
        assertThat(values).doesNotContainKey("loc.v").doesNotContainKey("x");
        assertSame(json.getBytes(StandardCharsets.UTF_8));
    }

    @Example
    void edgesAreLeftToJackson() {
        for (String json : List.of("{\"a\":01}", "{\"a\":1e3}", "{\"a\":1234567890123456789}", "{\"a\":\"\\n\"}",
                "{\"a\":\"\u00e9\"}", "{\"a\":1,}", "{\"a\":1} x", "[1]", "7", "{\"a\":-}", "{\"a\":1.}")) {
            assertThat(new FlatJsonReader().read(json.getBytes(StandardCharsets.UTF_8), new FlatValues()))
                    .as(json).isFalse();
            assertSame(json.getBytes(StandardCharsets.UTF_8));
        }
    }

    private void assertSame(byte[] json) {
        assertThat(outcome(withReader, json)).as(new String(json, StandardCharsets.UTF_8))
                .isEqualTo(outcome(jacksonOnly, json));
    }

    /** Paths, values and their classes in order, or the error message. */
    private static List<String> outcome(JsonFlattener flattener, byte[] json) {
        List<String> out = new ArrayList<>();
        try {
            for (Map.Entry<String, Object> e : flattener.parse(json).values().entrySet()) {
                Object v = e.getValue();
                out.add(e.getKey() + "=" + (v == null ? "null" : v.getClass().getSimpleName() + ":"
                        + (v instanceof Double d ? Double.doubleToRawLongBits(d) + "/" + d : v)));
            }
        } catch (MappingException e) {
            out.add("error: " + e.getMessage());
        }
        return out;
    }

    @Provide
    Arbitrary<String> arbitrary() {
        return Arbitraries.oneOf(ArbitraryJson.documents(), ArbitraryJson.objects(),
                Arbitraries.of(ArbitraryJson.regressionCases()));
    }

    @Provide
    Arbitrary<Integer> cuts() {
        return Arbitraries.integers().between(0, 10_000);
    }

    @Provide
    Arbitrary<Byte> bytes() {
        return Arbitraries.oneOf(Arbitraries.bytes(),
                Arbitraries.of("{}[]:,\"\\ -.0123456789eE+tfnx\t\n".chars().mapToObj(c -> (byte) c)
                        .toArray(Byte[]::new)));
    }

    @Provide
    Arbitrary<String> deviceJson() {
        return object(3).map(o -> o);
    }

    private Arbitrary<String> object(int depth) {
        Arbitrary<String> member = Combinators.combine(space(), name(), space(), value(depth), space())
                .as((s1, k, s2, v, s3) -> s1 + k + s2 + ":" + s2 + v + s3);
        return Combinators.combine(member.list().ofMaxSize(8), space())
                .as((members, s) -> "{" + s + members.stream().collect(Collectors.joining(",")) + "}" + s);
    }

    private Arbitrary<String> value(int depth) {
        Arbitrary<String> scalar = Arbitraries.oneOf(number(), number(), text(),
                Arbitraries.of("true", "false", "null"));
        if (depth == 0) {
            return scalar;
        }
        Arbitrary<String> array = value(depth - 1).list().ofMaxSize(4).map(items -> "[" + String.join(", ", items) + "]");
        return Arbitraries.oneOf(scalar, scalar, scalar, object(depth - 1), array);
    }

    private static Arbitrary<String> space() {
        return Arbitraries.of("", "", "", " ", "\n", "\t ", "\r\n");
    }

    /** Repeating names (duplicates, the empty name) and odd ASCII ones. */
    private static Arbitrary<String> name() {
        return Arbitraries.oneOf(Arbitraries.of("\"a\"", "\"b\"", "\"\"", "\"temp\"", "\"ts\"", "\"a.b\""), text());
    }

    private static Arbitrary<String> text() {
        Arbitrary<String> ascii = Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(10)
                .map(s -> s.replace("\\", "").replace("\"", ""));
        return Arbitraries.oneOf(ascii, ascii, ascii, Arbitraries.of("a\\\"b", "\u00e9", "x\\u0041", "tab\\t",
                "del\u007f")).map(s -> "\"" + s + "\"");
    }

    /** Integers of every length around the int and long limits, decimals of every precision, and the edges. */
    private static Arbitrary<String> number() {
        Arbitrary<String> digits = Arbitraries.strings().withCharRange('0', '9').ofMinLength(1).ofMaxLength(22);
        return Arbitraries.oneOf(
                Arbitraries.integers().map(String::valueOf),
                Arbitraries.longs().map(String::valueOf),
                Arbitraries.of("2147483647", "2147483648", "-2147483648", "-2147483649", "999999999", "1000000000",
                        "999999999999999999", "-999999999999999999", "9007199254740993.5", "0.1", "-0.0", "-0",
                        "0", "00", "01", "1e5", "1E-5", "1.5e3", "-", "1.", ".5", "+1", "0.30000000000000004"),
                Arbitraries.doubles().map(String::valueOf).filter(s -> !s.contains("N") && !s.contains("I")),
                Combinators.combine(Arbitraries.of("", "-"), digits, digits)
                        .as((sign, whole, fraction) -> sign + whole + "." + fraction),
                Combinators.combine(Arbitraries.of("", "-"), digits).as((sign, whole) -> sign + whole));
    }
}
