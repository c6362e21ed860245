package dev.iotstream.connect.transforms;

import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Date;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NormalizeTimestampTest {
    /** 2023-11-14T22:13:20.123Z */
    private static final long MS = 1_700_000_000_123L;
    private static final String WHERE = " (MQTT topic 'sensors/plant1/dev7/temp', Kafka topic 'raw')";

    private static NormalizeTimestamp<SourceRecord> value(Map<String, String> props) {
        NormalizeTimestamp<SourceRecord> transform = new NormalizeTimestamp.Value<>();
        Map<String, String> all = new HashMap<>(Map.of("field", "ts"));
        all.putAll(props);
        transform.configure(all);
        return transform;
    }

    private static Object normalized(Map<String, String> props, Object ts) {
        Map<String, Object> value = new HashMap<>();
        value.put("ts", ts);
        value.put("v", 1.0);
        return ParseJsonTest.map(value(props).apply(TestRecords.source(null, value))).get("ts");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "2023-11-14T22:13:20.123Z|" + MS,
            "2023-11-14T23:13:20.123+01:00|" + MS,
            "2023-11-14T23:13:20.123+01:00[Europe/Berlin]|" + MS,
            "2023-11-14T22:13:20.123|" + MS,
            "Tue, 14 Nov 2023 22:13:20 GMT|1700000000000",
            "Tue, 14 Nov 2023 23:13:20 +0100|1700000000000",
            "1700000000|1700000000000",
            "1700000000.123|" + MS,
            "1700000000123|" + MS,
            "1700000000123456|" + MS,
            "1700000000123456789|" + MS,
    })
    void stringFormatsInUtc(String input, long expected) {
        assertThat(normalized(Map.of(), input)).isEqualTo(expected);
    }

    @Test
    void numbersWithUnitDetectedFromMagnitude() {
        assertThat(normalized(Map.of(), 1_700_000_000L)).isEqualTo(1_700_000_000_000L);
        assertThat(normalized(Map.of(), 1_700_000_000)).isEqualTo(1_700_000_000_000L);
        assertThat(normalized(Map.of(), 1_700_000_000.123)).isEqualTo(MS);
        assertThat(normalized(Map.of(), (double) MS)).isEqualTo(MS);
        assertThat(normalized(Map.of(), MS)).isEqualTo(MS);
        assertThat(normalized(Map.of(), MS * 1000)).isEqualTo(MS);
        assertThat(normalized(Map.of(), MS * 1_000_000)).isEqualTo(MS);
        assertThat(normalized(Map.of(), new java.math.BigDecimal("1700000000.123"))).isEqualTo(MS);
        assertThat(normalized(Map.of(), new Date(MS))).isEqualTo(MS);
    }

    @Test
    void configuredUnitOverridesDetection() {
        assertThat(normalized(Map.of("epoch.unit", "milliseconds"), 5000L)).isEqualTo(5000L);
        assertThat(normalized(Map.of("epoch.unit", "seconds"), MS / 1000)).isEqualTo(MS / 1000 * 1000);
        assertThat(normalized(Map.of("epoch.unit", "nanoseconds"), 5_000_000L)).isEqualTo(5L);
        assertThat(normalized(Map.of("epoch.unit", "microseconds"), "5000")).isEqualTo(5L);
    }

    @Test
    void localTimesUseTheZoneAndCustomPatterns() {
        assertThat(normalized(Map.of("zone", "Europe/Berlin"), "2023-11-14T23:13:20.123")).isEqualTo(MS);
        assertThat(normalized(Map.of("zone", "Europe/Berlin", "patterns", "dd.MM.yyyy HH:mm:ss,yyyy/MM/dd"),
                "14.11.2023 23:13:20")).isEqualTo(1_700_000_000_000L);
        assertThat(normalized(Map.of("patterns", "dd.MM.yyyy HH:mm:ss,yyyy/MM/dd"), "2023/11/14"))
                .isEqualTo(1_699_920_000_000L);
        assertThat(normalized(Map.of("patterns", "yyyyMMddHHmmssXX"), "20231114231320+0100"))
                .isEqualTo(1_700_000_000_000L);
    }

    @Test
    void outputTypesAndRecordTimestamp() {
        // schemaless: epoch ms (no converter can write a Date in a map); Structs get a Timestamp, see below
        assertThat(normalized(Map.of("output.type", "timestamp"), "2023-11-14T22:13:20.123Z")).isEqualTo(MS);
        assertThat(normalized(Map.of("output.type", "iso"), MS)).isEqualTo("2023-11-14T22:13:20.123Z");
        assertThat(normalized(Map.of("output.type", "iso", "zone", "+02:00"), MS)).isEqualTo("2023-11-15T00:13:20.123+02:00");
        SourceRecord out = value(Map.of("set.record.timestamp", "true"))
                .apply(TestRecords.source(null, Map.of("ts", "2023-11-14T22:13:20.123Z")));
        assertThat(out.timestamp()).isEqualTo(MS);
        SourceRecord kept = value(Map.of()).apply(TestRecords.source(null, Map.of("ts", "2023-11-14T22:13:20.123Z")));
        assertThat(kept.timestamp()).isEqualTo(TestRecords.TIMESTAMP);
    }

    @Test
    void structFieldChangesTypeWithCachedSchema() {
        Schema schema = SchemaBuilder.struct().field("ts", Schema.STRING_SCHEMA).field("v", Schema.FLOAT64_SCHEMA).build();
        NormalizeTimestamp<SourceRecord> transform = value(Map.of("output.type", "timestamp"));
        SourceRecord out = transform.apply(TestRecords.source(schema,
                new Struct(schema).put("ts", "2023-11-14T22:13:20.123Z").put("v", 1.0)));
        Struct struct = (Struct) out.value();
        assertThat(struct.get("ts")).isEqualTo(new Date(MS));
        assertThat(out.valueSchema().field("ts").schema().name()).isEqualTo(Timestamp.LOGICAL_NAME);
        assertThat(struct.getFloat64("v")).isEqualTo(1.0);
        SourceRecord again = transform.apply(TestRecords.source(schema,
                new Struct(schema).put("ts", "1700000000").put("v", 2.0)));
        assertThat(again.valueSchema()).isSameAs(out.valueSchema());
    }

    @Test
    void nestedFieldInMap() {
        NormalizeTimestamp<SourceRecord> transform = value(Map.of("field", "meta.time"));
        Map<String, Object> meta = new HashMap<>(Map.of("time", "1700000000", "x", 1));
        SourceRecord out = transform.apply(TestRecords.source(null, Map.of("meta", meta)));
        assertThat(ParseJsonTest.map(out).get("meta")).isEqualTo(Map.of("time", 1_700_000_000_000L, "x", 1));
        assertThat(meta).containsEntry("time", "1700000000");
    }

    @Test
    void keyVariant() {
        NormalizeTimestamp<SourceRecord> transform = new NormalizeTimestamp.Key<>();
        transform.configure(Map.of("field", "ts"));
        SourceRecord out = transform.apply(TestRecords.sourceKey(null, Map.of("ts", "1700000000")));
        assertThat((Map<?, ?>) out.key()).isEqualTo(Map.of("ts", 1_700_000_000_000L));
    }

    @Test
    void missingNullTombstonePassUnchanged() {
        NormalizeTimestamp<SourceRecord> transform = value(Map.of());
        SourceRecord missing = TestRecords.source(null, Map.of("v", 1));
        assertThat(transform.apply(missing)).isSameAs(missing);
        Map<String, Object> nullTs = new HashMap<>();
        nullTs.put("ts", null);
        SourceRecord nullField = TestRecords.source(null, nullTs);
        assertThat(transform.apply(nullField)).isSameAs(nullField);
        SourceRecord nullValue = TestRecords.source(null, null);
        assertThat(transform.apply(nullValue)).isSameAs(nullValue);
        NormalizeTimestamp<SinkRecord> sink = new NormalizeTimestamp.Value<>();
        sink.configure(Map.of("field", "ts"));
        SinkRecord tombstone = new SinkRecord("t", 0, Schema.STRING_SCHEMA, "k", null, null, 1L);
        assertThat(sink.apply(tombstone)).isSameAs(tombstone);
    }

    @Test
    void unreadableValuesFailNamingFieldAndValueOrPassThrough() {
        assertThatThrownBy(() -> normalized(Map.of(), "yesterday")).isInstanceOf(DataException.class)
                .hasMessage("NormalizeTimestamp: cannot read field 'ts' value 'yesterday' (java.lang.String) as a time "
                        + "in any of the configured formats" + WHERE);
        assertThatThrownBy(() -> normalized(Map.of(), true)).isInstanceOf(DataException.class)
                .hasMessage("NormalizeTimestamp: cannot read field 'ts' value true (java.lang.Boolean) as a time "
                        + "in any of the configured formats" + WHERE);
        assertThatThrownBy(() -> normalized(Map.of("formats", "iso8601"), 1_700_000_000L))
                .hasMessageStartingWith("NormalizeTimestamp: cannot read field 'ts' value 1700000000 (java.lang.Long)");
        assertThatThrownBy(() -> normalized(Map.of(), Double.NaN))
                .hasMessageStartingWith("NormalizeTimestamp: cannot read field 'ts' value NaN (java.lang.Double)");
        assertThat(normalized(Map.of("on.error", "passthrough"), "yesterday")).isEqualTo("yesterday");
    }

    @Test
    void wrongRecordTypeIsRejected() {
        assertThatThrownBy(() -> value(Map.of()).apply(TestRecords.source(Schema.STRING_SCHEMA, "x")))
                .isInstanceOf(DataException.class)
                .hasMessage("NormalizeTimestamp: record value must be a Map (schemaless) or a Struct, found "
                        + "java.lang.String; parse it first with ParseJson" + WHERE);
    }

    @Test
    void invalidConfigIsRejected() {
        assertThatThrownBy(() -> new NormalizeTimestamp.Value<SourceRecord>().configure(Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("Missing required configuration \"field\" which has no default value.");
        assertThatThrownBy(() -> value(Map.of("zone", "Mars/Base"))).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("Invalid value Mars/Base for configuration zone: not a time zone id:");
        assertThatThrownBy(() -> value(Map.of("patterns", "yyyy-MM-dd {x}"))).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("Invalid value [yyyy-MM-dd {x}] for configuration patterns: entry "
                        + "'yyyy-MM-dd {x}': not a DateTimeFormatter pattern:");
        assertThatThrownBy(() -> value(Map.of("formats", "epoch,unix"))).isInstanceOf(ConfigException.class)
                .hasMessage("Invalid value [epoch, unix] for configuration formats: entry 'unix': not one of epoch, "
                        + "iso8601, rfc1123");
        assertThatThrownBy(() -> value(Map.of("epoch.unit", "days"))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("epoch.unit");
        assertThatThrownBy(() -> value(Map.of("field", "a..b"))).isInstanceOf(ConfigException.class)
                .hasMessage("Invalid value a..b for configuration field: field path 'a..b' has an empty segment");
    }
}
