package dev.iotstream.connect.mqtt.sparkplug;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import dev.iotstream.connect.mqtt.sparkplug.proto.SparkplugB.DataType;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The guard around writing into Kafka's private {@code Struct.values}: a Kafka whose Struct lacks the field gets the
 * public, validating {@code put} with the same Structs, and this Kafka has the field (else the decoder would be on
 * the slow path without anyone noticing: the benchmark numbers in the README assume the fast one).
 */
class StructFillFallbackTest {
    private static final Schema SCHEMA = SchemaBuilder.struct().field("a", Schema.STRING_SCHEMA)
            .field("b", Schema.OPTIONAL_INT64_SCHEMA).build();

    @Test
    void thisKafkasStructHasTheArrayTheFastPathWritesInto() {
        assertThat(StructFill.direct()).isTrue();
        assertThat(StructFill.valuesOf(new Struct(SCHEMA))).hasSize(2);
    }

    @Test
    void withoutTheFieldEveryValueGoesThroughPutWithTheSameResult() {
        // The lookup answers null for a Struct without the field, and DEFAULT is direct only when it found one.
        assertThat(StructFill.valuesHandle("noSuchField")).isNull();
        StructFill missing = new StructFill(false);
        assertThat(missing.isDirect()).isFalse();
        assertThat(missing.valueArray(new Struct(SCHEMA))).isNull();

        Struct viaPut = missing.fillIn(new Struct(SCHEMA), new Object[]{"x", 5L});
        Struct direct = StructFill.DEFAULT.fillIn(new Struct(SCHEMA), new Object[]{"x", 5L});
        assertThat(viaPut).isEqualTo(direct);
        assertThat(viaPut.getString("a")).isEqualTo("x");
        assertThat(viaPut.getInt64("b")).isEqualTo(5L);
        // put() validates: the fallback refuses what the schema does not allow, at once.
        assertThatThrownBy(() -> missing.fillIn(new Struct(SCHEMA), new Object[]{"x", "not a long"}))
                .isInstanceOf(DataException.class);
    }

    @Test
    void aFieldOfAnotherTypeIsNoHandle() {
        // Struct has a field "schema" (a Schema, not an Object[]): the lookup must refuse it, not misuse it.
        assertThat(StructFill.valuesHandle("schema")).isNull();
    }

    @Test
    void theDecoderWritesTheSameRecordsThroughTheFallback() throws Exception {
        for (SparkplugOutput output : SparkplugOutput.values()) {
            SparkplugDecoder direct = new SparkplugDecoder(SparkplugSettings.defaults().withOutput(output),
                    new ManualClock(1_800_000_000_000L), true, StructFill.DEFAULT);
            SparkplugDecoder viaPut = new SparkplugDecoder(SparkplugSettings.defaults().withOutput(output),
                    new ManualClock(1_800_000_000_000L), true, new StructFill(false));
            EdgeNodeSim node = new EdgeNodeSim("g", "e");
            byte[] birth = node.nbirth(EdgeNodeSim.named("t", 1, DataType.Double).setDoubleValue(21.5),
                    EdgeNodeSim.named("on", 2, DataType.Boolean).setBooleanValue(true),
                    EdgeNodeSim.named("state", 3, DataType.String).setStringValue("RUNNING"));
            byte[] data = node.next(EdgeNodeSim.byAlias(1).setDoubleValue(22.5).setTimestamp(5),
                    EdgeNodeSim.byAlias(2).setIsNull(true), EdgeNodeSim.byAlias(3).setStringValue("IDLE"));
            for (String[] message : new String[][]{{"NBIRTH"}, {"NDATA"}}) {
                byte[] payload = message[0].equals("NBIRTH") ? birth : data;
                SparkplugResult a = direct.decode(node.topic(message[0]), payload);
                SparkplugResult b = viaPut.decode(node.topic(message[0]), payload);
                assertThat(b.records()).isNotEmpty().isEqualTo(a.records());
                b.records().forEach(r -> r.value().validate());
            }
        }
    }
}
