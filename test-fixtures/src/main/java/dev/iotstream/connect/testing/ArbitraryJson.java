package dev.iotstream.connect.testing;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

import java.util.List;
import java.util.stream.Collectors;

/**
 * jqwik generators of JSON documents as text, for every decoder and mapper that reads JSON: deep (also beyond
 * Jackson's nesting limit), wide, huge and odd numbers, odd strings (escapes, lone surrogates), duplicate and empty
 * keys.
 */
public final class ArbitraryJson {
    private ArbitraryJson() {
    }

    public static Arbitrary<String> documents() {
        return value(6);
    }

    public static Arbitrary<String> objects() {
        return object(6);
    }

    private static Arbitrary<String> value(int depth) {
        if (depth == 0) {
            return scalar();
        }
        Arbitrary<String> scalar = scalar();
        return Arbitraries.oneOf(scalar, scalar, object(depth - 1), array(depth - 1), deepNesting());
    }

    private static Arbitrary<String> object(int depth) {
        Arbitrary<String> member = Combinators.combine(key(), value(depth)).as((k, v) -> k + ":" + v);
        return member.list().ofMaxSize(6).map(members -> members.stream().collect(Collectors.joining(",", "{", "}")));
    }

    private static Arbitrary<String> array(int depth) {
        return value(depth).list().ofMaxSize(6).map(items -> String.join(",", items)).map(s -> "[" + s + "]");
    }

    /** Keys repeat often (duplicates), and include the empty key. */
    private static Arbitrary<String> key() {
        return Arbitraries.oneOf(Arbitraries.of("\"a\"", "\"b\"", "\"\"", "\"t\""), string());
    }

    private static Arbitrary<String> deepNesting() {
        return Arbitraries.integers().between(10, 1500).flatMap(n -> Arbitraries.of(
                "[".repeat(n) + "1" + "]".repeat(n),
                "{\"d\":".repeat(n) + "true" + "}".repeat(n)));
    }

    private static Arbitrary<String> scalar() {
        return Arbitraries.oneOf(
                Arbitraries.of("null", "true", "false", "0", "-0", "1e400", "-1e400", "1e-400", "4.9e-324",
                        "9223372036854775807", "-9223372036854775808", "9223372036854775808",
                        "18446744073709551616", "1".repeat(400), "-" + "9".repeat(309), "9".repeat(308),
                        "0.1", "1.7976931348623157e308", "123456789012345678901234567890.5"),
                Arbitraries.longs().map(String::valueOf),
                Arbitraries.doubles().map(String::valueOf).filter(s -> !s.contains("N") && !s.contains("I")),
                string());
    }

    /** Quoted JSON strings with escapes, control characters, non-BMP characters and escaped lone surrogates. */
    private static Arbitrary<String> string() {
        Arbitrary<String> raw = Arbitraries.strings().withCharRange('\u0020', '\uD7FF').withChars("\u00e9\u20ac")
                .ofMaxLength(12).map(s -> s.replace("\\", "\\\\").replace("\"", "\\\""));
        Arbitrary<String> escapes = Arbitraries.of("\\n", "\\u0000", "\\ud83d\\ude00", "\\ud800", "\\udfff x",
                "\\\"", "\\/", "\ud83d\ude00");
        return Combinators.combine(raw, escapes.list().ofMaxSize(2))
                .as((r, e) -> "\"" + r + String.join("", e) + "\"");
    }

    /** Inputs that failed tasks or tests once; kept as fixed cases. */
    public static List<String> regressionCases() {
        return List.of(
                "{\"deep\": " + "[".repeat(5000) + "]".repeat(5000) + "}",
                "{\"big\": " + "9".repeat(400) + "}",
                "{\"x\": 1e400}",
                "{\"x\": NaN}",
                "{\"x\": Infinity}",
                "{\"a\": 1, \"a\": \"two\"}",
                "{\"\": 1}",
                "{\"s\": \"\\ud800\"}",
                "{\"arr\": [1, \"x\", {\"a\": 1}]}");
    }
}
