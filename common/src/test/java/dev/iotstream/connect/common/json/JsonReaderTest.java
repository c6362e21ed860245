package dev.iotstream.connect.common.json;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonReaderTest {
    private final JsonReader anyValue = new JsonReader(new JsonOptions(JsonNumbers.LONG_OR_DOUBLE, 16, false));
    private final JsonReader doubles = new JsonReader(new JsonOptions(JsonNumbers.DOUBLE, 16, true));

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void deepNestingBeyondJacksonsLimitIsAClearErrorNotANullPointer() {
        String deep = "{\"deep\": " + "[".repeat(5000) + "]".repeat(5000) + "}";
        assertThatThrownBy(() -> anyValue.read(utf8(deep)))
                .isInstanceOf(JsonDecodeException.class)
                .hasMessageContaining("not JSON")
                .hasMessageContaining("nesting depth");
    }

    @Test
    void nestingBelowMaxDepthIsKeptAsJsonText() throws Exception {
        JsonReader shallow = new JsonReader(new JsonOptions(JsonNumbers.LONG_OR_DOUBLE, 2, false));
        Object value = shallow.read(utf8("{\"a\": {\"b\": {\"c\": [1, 2]}}}"));
        assertThat(value).isEqualTo(Map.of("a", Map.of("b", "{\"c\":[1,2]}")));
    }

    @Test
    void integersBeyond64BitsBecomeDoublesAndBeyondTheDoubleRangeAreRefused() throws Exception {
        assertThat(anyValue.read(utf8("18446744073709551616"))).isEqualTo(1.8446744073709552E19);
        assertThat(anyValue.read(utf8("9223372036854775807"))).isEqualTo(Long.MAX_VALUE);
        assertThatThrownBy(() -> anyValue.read(utf8("{\"big\": " + "9".repeat(400) + "}")))
                .isInstanceOf(JsonDecodeException.class).hasMessageContaining("beyond the range of a double");
        assertThatThrownBy(() -> anyValue.read(utf8("[1e400]")))
                .isInstanceOf(JsonDecodeException.class).hasMessageContaining("beyond the range of a double");
    }

    @Test
    void nanAndInfinityAreNotJson() {
        for (String s : List.of("{\"x\": NaN}", "{\"x\": Infinity}", "{\"x\": -Infinity}")) {
            assertThatThrownBy(() -> anyValue.read(utf8(s))).isInstanceOf(JsonDecodeException.class)
                    .hasMessageContaining("not JSON");
        }
    }

    @Test
    void duplicateKeysKeepTheLastValueAtTheFirstPosition() throws Exception {
        assertThat(anyValue.read(utf8("{\"a\": 1, \"b\": 2, \"a\": \"x\"}")))
                .isEqualTo(Map.of("a", "x", "b", 2L));
    }

    @Test
    void invalidUtf8AndLoneSurrogatesAreRefused() {
        assertThatThrownBy(() -> anyValue.read(new byte[]{'"', (byte) 0xC3, '"'}))
                .isInstanceOf(JsonDecodeException.class).hasMessageContaining("UTF-8");
        assertThatThrownBy(() -> anyValue.read(new byte[]{'"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"'}))
                .isInstanceOf(JsonDecodeException.class).hasMessageContaining("UTF-8");
        assertThatThrownBy(() -> anyValue.read(utf8("{\"s\": \"\\ud800\"}")))
                .isInstanceOf(JsonDecodeException.class).hasMessageContaining("surrogate");
        assertThatThrownBy(() -> anyValue.read("{\"s\": \"\uD800\"}"))
                .isInstanceOf(JsonDecodeException.class).hasMessageContaining("surrogate");
    }

    @Test
    void numberTypes() throws Exception {
        assertThat(doubles.readObject("{\"i\": 25, \"f\": 25.5, \"ns\": 1700000000000000000}"))
                .isEqualTo(Map.of("i", 25.0, "f", 25.5, "ns", 1700000000000000000L));
        assertThat(anyValue.read("{\"i\": 25, \"f\": 25.5}")).isEqualTo(Map.of("i", 25L, "f", 25.5));
    }

    @Test
    void objectsOnlyRefusesOtherRootsAndTrailingContent() {
        assertThatThrownBy(() -> doubles.read("[1]")).isInstanceOf(JsonDecodeException.class)
                .hasMessageContaining("must be an object, found an array");
        assertThatThrownBy(() -> doubles.read("{} {}")).isInstanceOf(JsonDecodeException.class)
                .hasMessageContaining("after the JSON object");
        assertThatThrownBy(() -> doubles.read("  ")).isInstanceOf(JsonDecodeException.class)
                .hasMessageContaining("no JSON content");
    }

    @Test
    void schemasWidenNumbersAndRefuseMixedArraysAndEmptyKeys() throws Exception {
        JsonSchemas schemas = new JsonSchemas("output=map");
        SchemaAndValue widened = schemas.toConnect(anyValue.read("{\"a\": [1, 2.5]}"));
        assertThat(((Struct) widened.value()).getArray("a")).containsExactly(1.0, 2.5);
        assertThat(widened.schema().field("a").schema().valueSchema()).isEqualTo(Schema.OPTIONAL_FLOAT64_SCHEMA);
        assertThatThrownBy(() -> schemas.toConnect(anyValue.read("{\"a\": [1, \"x\"]}")))
                .isInstanceOf(JsonDecodeException.class).hasMessageContaining("'a'");
        assertThatThrownBy(() -> schemas.toConnect(anyValue.read("{\"x\": {\"\": 1}}")))
                .isInstanceOf(JsonDecodeException.class).hasMessageContaining("empty key");
        assertThat(schemas.toConnect(anyValue.read("[1, 2]")).value()).isEqualTo(List.of(1L, 2L));
    }
}
