package dev.iotstream.connect.mqtt.payload;

import dev.iotstream.connect.common.json.JsonNumbers;
import dev.iotstream.connect.common.json.JsonOptions;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonBatchingTest {
    private static final JsonOptions OPTIONS = new JsonOptions(JsonNumbers.LONG_OR_DOUBLE, 16, false);

    private static PayloadDecoder.Batch decode(String path, List<String> copies, int max, boolean struct, String json)
            throws PayloadDecodeException {
        return PayloadDecoder.of(PayloadFormat.JSON, struct, OPTIONS, JsonBatching.parse(path, copies, max))
                .decodeMessage("t", json.getBytes(StandardCharsets.UTF_8));
    }

    private static final String BATCH = "{\"device\":\"d1\",\"site\":{\"id\":\"s9\"},\"ts\":1000,"
            + "\"readings\":[{\"ts\":1001,\"temp\":21.5},{\"temp\":22},{\"ts\":1003,\"temp\":23.5}]}";

    @Test
    void oneRecordPerElementWithCopiedFieldsUnderChosenNamesAndTheElementsOwnTime() throws Exception {
        PayloadDecoder.Batch b = decode("readings", List.of("device", "site.id->site", "ts->batch_ts"), 100, false,
                BATCH);
        assertThat(b.failures()).isEmpty();
        assertThat(b.values()).extracting(PayloadDecoder.Decoded::value).containsExactly(
                Map.of("device", "d1", "site", "s9", "batch_ts", 1000L, "ts", 1001L, "temp", 21.5),
                Map.of("device", "d1", "site", "s9", "batch_ts", 1000L, "temp", 22L),
                Map.of("device", "d1", "site", "s9", "batch_ts", 1000L, "ts", 1003L, "temp", 23.5));
    }

    @Test
    void copiedFieldOfTheSameNameLosesToTheElementsOwn() throws Exception {
        PayloadDecoder.Batch b = decode("readings", List.of("ts"), 100, false, BATCH);
        assertThat(b.values()).extracting(d -> (Object) ((Map<?, ?>) d.value()).get("ts"))
                .containsExactly(1001L, 1000L, 1003L);
    }

    @Test
    void nestedPathTopLevelArrayAndStructOutput() throws Exception {
        PayloadDecoder.Batch nested = decode("data.samples", List.of(), 100, true,
                "{\"data\":{\"samples\":[{\"v\":1},{\"v\":2.5}]}}");
        assertThat(nested.values()).hasSize(2);
        assertThat(((Struct) nested.values().get(1).value()).get("v")).isEqualTo(2.5);
        PayloadDecoder.Batch root = decode("$", List.of(), 100, false, "[1,\"a\",{\"b\":true}]");
        assertThat(root.values()).extracting(PayloadDecoder.Decoded::value)
                .containsExactly(1L, "a", Map.of("b", true));
    }

    @Test
    void elementThatCannotBecomeARecordIsAFailureWithItsIndexAndTheRestGoOn() throws Exception {
        PayloadDecoder.Batch b = decode("readings", List.of("device"), 100, false,
                "{\"device\":\"d\",\"readings\":[{\"v\":1},7,{\"v\":3}]}");
        assertThat(b.values()).hasSize(2);
        assertThat(b.failures()).singleElement().satisfies(f -> {
            assertThat(f.element()).isEqualTo("readings[1]");
            assertThat(f.reason()).contains("a number, not an object");
        });
        // struct output: an element whose schema cannot be inferred (an array mixing strings and numbers)
        PayloadDecoder.Batch s = decode("$", List.of(), 100, true, "[{\"a\":[1,\"x\"]},{\"a\":[1,2]}]");
        assertThat(s.values()).hasSize(1);
        assertThat(s.failures()).extracting(PayloadDecoder.ElementFailure::element).containsExactly("[0]");
    }

    @Test
    void tooManyElementsMissingArrayOrBrokenJsonFailTheWholeMessage() {
        assertThatThrownBy(() -> decode("readings", List.of(), 2, false, BATCH))
                .isInstanceOf(PayloadDecodeException.class)
                .hasMessageContaining("3 elements, more than payload.max.records (2)");
        assertThatThrownBy(() -> decode("readings", List.of(), 2, false, "{\"readings\":{}}"))
                .hasMessageContaining("not an array but an object");
        assertThatThrownBy(() -> decode("readings", List.of(), 2, false, "{\"x\":1}"))
                .hasMessageContaining("'readings' is missing or null");
        assertThatThrownBy(() -> decode("readings", List.of(), 2, false, "{\"readings\":[1,"))
                .isInstanceOf(PayloadDecodeException.class);
    }

    @Test
    void emptyArrayMakesNoRecord() throws Exception {
        assertThat(decode("readings", List.of(), 2, false, "{\"readings\":[]}").values()).isEmpty();
    }

    @Test
    void parseRejectsBadEntries() {
        assertThatThrownBy(() -> JsonBatching.parse("a..b", List.of(), 1)).hasMessageContaining("empty path segment");
        assertThatThrownBy(() -> JsonBatching.parse("a", List.of("x->"), 1)).hasMessageContaining("no field name");
        assertThatThrownBy(() -> JsonBatching.parse("", List.of("x"), 1)).hasMessageContaining("records path");
        assertThat(JsonBatching.parse("", List.of(), 1).enabled()).isFalse();
    }
}
