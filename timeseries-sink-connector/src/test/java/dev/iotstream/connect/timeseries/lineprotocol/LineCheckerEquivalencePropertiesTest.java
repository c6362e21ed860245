package dev.iotstream.connect.timeseries.lineprotocol;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The checker with its fast paths (names without escapes as one substring, plain decimals and timestamps checked
 * without Double.parseDouble or a regular expression, blank lines without a copy) gives exactly what it gave
 * before ({@link LineCheckerReference}): the same good lines with the same parts, the same bad lines with the same
 * line numbers and reasons, on texts glued from line-protocol pieces, good and broken.
 */
class LineCheckerEquivalencePropertiesTest {
    @Property(tries = 2000)
    void sameResultsAsBefore(@ForAll("texts") String text) {
        LineChecker.Result now = LineChecker.check(text);
        LineCheckerReference.Result before = LineCheckerReference.check(text);
        assertThat(now.good()).as(text).isEqualTo(before.good());
        assertThat(now.bad()).as(text).isEqualTo(before.bad());
    }

    /**
     * {@link LineChecker#scan} (line protocol in: good lines by position, nothing built) finds the same good lines at
     * the same places with the same tag ends, tag keys ({@link LineChecker#tagKeys}) and timestamps present, and the
     * same bad lines with the same numbers and reasons, as {@link LineChecker#check}.
     */
    @Property(tries = 2000)
    void scanFindsWhatCheckFinds(@ForAll("texts") String text) {
        LineChecker.Result checked = LineChecker.check(text);
        LineChecker.Spans scanned = LineChecker.scan(text);
        assertThat(scanned.bad()).as(text).isEqualTo(checked.bad());
        assertThat(scanned.good()).as(text).hasSameSizeAs(checked.good());
        for (int i = 0; i < checked.good().size(); i++) {
            ParsedLine line = checked.good().get(i);
            LineChecker.LineSpan span = scanned.good().get(i);
            assertThat(span.lineNumber()).as(text).isEqualTo(line.lineNumber());
            assertThat(text.substring(span.start(), span.end())).as(text).isEqualTo(line.text());
            assertThat(span.tagsEnd()).as(text).isEqualTo(line.tagsEnd());
            // a key given twice is listed twice (check's map keeps it once): callers only ask whether a key is there
            assertThat(LineChecker.tagKeys(text, span).stream().distinct()).as(text)
                    .containsExactlyElementsOf(line.tags().keySet());
            assertThat(span.hasTimestamp()).as(text).isEqualTo(line.timestamp() != null);
        }
    }

    @Provide
    Arbitrary<String> texts() {
        Arbitrary<String> piece = Arbitraries.oneOf(
                Arbitraries.of("m", "cpu", "m\\ x", "m\\,y", "a\\=b", "x\\\\", "\\", "\u00e9", "#", "# c", "",
                        ",", "=", " ", "  ", "\n", "\r\n", "\r", "\t", "\"", "\"s\"", "\"a\\\"b\"", "\"x\ny\"",
                        "\"\\\n\""),
                Arbitraries.of(",t=a", ",t=", ",=v", " f=1", " f=1i", " f=1u", " f=-1u", " f=t", " f=FALSE",
                        ",g=2.5", ",g=-0.5", ",g=1.", ",g=.5", ",g=1e5", ",g=+1", ",g=1.e", ",g=NaN", ",g=1e400",
                        ",g=0005", ",g=" + "9".repeat(16), ",g=1." + "1".repeat(16), ",g=-", ",g=abc"),
                Arbitraries.of(" 1700000000000000000", " -5", " 12x", " ", " 99999999999999999999", " -",
                        " 1 2"),
                Arbitraries.strings().withCharRange(' ', '~').withChars('\n', '\r', '\t', '\u00a0', '\u2028')
                        .ofMaxLength(6),
                Arbitraries.doubles().map(d -> " f=" + d),
                Arbitraries.longs().map(l -> " f=" + l + "i " + l));
        Arbitrary<String> line = piece.list().ofMaxSize(8).map(parts -> String.join("", parts));
        Arbitrary<String> good = Arbitraries.of("m,t=a f=1.5,g=2i 1700000000000000000", "cpu f=20.1",
                "m,device=dev-1,site=plant-0 temp=20.1,hum=41,pressure=1000.5,battery=99 1700000000001000000");
        return Arbitraries.oneOf(line, good).list().ofMaxSize(5).map(lines -> String.join("\n", lines));
    }

    @Property(tries = 200)
    void sameResultsOnTheUsualLines(@ForAll("usual") String text) {
        sameResultsAsBefore(text);
    }

    @Provide
    Arbitrary<String> usual() {
        return Arbitraries.integers().between(0, 1_000_000).list().ofMinSize(1).ofMaxSize(3).map(is -> String.join(
                "\n", is.stream().map(i -> "m,device=dev-" + (i % 10) + " temp=" + (20 + (i % 100) * 0.1)
                        + ",hum=" + (40 + i % 30) + "i " + (1_700_000_000_000L + i) + "000000").toList()));
    }

    @Property(tries = 200)
    void scanFindsWhatCheckFindsOnTheUsualLines(@ForAll("usual") String text) {
        scanFindsWhatCheckFinds(text);
    }

    @net.jqwik.api.Example
    void edgesOfTheFastPaths() {
        for (String text : List.of("m f=1.", "m f=.5", "m f=-", "m f=" + "9".repeat(16), "m f=1 -", "m f=1 --1",
                "m f=1 -1", "  # x\nm f=1", "\u00a0\nm f=1", "m\\ x,t\\,=a f=1", "m f=1\r\nn f=2\r")) {
            sameResultsAsBefore(text);
            scanFindsWhatCheckFinds(text);
        }
    }
}
