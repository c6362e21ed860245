package dev.iotstream.connect.consistency;

import dev.iotstream.connect.common.json.JsonNumbers;
import dev.iotstream.connect.common.json.JsonOptions;
import dev.iotstream.connect.mqtt.payload.PayloadDecodeException;
import dev.iotstream.connect.mqtt.payload.PayloadDecoder;
import dev.iotstream.connect.mqtt.payload.PayloadFormat;
import dev.iotstream.connect.testing.ArbitraryJson;
import dev.iotstream.connect.transforms.ParseJson;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.source.SourceRecord;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One JSON decoding path: the same bytes through the MQTT source's json format and through the ParseJson
 * transform, with matching options (the source's payload.json.number.type and ParseJson's number.type; their
 * defaults differ: long_or_double at the source, double in ParseJson), give equal values and equal schemas, map
 * and struct output alike. The one documented difference: ParseJson takes JSON objects only, the source any JSON
 * document, so for a non-object ParseJson fails saying so while the source decodes it.
 */
class OneJsonDecodingPathTest {

    @Property(tries = 400)
    void objects(@ForAll("objects") String json) {
        compareAll(json);
    }

    @Property(tries = 300)
    void documents(@ForAll("documents") String json) {
        compareAll(json);
    }

    @Example
    void regressionCasesAndTheDifferencesTheIssueNamed() {
        for (String json : ArbitraryJson.regressionCases()) {
            compareAll(json);
        }
        // integers as int64 vs double, conflicting arrays, nested objects, big integers
        for (String json : List.of("{\"a\":25,\"b\":25.5}", "{\"a\":[1,2.5]}", "{\"a\":[1,\"x\"]}",
                "{\"a\":{\"b\":{\"c\":[{\"d\":1},{\"e\":\"x\"}]}}}", "{\"big\":123456789012345678901234567890}",
                "{\"n\":9007199254740993}", "{\"a\":null,\"b\":[]}")) {
            compareAll(json);
        }
    }

    @Provide
    Arbitrary<String> objects() {
        return ArbitraryJson.objects();
    }

    @Provide
    Arbitrary<String> documents() {
        return ArbitraryJson.documents();
    }

    private static void compareAll(String json) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        for (JsonNumbers numbers : JsonNumbers.values()) {
            for (boolean struct : new boolean[] {false, true}) {
                compare(bytes, numbers, struct);
            }
        }
    }

    private record Outcome(Schema schema, Object value, String error) {
    }

    private static void compare(byte[] bytes, JsonNumbers numbers, boolean struct) {
        Outcome source = source(bytes, numbers, struct);
        Outcome transform = parseJson(bytes, numbers, struct);
        String what = new String(bytes, StandardCharsets.UTF_8) + " numbers=" + numbers + " struct=" + struct;
        if (transform.error() == null) {
            assertThat(source.error()).as("source error where ParseJson succeeded: %s", what).isNull();
            assertThat(source.schema()).as("schema of %s", what).isEqualTo(transform.schema());
            assertThat(source.value()).as("value of %s", what).isEqualTo(transform.value());
        } else if (transform.error().contains("is not a JSON object")) {
            assertThat(bytes[firstNonSpace(bytes)]).as("ParseJson called an object a non-object: %s", what)
                    .isNotEqualTo((byte) '{');
        } else {
            assertThat(source.error()).as("source decoded what ParseJson refused (%s): %s", transform.error(), what)
                    .isNotNull();
        }
    }

    private static int firstNonSpace(byte[] b) {
        int i = 0;
        while (i < b.length - 1 && (b[i] == ' ' || b[i] == '\n' || b[i] == '\r' || b[i] == '\t')) {
            i++;
        }
        return i;
    }

    private static Outcome source(byte[] bytes, JsonNumbers numbers, boolean struct) {
        try {
            PayloadDecoder.Decoded d = PayloadDecoder.of(PayloadFormat.JSON, struct,
                    new JsonOptions(numbers, JsonOptions.DEFAULT_MAX_DEPTH, false)).decode(bytes).get(0);
            return new Outcome(d.schema(), d.value(), null);
        } catch (PayloadDecodeException e) {
            return new Outcome(null, null, e.getMessage());
        }
    }

    private static Outcome parseJson(byte[] bytes, JsonNumbers numbers, boolean struct) {
        try (ParseJson.Value<SourceRecord> t = new ParseJson.Value<>()) {
            t.configure(Map.of("output", struct ? "struct" : "map",
                    "number.type", numbers == JsonNumbers.DOUBLE ? "double" : "long_or_double",
                    "max.depth", String.valueOf(JsonOptions.DEFAULT_MAX_DEPTH)));
            SourceRecord out = t.apply(new SourceRecord(Map.of(), Map.of(), "t", null, null, null, null, bytes));
            return new Outcome(out.valueSchema(), out.value(), null);
        } catch (DataException e) {
            return new Outcome(null, null, e.getMessage());
        }
    }
}
