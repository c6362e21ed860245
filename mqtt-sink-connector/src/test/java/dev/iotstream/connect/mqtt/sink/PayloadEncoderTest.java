package dev.iotstream.connect.mqtt.sink;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.iotstream.connect.mqtt.sink.payload.PayloadEncoder;
import dev.iotstream.connect.mqtt.sink.payload.PayloadFormat;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PayloadEncoderTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void valueAsIsTakesBytesAndStringsOnly() {
        var enc = new PayloadEncoder(PayloadFormat.VALUE, "");
        assertThat(enc.encode(FakeRecord.of("t", null, new byte[] {1, 2})).payload()).containsExactly(1, 2);
        assertThat(enc.encode(FakeRecord.of("t", null, "hé")).payload()).isEqualTo("hé".getBytes(StandardCharsets.UTF_8));
        assertThat(enc.encode(FakeRecord.of("t", null, Map.of("a", 1))).problem()).contains("payload.format=json");
    }

    @Test
    void jsonWritesStructsWithoutASchemaEnvelope() throws Exception {
        Schema s = SchemaBuilder.struct().field("device", Schema.STRING_SCHEMA).field("temp", Schema.FLOAT64_SCHEMA)
                .build();
        var enc = new PayloadEncoder(PayloadFormat.JSON, "");
        byte[] out = enc.encode(FakeRecord.of("t", null, new Struct(s).put("device", "d1").put("temp", 21.5)))
                .payload();
        assertThat(JSON.readTree(out).toString()).isEqualTo("{\"device\":\"d1\",\"temp\":21.5}");
    }

    @Test
    void fieldPublishesOneFieldOrSaysItIsMissing() {
        var enc = new PayloadEncoder(PayloadFormat.FIELD, "cmd.body");
        assertThat(new String(enc.encode(FakeRecord.of("t", null, Map.of("cmd", Map.of("body", "on")))).payload(),
                StandardCharsets.UTF_8)).isEqualTo("on");
        assertThat(new String(enc.encode(FakeRecord.of("t", null, Map.of("cmd", Map.of("body", Map.of("x", 1)))))
                .payload(), StandardCharsets.UTF_8)).isEqualTo("{\"x\":1}");
        assertThat(enc.encode(FakeRecord.of("t", null, Map.of("cmd", Map.of()))).problem()).contains("missing");
    }

    @Property
    void jsonOfAMapReadsBackAsTheSameMap(@ForAll Map<String, Integer> ints, @ForAll Map<String, String> texts)
            throws Exception {
        var enc = new PayloadEncoder(PayloadFormat.JSON, "");
        Map<String, Object> value = Map.of("ints", ints, "texts", texts);
        byte[] out = enc.encode(FakeRecord.of("t", null, value)).payload();
        assertThat(JSON.readValue(out, Map.class)).isEqualTo(value);
    }

    @Property
    void stringsGoOutAsTheirUtf8Bytes(@ForAll String s) {
        var enc = new PayloadEncoder(PayloadFormat.VALUE, "");
        assertThat(enc.encode(FakeRecord.of("t", null, s)).payload()).isEqualTo(s.getBytes(StandardCharsets.UTF_8));
    }
}
