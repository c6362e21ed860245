package dev.iotstream.connect.transforms;

import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class ConvertUnitsTest {
    private static ConvertUnits<SourceRecord> value(Map<String, String> props) {
        ConvertUnits<SourceRecord> transform = new ConvertUnits.Value<>();
        transform.configure(props);
        return transform;
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "degF|degC|212|100", "°F|°C|32|0", "degC|K|0|273.15", "degC|degF|-40|-40",
            "psi|hPa|14.503773773|1000.0", "bar|kPa|1.013|101.3", "atm|Pa|1|101325", "inHg|hPa|29.92|1013.2075888",
            "ft|m|1000|304.8", "mi|km|1|1.609344", "in|cm|1|2.54",
            "mph|km/h|60|96.56064", "kn|m/s|10|5.144444", "m/s|km/h|10|36",
            "kWh|MJ|1|3.6", "kcal|kJ|1|4.184", "BTU|J|1|1055.05585262",
            "hp|kW|1|0.745699872", "mW|W|1500|1.5",
            "%|1|55|0.55", "1|%|0.25|25", "ppm|%|10000|1", "lb|kg|1|0.45359237", "gal|L|1|3.785411784",
            "mA|A|20|0.02", "min|s|1.5|90", "kHz|Hz|2.4|2400",
    })
    void convertsThroughIndriya(String from, String to, double input, double expected) {
        SourceRecord out = value(Map.of("conversions", "x:" + from + "->" + to))
                .apply(TestRecords.source(null, Map.of("x", input)));
        assertThat((double) ParseJsonTest.map(out).get("x")).isCloseTo(expected, within(1e-6 * Math.max(1, Math.abs(expected))));
    }

    @Test
    void schemalessWithNestedFieldsUnitFieldAndHeader() {
        Map<String, Object> env = new HashMap<>(Map.of("temp", 212L, "p", 14.503773773));
        Map<String, Object> value = new HashMap<>(Map.of("env", env, "id", "d1"));
        SourceRecord in = TestRecords.source(null, value);
        SourceRecord out = value(Map.of("conversions", "env.temp:degF->degC,env.p:psi->hPa",
                "unit.field.suffix", "_unit", "unit.header.prefix", "unit.")).apply(in);
        @SuppressWarnings("unchecked")
        Map<String, Object> outEnv = (Map<String, Object>) ParseJsonTest.map(out).get("env");
        assertThat((double) outEnv.get("temp")).isCloseTo(100.0, within(1e-9));
        assertThat((double) outEnv.get("p")).isCloseTo(1000.0, within(1e-6));
        assertThat(outEnv).containsEntry("temp_unit", "degC").containsEntry("p_unit", "hPa");
        assertThat(out.headers().lastWithName("unit.env.temp").value()).isEqualTo("degC");
        assertThat(in.headers().lastWithName("unit.env.temp")).isNull();
        assertThat(env).containsEntry("temp", 212L).doesNotContainKey("temp_unit");
    }

    @Test
    void structFieldsBecomeOptionalDoubles() {
        Schema schema = SchemaBuilder.struct().field("temp", Schema.INT32_SCHEMA).field("id", Schema.STRING_SCHEMA).build();
        ConvertUnits<SourceRecord> transform = value(Map.of("conversions", "temp:degF->degC,missing:ft->m",
                "unit.field.suffix", "_unit"));
        SourceRecord out = transform.apply(TestRecords.source(schema, new Struct(schema).put("temp", 212).put("id", "d1")));
        Struct struct = (Struct) out.value();
        assertThat(struct.getFloat64("temp")).isCloseTo(100.0, within(1e-9));
        assertThat(struct.getString("temp_unit")).isEqualTo("degC");
        assertThat(struct.getString("id")).isEqualTo("d1");
        assertThat(out.valueSchema().field("temp").schema()).isEqualTo(Schema.OPTIONAL_FLOAT64_SCHEMA);
        assertThat(out.valueSchema().field("missing")).isNull();
        SourceRecord again = transform.apply(TestRecords.source(schema, new Struct(schema).put("temp", 32).put("id", "d2")));
        assertThat(again.valueSchema()).isSameAs(out.valueSchema());
        assertThat(((Struct) again.value()).getFloat64("temp")).isCloseTo(0.0, within(1e-9));
    }

    @Test
    void keyVariant() {
        ConvertUnits<SourceRecord> transform = new ConvertUnits.Key<>();
        transform.configure(Map.of("conversions", "len:ft->m"));
        SourceRecord out = transform.apply(TestRecords.sourceKey(null, Map.of("len", 10.0)));
        assertThat((double) ((Map<?, ?>) out.key()).get("len")).isCloseTo(3.048, within(1e-9));
    }

    @Test
    void missingNullAndTombstonesPassUnchanged() {
        ConvertUnits<SourceRecord> transform = value(Map.of("conversions", "temp:degF->degC"));
        SourceRecord missing = TestRecords.source(null, Map.of("v", 1));
        assertThat(transform.apply(missing)).isSameAs(missing);
        Map<String, Object> nullTemp = new HashMap<>();
        nullTemp.put("temp", null);
        SourceRecord nullField = TestRecords.source(null, nullTemp);
        assertThat(transform.apply(nullField)).isSameAs(nullField);
        SourceRecord nullValue = TestRecords.source(null, null);
        assertThat(transform.apply(nullValue)).isSameAs(nullValue);
        ConvertUnits<SinkRecord> sink = new ConvertUnits.Value<>();
        sink.configure(Map.of("conversions", "temp:degF->degC"));
        SinkRecord tombstone = new SinkRecord("t", 0, Schema.STRING_SCHEMA, "k", null, null, 1L);
        assertThat(sink.apply(tombstone)).isSameAs(tombstone);
    }

    @Test
    void nonNumericFieldFails() {
        ConvertUnits<SinkRecord> sink = new ConvertUnits.Value<>();
        sink.configure(Map.of("conversions", "temp:degF->degC"));
        assertThatThrownBy(() -> sink.apply(TestRecords.sink(null, Map.of("temp", "hot"))))
                .isInstanceOf(DataException.class)
                .hasMessage("ConvertUnits: field 'temp' must be a number to convert degF->degC, found java.lang.String "
                        + "'hot' (CoerceTypes before ConvertUnits turns numeric strings into numbers) (topic 'telemetry', "
                        + "partition 3, offset 42)");
        assertThatThrownBy(() -> sink.apply(TestRecords.sink(Schema.BYTES_SCHEMA, new byte[0])))
                .hasMessage("ConvertUnits: record value must be a Map (schemaless) or a Struct, found [B; parse it "
                        + "first with ParseJson (topic 'telemetry', partition 3, offset 42)");
    }

    @Test
    void invalidConfigIsRejected() {
        assertThatThrownBy(() -> value(Map.of("conversions", "temp:degC->m"))).isInstanceOf(ConfigException.class)
                .hasMessage("Invalid value [temp:degC->m] for configuration conversions: entry 'temp:degC->m': cannot "
                        + "convert 'degC' ([Θ]) to 'm' ([L])");
        assertThatThrownBy(() -> value(Map.of("conversions", "temp:degC->furlong"))).isInstanceOf(ConfigException.class)
                .hasMessage("Invalid value [temp:degC->furlong] for configuration conversions: entry "
                        + "'temp:degC->furlong': unknown unit 'furlong'");
        assertThatThrownBy(() -> value(Map.of("conversions", "temp=degC"))).isInstanceOf(ConfigException.class)
                .hasMessage("Invalid value [temp=degC] for configuration conversions: entry 'temp=degC': expected "
                        + "field:from->to");
        assertThatThrownBy(() -> value(Map.of("conversions", "t:degC->K,t:degF->K"))).isInstanceOf(ConfigException.class)
                .hasMessage("Invalid value [t:degC->K, t:degF->K] for configuration conversions: entry 't:degF->K': "
                        + "field 't' is converted twice");
        assertThatThrownBy(() -> value(Map.of("conversions", ""))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("conversions");
    }
}
