package dev.iotstream.connect.mqtt.sparkplug;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StructFillTest {
    private static final Schema SCHEMA = SchemaBuilder.struct().field("a", Schema.STRING_SCHEMA)
            .field("b", Schema.OPTIONAL_INT64_SCHEMA).build();

    @Test
    void directFillEqualsTheValidatingPath() {
        Struct direct = StructFill.fill(new Struct(SCHEMA), new Object[]{"x", 5L});
        Struct validated = StructFill.putAll(new Struct(SCHEMA), new Object[]{"x", 5L});
        assertThat(direct).isEqualTo(validated);
        assertThat(direct.getString("a")).isEqualTo("x");
        assertThat(direct.getInt64("b")).isEqualTo(5L);
        Struct byIndex = new Struct(SCHEMA);
        Object[] slots = StructFill.valuesOf(byIndex);
        slots[0] = "x";
        slots[1] = 5L;
        assertThat(byIndex).isEqualTo(validated);
    }

    @Test
    void aWrongValueIsStillCaughtByValidateAndByTheFallback() {
        Struct wrong = StructFill.fill(new Struct(SCHEMA), new Object[]{"x", "not a long"});
        assertThatThrownBy(wrong::validate).isInstanceOf(DataException.class);
        assertThatThrownBy(() -> StructFill.putAll(new Struct(SCHEMA), new Object[]{"x", "not a long"}))
                .isInstanceOf(DataException.class);
    }
}
