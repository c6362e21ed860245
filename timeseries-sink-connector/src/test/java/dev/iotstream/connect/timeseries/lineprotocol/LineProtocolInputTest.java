package dev.iotstream.connect.timeseries.lineprotocol;

import dev.iotstream.connect.timeseries.mapping.MappingException;
import dev.iotstream.connect.timeseries.mapping.MetadataSettings;
import dev.iotstream.connect.timeseries.mapping.TimeUnitMode;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LineProtocolInputTest {
    private static final long TS = 1_700_000_000_123L;

    private static SinkRecord record(Object value, Long timestamp) {
        return new SinkRecord("telegraf", 3, null, null, null, value, 9, timestamp,
                timestamp == null ? TimestampType.NO_TIMESTAMP_TYPE : TimestampType.CREATE_TIME);
    }

    @Test
    void goodLinesPassUnchangedAndALineWithoutTimeGetsTheRecordsInTheWritePrecision() {
        LineProtocolInput input = new LineProtocolInput(MetadataSettings.NONE, TimeUnitMode.MS);
        LineProtocolInput.Mapped mapped = input.map(record("cpu,host=a usage=1.5 1700000000000\nmem free=3i\n", TS));
        assertThat(mapped.lines()).isEqualTo("cpu,host=a usage=1.5 1700000000000\nmem free=3i 1700000000123");
        assertThat(mapped.points()).isEqualTo(2);
        assertThat(mapped.problem()).isNull();
        LineProtocolInput ns = new LineProtocolInput(MetadataSettings.NONE, TimeUnitMode.NS);
        assertThat(ns.map(record("mem free=3i".getBytes(StandardCharsets.UTF_8), TS)).lines())
                .isEqualTo("mem free=3i 1700000000123000000");
    }

    @Test
    void staticAndKafkaTagsAreAddedWhereTheLineLacksThem() {
        Map<String, String> statics = new LinkedHashMap<>();
        statics.put("region", "eu west");
        statics.put("host", "ignored");
        LineProtocolInput input = new LineProtocolInput(new MetadataSettings(statics, "topic", "partition", ""),
                TimeUnitMode.NS);
        LineProtocolInput.Mapped mapped = input.map(record("cpu,host=a usage=1 5\nmem free=3i 6", TS));
        assertThat(mapped.lines()).isEqualTo(
                "cpu,host=a,partition=3,region=eu\\ west,topic=telegraf usage=1 5\n"
                        + "mem,host=ignored,partition=3,region=eu\\ west,topic=telegraf free=3i 6");
    }

    @Test
    void badLinesAreNamedByNumberAndTheGoodOnesKept() {
        LineProtocolInput input = new LineProtocolInput(MetadataSettings.NONE, TimeUnitMode.NS);
        LineProtocolInput.Mapped mapped = input.map(record("a v=1 1\nb v=oops 2\nc v=3 3\nd\n", TS));
        assertThat(mapped.lines()).isEqualTo("a v=1 1\nc v=3 3");
        assertThat(mapped.points()).isEqualTo(2);
        assertThat(mapped.problem()).startsWith("2 of 4 line(s) not written: line 2: field 'v' has an invalid "
                + "value 'oops'").contains("line 4: missing fields").contains("in 'd'");
    }

    @Test
    void onlyBadLinesMeansNothingToWrite() {
        LineProtocolInput input = new LineProtocolInput(MetadataSettings.NONE, TimeUnitMode.NS);
        LineProtocolInput.Mapped mapped = input.map(record("garbage", TS));
        assertThat(mapped.lines()).isNull();
        assertThat(mapped.points()).isZero();
        assertThat(mapped.problem()).contains("line 1");
    }

    @Test
    void aLineWithoutTimeInARecordWithoutTimestampIsBadNeverTheStoresClock() {
        LineProtocolInput input = new LineProtocolInput(MetadataSettings.NONE, TimeUnitMode.NS);
        LineProtocolInput.Mapped mapped = input.map(record("a v=1 1\nb v=2", null));
        assertThat(mapped.lines()).isEqualTo("a v=1 1");
        assertThat(mapped.problem()).contains("line 2: no timestamp");
    }

    @Test
    void valuesThatAreNoTextAreDataErrors() {
        LineProtocolInput input = new LineProtocolInput(MetadataSettings.NONE, TimeUnitMode.NS);
        assertThatThrownBy(() -> input.map(record(Map.of("a", 1), TS))).isInstanceOf(MappingException.class)
                .hasMessageContaining("string or bytes");
        assertThatThrownBy(() -> input.map(record(null, TS))).isInstanceOf(MappingException.class);
        assertThatThrownBy(() -> input.map(record(new byte[]{(byte) 0xff, 'a'}, TS)))
                .isInstanceOf(MappingException.class).hasMessageContaining("UTF-8");
        assertThatThrownBy(() -> input.map(record("# only a comment\n\n", TS)))
                .isInstanceOf(MappingException.class).hasMessageContaining("no line");
    }
}
