package dev.iotstream.connect.timeseries.mapping;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The streaming JSON path must give exactly what the map path gives (Jackson's untyped binding, which is also
 * what JsonConverter's maps amount to, then {@link RecordFlattener}'s map flattening), for bytes and text.
 */
class JsonFlattenerTest {
    private static final ObjectMapper UNTYPED = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private static Map<String, Object> viaMap(String json) throws Exception {
        Object parsed = UNTYPED.readValue(json, Object.class);
        if (!(parsed instanceof Map)) {
            // A top-level scalar (a String here would be parsed as JSON again by the flattener).
            return new LinkedHashMap<>(Map.of(RecordFlattener.SCALAR_FIELD, parsed));
        }
        return new LinkedHashMap<>(new RecordFlattener().flatten(parsed).values());
    }

    private static Map<String, Object> viaBytes(JsonFlattener flattener, String json) {
        FlatRecord record = flattener.parse(json.getBytes(StandardCharsets.UTF_8));
        assertThat(record.schemaless()).isTrue();
        return new LinkedHashMap<>(record.values());
    }

    private static Map<String, Object> viaText(JsonFlattener flattener, String json) {
        return new LinkedHashMap<>(flattener.parse(json).values());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"device\":\"d1\",\"temp\":21.5,\"hum\":40,\"ok\":true,\"off\":false,\"ts\":1700000000123}",
            "{\"big\":123456789012345678901234567890,\"neg\":-3,\"exp\":1.5e300,\"tiny\":-2.5E-7,\"long\":9000000000}",
            "{\"meta\":{\"site\":\"a\",\"device\":{\"id\":\"x\",\"fw\":2}},\"v\":1}",
            "{\"a\":null,\"b\":{\"c\":null},\"d\":1}",
            "{\"list\":[1,2,{\"x\":3}],\"v\":2,\"nested\":{\"arr\":[[1],[2]],\"w\":3}}",
            "{\"esc\":\"q\\\"u\\\\o\\nte\\u00e9\",\"unicode\":\"\u00fc\u6f22\",\"space key\":1}",
            "{\"dup\":1,\"other\":2,\"dup\":3}",
            "{\"a.b\":1,\"a\":{\"b\":2}}",
            "{}",
            "{\"empty\":{},\"v\":1}",
            "21.5", "-7", "\"text\"", "true", "123456789012345678901234567890",
            "  {\"ws\" : 1 }  "
    })
    void givesWhatTheMapPathGives(String json) throws Exception {
        JsonFlattener flattener = new JsonFlattener();
        Map<String, Object> expected = viaMap(json);
        assertThat(viaBytes(flattener, json)).containsExactlyEntriesOf(expected);
        assertThat(viaText(flattener, json)).containsExactlyEntriesOf(expected);
    }

    @Test
    void valueTypesAreTheUntypedOnes() {
        Map<String, Object> v = viaBytes(new JsonFlattener(),
                "{\"i\":1,\"l\":9000000000,\"b\":123456789012345678901234567890,\"d\":1.25,\"s\":\"x\",\"t\":true,\"n\":null}");
        assertThat(v.get("i")).isEqualTo(1);
        assertThat(v.get("l")).isEqualTo(9_000_000_000L);
        assertThat(v.get("b")).isEqualTo(new BigInteger("123456789012345678901234567890"));
        assertThat(v.get("d")).isEqualTo(1.25);
        assertThat(v.get("s")).isEqualTo("x");
        assertThat(v.get("t")).isEqualTo(Boolean.TRUE);
        assertThat(v).containsEntry("n", null);
    }

    @Test
    void theReusedValuesDoNotLeakFromOneRecordIntoTheNext() {
        JsonFlattener flattener = new JsonFlattener();
        viaBytes(flattener, "{\"a\":1,\"b\":2,\"c\":{\"d\":3}}");
        assertThat(viaBytes(flattener, "{\"x\":9}")).containsExactly(Map.entry("x", 9));
        assertThatThrownBy(() -> flattener.parse("{\"y\":1,".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(MappingException.class);
        assertThat(viaBytes(flattener, "{\"z\":8}")).containsExactly(Map.entry("z", 8));
    }

    @Test
    void wideRecordsKeepOrderAndLookUpEveryKey() throws Exception {
        StringBuilder json = new StringBuilder("{");
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            keys.add("k" + i);
            json.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":").append(i);
        }
        json.append(",\"k7\":-1}");
        FlatRecord record = new JsonFlattener().parse(json.toString());
        assertThat(record.values().keySet()).containsExactlyElementsOf(keys);
        assertThat(record.values().get("k199")).isEqualTo(199);
        assertThat(record.values().get("k7")).isEqualTo(-1);
        assertThat(record.values().get("k200")).isNull();
        assertThat(new LinkedHashMap<>(record.values())).containsExactlyEntriesOf(viaMap(json.toString()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{not json", "{\"a\":1", "{\"a\":1}}", "{\"a\":1} x", "", "   ", "{\"a\":tru}",
            "{\"a\":01}", "[1,2", "{\"a\" 1}", "nul"})
    void badJsonIsADataErrorWithAReason(String json) {
        assertThatThrownBy(() -> new JsonFlattener().parse(json.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(MappingException.class).hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> new JsonFlattener().parse(json))
                .isInstanceOf(MappingException.class).hasMessageContaining("not valid JSON");
    }

    @Test
    void invalidUtf8IsADataError() {
        byte[] bad = {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
        assertThatThrownBy(() -> new JsonFlattener().parse(bad))
                .isInstanceOf(MappingException.class).hasMessageContaining("not valid JSON");
    }

    @Test
    void nullAndArrayValuesAreDataErrorsWithAReason() {
        assertThatThrownBy(() -> new JsonFlattener().parse("null")).isInstanceOf(MappingException.class)
                .hasMessageContaining("JSON value is null");
        assertThatThrownBy(() -> new JsonFlattener().parse("[{\"a\":1}]".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(MappingException.class).hasMessageContaining("is an array");
    }

    @Test
    void absurdNestingIsADataErrorNotAStackOverflow() {
        String deep = "{\"a\":".repeat(5000) + "1" + "}".repeat(5000);
        assertThatThrownBy(() -> new JsonFlattener().parse(deep.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(MappingException.class).hasMessageContaining("not valid JSON");
    }

    @Test
    void aNullKeyIsAbsentNotAnError() {
        Map<String, Object> values = new JsonFlattener().parse("{\"a\":1}".getBytes(StandardCharsets.UTF_8)).values();
        assertThat(values.get(null)).isNull();
        assertThat(values.containsKey(null)).isFalse();
        assertThat(values.get("a")).isEqualTo(1);
    }
}
