package dev.iotstream.connect.timeseries.lineprotocol;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class LineCheckerTest {
    @Test
    void telegrafStyleLinesWithEveryValueType() {
        String text = "cpu,host=a,region=eu usage_idle=98.5,usage_user=1.2e-1,count=3i,big=18446744073709551615u,"
                + "ok=true,off=F,msg=\"hello, \\\"world\\\"\" 1700000000000000000\n"
                + "mem free=1024i\n";
        LineChecker.Result result = LineChecker.check(text);
        assertThat(result.bad()).isEmpty();
        assertThat(result.good()).hasSize(2);
        ParsedLine cpu = result.good().get(0);
        assertThat(cpu.lineNumber()).isEqualTo(1);
        assertThat(cpu.measurement()).isEqualTo("cpu");
        assertThat(cpu.tags()).containsExactly(Map.entry("host", "a"), Map.entry("region", "eu"));
        assertThat(cpu.fields()).containsEntry("count", "3i").containsEntry("msg", "\"hello, \\\"world\\\"\"");
        assertThat(cpu.timestamp()).isEqualTo(1_700_000_000_000_000_000L);
        assertThat(cpu.text().substring(0, cpu.tagsEnd())).isEqualTo("cpu,host=a,region=eu");
        assertThat(result.good().get(1).timestamp()).isNull();
        assertThat(result.good().get(1).lineNumber()).isEqualTo(2);
    }

    @Test
    void escapesInNamesAndValues() {
        LineChecker.Result result = LineChecker.check("my\\ meas\\,x,tag\\ key=a\\=b\\,c field\\=k=1 5");
        assertThat(result.bad()).isEmpty();
        ParsedLine line = result.good().get(0);
        assertThat(line.measurement()).isEqualTo("my meas,x");
        assertThat(line.tags()).containsExactlyEntriesOf(Map.of("tag key", "a=b,c"));
        assertThat(line.fields()).containsOnlyKeys("field=k");
    }

    @Test
    void blankAndCommentLinesAreSkippedButCountedAndCrLfIsAccepted() {
        LineChecker.Result result = LineChecker.check("# a comment\r\n\r\n   \nm v=1 1\r\nm v=2 2");
        assertThat(result.bad()).isEmpty();
        assertThat(result.good()).extracting(ParsedLine::lineNumber).containsExactly(4, 5);
        assertThat(result.good()).extracting(ParsedLine::text).containsExactly("m v=1 1", "m v=2 2");
    }

    @Test
    void aNewlineInsideAQuotedStringBelongsToTheValue() {
        LineChecker.Result result = LineChecker.check("m s=\"two\nlines\" 1\nm v=2 2\nbad");
        assertThat(result.good()).extracting(ParsedLine::lineNumber).containsExactly(1, 3);
        assertThat(result.bad()).singleElement().satisfies(b -> assertThat(b.lineNumber()).isEqualTo(4));
    }

    @Test
    void badLinesAreReportedWithTheirNumberAndReasonAndTheOthersKept() {
        String text = String.join("\n",
                "m v=1 1",
                "m",
                "m,t v=1",
                "m v= 1",
                "m v=1.2.3",
                "m v=1 12abc",
                "m v=\"open",
                "m v=2 2");
        LineChecker.Result result = LineChecker.check(text);
        // after an unterminated string, checking resumes at the next line
        assertThat(result.good()).extracting(ParsedLine::lineNumber).containsExactly(1, 8);
        assertThat(result.bad()).extracting(BadLine::lineNumber).containsExactly(2, 3, 4, 5, 6, 7);
        assertThat(result.bad().get(0).reason()).contains("missing fields");
        assertThat(result.bad().get(1).reason()).contains("tag 't' has no '='");
        assertThat(result.bad().get(2).reason()).contains("field 'v' has an invalid value ''");
        assertThat(result.bad().get(3).reason()).contains("'1.2.3'");
        assertThat(result.bad().get(4).reason()).contains("invalid timestamp '12abc'");
        assertThat(result.bad().get(5).reason()).contains("unterminated string");
        assertThat(result.bad().get(1).text()).isEqualTo("m,t v=1");
    }

    @Test
    void valuesStoresRefuseAreRefusedHere() {
        for (String bad : new String[]{"m v=NaN 1", "m v=Inf 1", "m v=1x 1", "m v=-1u 1", "m v=yes 1",
                "m v=9223372036854775808i 1", "m v=1 99999999999999999999", " m v=1 1", ",t=1 v=1 1", "m =1 1",
                "m v=1 1 2", "m,t= v=1 1", "m,=x v=1 1"}) {
            assertThat(LineChecker.check(bad).bad()).as(bad).hasSize(1);
            assertThat(LineChecker.check(bad).good()).as(bad).isEmpty();
        }
    }
}
