package dev.iotstream.connect.mqtt.payload;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PayloadDecodersTest {
    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static final byte[] NOT_UTF8 = {(byte) 0xC3, (byte) 0x28};

    @Test
    void bytesPassThrough() throws Exception {
        byte[] raw = {1, 2, (byte) 0xff};
        List<PayloadDecoder.Decoded> out = PayloadDecoder.of(PayloadFormat.BYTES, false).decode(raw);
        assertThat(out).singleElement().satisfies(d -> {
            assertThat(d.schema()).isEqualTo(Schema.OPTIONAL_BYTES_SCHEMA);
            assertThat(d.value()).isSameAs(raw);
        });
    }

    @Test
    void stringIsStrictUtf8() throws Exception {
        assertThat(PayloadDecoder.of(PayloadFormat.STRING, false).decode(utf8("grüße")).get(0).value())
                .isEqualTo("grüße");
        assertThatThrownBy(() -> PayloadDecoder.of(PayloadFormat.STRING, false).decode(NOT_UTF8))
                .isInstanceOf(PayloadDecodeException.class).hasMessageContaining("UTF-8");
    }

    @Test
    void jsonToSchemalessMap() throws Exception {
        Object v = PayloadDecoder.of(PayloadFormat.JSON, false)
                .decode(utf8("{\"t\":21.5,\"n\":3,\"ok\":true,\"tags\":[\"a\"],\"x\":null}")).get(0).value();
        assertThat(v).isInstanceOf(Map.class);
        @SuppressWarnings("unchecked") Map<String, Object> m = (Map<String, Object>) v;
        assertThat(m).containsEntry("t", 21.5).containsEntry("n", 3L).containsEntry("ok", true)
                .containsEntry("tags", List.of("a")).containsEntry("x", null);
    }

    @Test
    void jsonToStruct() throws Exception {
        PayloadDecoder.Decoded d = PayloadDecoder.of(PayloadFormat.JSON, true)
                .decode(utf8("{\"t\":21.5,\"n\":3,\"loc\":{\"lat\":1.5},\"vals\":[1,2]}")).get(0);
        Struct s = (Struct) d.value();
        assertThat(s.getFloat64("t")).isEqualTo(21.5);
        assertThat(s.getInt64("n")).isEqualTo(3L);
        assertThat(s.getStruct("loc").getFloat64("lat")).isEqualTo(1.5);
        assertThat(s.getArray("vals")).containsExactly(1L, 2L);
        s.validate();
    }

    @Test
    void jsonStructRejectsMixedArrays() {
        assertThatThrownBy(() -> PayloadDecoder.of(PayloadFormat.JSON, true).decode(utf8("{\"a\":[1,\"x\"]}")))
                .isInstanceOf(PayloadDecodeException.class).hasMessageContaining("'a'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{", "{\"a\":1} trailing", "not json", "{'a':1}", "[1,2"})
    void badJson(String payload) {
        for (boolean struct : new boolean[] {false, true}) {
            assertThatThrownBy(() -> PayloadDecoder.of(PayloadFormat.JSON, struct).decode(utf8(payload)))
                    .isInstanceOf(PayloadDecodeException.class).hasMessageContaining("not JSON");
        }
    }

    @Test
    void jsonNotUtf8() {
        assertThatThrownBy(() -> PayloadDecoder.of(PayloadFormat.JSON, false).decode(NOT_UTF8))
                .isInstanceOf(PayloadDecodeException.class);
    }

    @Test
    void emptyJsonPayloadIsNullValue() throws Exception {
        assertThat(PayloadDecoder.of(PayloadFormat.JSON, false).decode(new byte[0]).get(0).value()).isNull();
    }

    @Test
    void senmlResolvesBaseFields() throws Exception {
        SenmlDecoder decoder = new SenmlDecoder(Clock.fixed(Instant.ofEpochSecond(1_700_000_000), ZoneOffset.UTC));
        List<PayloadDecoder.Decoded> out = decoder.decode(utf8("""
                [{"bn":"urn:dev:ow:10e2073a01080063:","bt":1.320067464e+09,"bu":"%RH","v":20},
                 {"u":"lon","v":24.30621},
                 {"n":"door","vb":true,"t":1},
                 {"n":"label","vs":"hello","t":-5}]
                """));
        assertThat(out).hasSize(4);
        assertThat(out.get(0).value()).isEqualTo(Map.of("n", "urn:dev:ow:10e2073a01080063:", "t", 1.320067464e9,
                "u", "%RH", "v", 20.0));
        assertThat(out.get(1).value()).isEqualTo(Map.of("n", "urn:dev:ow:10e2073a01080063:", "t", 1.320067464e9,
                "u", "lon", "v", 24.30621));
        assertThat(out.get(2).value()).isEqualTo(Map.of("n", "urn:dev:ow:10e2073a01080063:door", "t", 1.320067465e9,
                "u", "%RH", "vb", true));
        assertThat(out.get(3).value()).isEqualTo(Map.of("n", "urn:dev:ow:10e2073a01080063:label",
                "t", 1.320067459e9, "u", "%RH", "vs", "hello"));
    }

    @Test
    void senmlRelativeTimeIsFromNow() throws Exception {
        SenmlDecoder decoder = new SenmlDecoder(Clock.fixed(Instant.ofEpochSecond(1_700_000_000), ZoneOffset.UTC));
        assertThat(decoder.decode(utf8("[{\"n\":\"x\",\"v\":1,\"t\":-10}]")).get(0).value())
                .isEqualTo(Map.of("n", "x", "t", 1.69999999e9, "v", 1.0));
        assertThat(decoder.decode(utf8("[{\"n\":\"x\",\"s\":5,\"bs\":1}]")).get(0).value())
                .isEqualTo(Map.of("n", "x", "t", 1.7e9, "s", 6.0));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "{\"n\":\"x\",\"v\":1}", "[1]", "[{\"v\":1}]", "[{\"n\":\"x\"}]",
            "[{\"n\":\"x\",\"v\":\"1\"}]", "[{\"n\":5,\"v\":1}]", "[{\"n\":\"x\",\"vb\":1}]", "[]",
            "[{\"bn\":\"a\"}]", "[{\"n\":\"x\",\"v\":1,\"bver\":99}]", "[{\"n\":\"x\",\"v\":1}", "[{\"n\":\"x\",\"v\":1e999}]"})
    void badSenml(String payload) {
        assertThatThrownBy(() -> new SenmlDecoder().decode(utf8(payload))).isInstanceOf(PayloadDecodeException.class);
    }
}
