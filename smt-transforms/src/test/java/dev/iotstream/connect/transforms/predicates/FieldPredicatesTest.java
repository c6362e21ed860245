package dev.iotstream.connect.transforms.predicates;

import dev.iotstream.connect.common.MqttHeaders;
import dev.iotstream.connect.common.ProjectVersion;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FieldPredicatesTest {
    private static final String WHERE = " (MQTT topic 'sensors/a/d1/env', Kafka topic 'raw')";
    private static final Schema ENV = SchemaBuilder.struct().optional().field("temp", Schema.OPTIONAL_FLOAT64_SCHEMA).build();
    private static final Schema SCHEMA = SchemaBuilder.struct().field("env", ENV)
            .field("state", Schema.OPTIONAL_STRING_SCHEMA).build();

    private static SourceRecord record(Object value) {
        ConnectHeaders headers = new ConnectHeaders();
        headers.addString(MqttHeaders.TOPIC, "sensors/a/d1/env");
        Schema schema = value instanceof Struct struct ? struct.schema() : null;
        return new SourceRecord(Map.of(), Map.of(), "raw", null, null, null, schema, value, 1L, headers);
    }

    private static SourceRecord temp(Object temp) {
        Map<String, Object> env = new HashMap<>();
        env.put("temp", temp);
        return record(Map.of("env", env));
    }

    private static SourceRecord structTemp(Double temp) {
        return record(new Struct(SCHEMA).put("env", new Struct(ENV).put("temp", temp)).put("state", "ALARM 3"));
    }

    private static FieldInRange<SourceRecord> range(Map<String, String> props) {
        FieldInRange<SourceRecord> predicate = new FieldInRange<>();
        Map<String, String> all = new HashMap<>(Map.of("field", "env.temp"));
        all.putAll(props);
        predicate.configure(all);
        return predicate;
    }

    @Test
    void inRangeOnNestedMapAndStructFields() {
        FieldInRange<SourceRecord> predicate = range(Map.of("min", "-40", "max", "85"));
        assertThat(predicate.test(temp(21.5))).isTrue();
        assertThat(predicate.test(temp(85))).isTrue();
        assertThat(predicate.test(temp(-40L))).isTrue();
        assertThat(predicate.test(temp(85.01))).isFalse();
        assertThat(predicate.test(temp(-41))).isFalse();
        assertThat(predicate.test(temp(Double.NaN))).isFalse();
        assertThat(predicate.test(temp("30.5"))).isTrue();
        assertThat(predicate.test(structTemp(21.5))).isTrue();
        assertThat(predicate.test(structTemp(150.0))).isFalse();
        FieldInRange<SourceRecord> exclusive = range(Map.of("max", "85", "max.inclusive", "false"));
        assertThat(exclusive.test(temp(85))).isFalse();
        assertThat(exclusive.test(temp(-1e9))).isTrue();
        FieldInRange<SourceRecord> lowerOnly = range(Map.of("min", "0", "min.inclusive", "false"));
        assertThat(lowerOnly.test(temp(0))).isFalse();
        assertThat(lowerOnly.test(temp(1e9))).isTrue();
        Map<String, Object> flattened = Map.of("env.temp", 20.0);
        assertThat(predicate.test(record(flattened))).isTrue();
    }

    @Test
    void missingNullAndTombstoneFollowOnMissing() {
        FieldInRange<SourceRecord> strict = range(Map.of("max", "85"));
        assertThatThrownBy(() -> strict.test(record(Map.of("x", 1)))).isInstanceOf(DataException.class)
                .hasMessage("FieldInRange: field 'env.temp' is missing in the record value (set on.missing=false or "
                        + "true to accept that)" + WHERE);
        assertThatThrownBy(() -> strict.test(temp(null)))
                .hasMessage("FieldInRange: field 'env.temp' is null in the record value (set on.missing=false or "
                        + "true to accept that)" + WHERE);
        assertThatThrownBy(() -> strict.test(record(null)))
                .hasMessageStartingWith("FieldInRange: field 'env.temp' is missing in the record value");
        assertThat(range(Map.of("max", "85", "on.missing", "false")).test(record(null))).isFalse();
        assertThat(range(Map.of("max", "85", "on.missing", "true")).test(temp(null))).isTrue();
        assertThat(range(Map.of("max", "85", "on.missing", "true")).test(structTemp(null))).isTrue();
        FieldInRange<SinkRecord> sink = new FieldInRange<>();
        sink.configure(Map.of("field", "t", "max", "1"));
        assertThatThrownBy(() -> sink.test(new SinkRecord("telemetry", 3, null, null, null, null, 42L)))
                .hasMessage("FieldInRange: field 't' is missing in the record value (set on.missing=false or true to "
                        + "accept that) (topic 'telemetry', partition 3, offset 42)");
    }

    @Test
    void wrongTypesFail() {
        FieldInRange<SourceRecord> predicate = range(Map.of("max", "85"));
        assertThatThrownBy(() -> predicate.test(temp("hot"))).isInstanceOf(DataException.class)
                .hasMessage("FieldInRange: field 'env.temp' must be a number, found string 'hot'" + WHERE);
        assertThatThrownBy(() -> predicate.test(temp(true)))
                .hasMessage("FieldInRange: field 'env.temp' must be a number, found java.lang.Boolean" + WHERE);
        assertThatThrownBy(() -> predicate.test(record(Map.of("env", List.of(1)))))
                .hasMessageStartingWith("FieldInRange: field 'env.temp' is missing");
    }

    @Test
    void keyTarget() {
        FieldInRange<SourceRecord> predicate = new FieldInRange<>();
        predicate.configure(Map.of("field", "slot", "target", "key", "min", "0", "max", "3"));
        SourceRecord record = new SourceRecord(Map.of(), Map.of(), "raw", null, null, Map.of("slot", 2), null, "v", 1L);
        assertThat(predicate.test(record)).isTrue();
    }

    @Test
    void rangeConfigErrors() {
        assertThatThrownBy(() -> range(Map.of())).isInstanceOf(ConfigException.class)
                .hasMessage("Invalid value null for configuration min: set min, max or both");
        assertThatThrownBy(() -> range(Map.of("min", "10", "max", "5"))).isInstanceOf(ConfigException.class)
                .hasMessage("Invalid value 5.0 for configuration max: must not be below min 10.0");
        assertThatThrownBy(() -> range(Map.of("max", "hot"))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("Invalid value hot for configuration max");
        assertThatThrownBy(() -> range(Map.of("max", "1", "on.missing", "ignore"))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("on.missing");
        assertThatThrownBy(() -> range(Map.of("max", "1", "target", "header"))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("target");
    }

    @Test
    void matches() {
        FieldMatches<SourceRecord> full = new FieldMatches<>();
        full.configure(Map.of("field", "state", "pattern", "ALARM.*"));
        assertThat(full.test(structTemp(1.0))).isTrue();
        assertThat(full.test(record(Map.of("state", "OK")))).isFalse();
        FieldMatches<SourceRecord> partial = new FieldMatches<>();
        partial.configure(Map.of("field", "state", "pattern", "\\d", "match", "partial", "on.missing", "false"));
        assertThat(partial.test(structTemp(1.0))).isTrue();
        assertThat(partial.test(record(Map.of("state", 42)))).isTrue();
        assertThat(partial.test(record(Map.of("x", 1)))).isFalse();
        assertThatThrownBy(() -> partial.test(record(Map.of("state", Map.of())))).isInstanceOf(DataException.class)
                .hasMessage("FieldMatches: field 'state' must be a string, number or boolean, found "
                        + "java.util.ImmutableCollections$MapN" + WHERE);
        assertThatThrownBy(() -> full.test(record(Map.of("x", 1))))
                .hasMessage("FieldMatches: field 'state' is missing in the record value (set on.missing=false or true "
                        + "to accept that)" + WHERE);
        assertThatThrownBy(() -> new FieldMatches<SourceRecord>().configure(Map.of("field", "s", "pattern", "(")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Invalid value ( for configuration pattern: not a valid regular expression: Unclosed group");
    }

    @Test
    void present() {
        FieldPresent<SourceRecord> present = new FieldPresent<>();
        present.configure(Map.of("field", "env.temp"));
        assertThat(present.test(temp(1.0))).isTrue();
        assertThat(present.test(temp(null))).isFalse();
        assertThat(present.test(record(Map.of("x", 1)))).isFalse();
        assertThat(present.test(record(null))).isFalse();
        assertThat(present.test(structTemp(2.0))).isTrue();
        assertThat(present.test(structTemp(null))).isFalse();
        FieldPresent<SourceRecord> allowNull = new FieldPresent<>();
        allowNull.configure(Map.of("field", "env.temp", "allow.null", "true"));
        assertThat(allowNull.test(temp(null))).isTrue();
        assertThat(allowNull.test(structTemp(null))).isTrue();
        assertThat(allowNull.test(record(Map.of("x", 1)))).isFalse();
        assertThatThrownBy(() -> new FieldPresent<SourceRecord>().configure(Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("Missing required configuration \"field\"");
    }

    @Test
    void versions() {
        assertThat(new FieldInRange<>().version()).isEqualTo(ProjectVersion.get());
        assertThat(new FieldMatches<>().version()).isEqualTo(ProjectVersion.get());
        assertThat(new FieldPresent<>().version()).isEqualTo(ProjectVersion.get());
    }
}
