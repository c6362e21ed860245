package dev.iotstream.connect.mqtt.payload;

import dev.iotstream.connect.common.json.JsonNumbers;
import dev.iotstream.connect.common.json.JsonOptions;
import dev.iotstream.connect.testing.ArbitraryJson;
import dev.iotstream.connect.testing.ConverterCheck;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The json fan-out on arbitrary JSON (batches whose device, site, time and elements are arbitrary documents, and
 * arbitrary documents): a PayloadDecodeException with a reason for the whole message, or records every one of
 * which JsonConverter writes (schemas on and off) plus element failures naming an index; every element of the
 * array is one or the other; nothing else is ever thrown.
 */
class JsonBatchingPropertiesTest {
    private static final int MAX = 5;
    private static final List<JsonBatching> BATCHINGS = List.of(
            JsonBatching.parse("readings", List.of(), MAX),
            JsonBatching.parse("readings", List.of("device", "site.id->site", "ts->batch_ts"), MAX),
            JsonBatching.parse("data.samples", List.of("device"), MAX),
            JsonBatching.parse("$", List.of(), MAX));

    @Property(tries = 300)
    void batches(@ForAll("batch") String json) {
        checkAll(json);
    }

    @Property(tries = 200)
    void arbitraryDocuments(@ForAll("document") String json) {
        checkAll(json);
    }

    private static void checkAll(String json) {
        byte[] payload = json.getBytes(StandardCharsets.UTF_8);
        for (JsonBatching batching : BATCHINGS) {
            for (JsonNumbers numbers : JsonNumbers.values()) {
                for (boolean struct : new boolean[] {false, true}) {
                    check(PayloadDecoder.of(PayloadFormat.JSON, struct, new JsonOptions(numbers, 16, false),
                            batching), payload, batching);
                }
            }
        }
    }

    @Provide
    Arbitrary<String> document() {
        return ArbitraryJson.documents();
    }

    @Provide
    Arbitrary<String> batch() {
        Arbitrary<String> doc = ArbitraryJson.documents();
        Arbitrary<String> elements = Arbitraries.oneOf(ArbitraryJson.objects(), doc).list().ofMaxSize(MAX + 2)
                .map(l -> "[" + String.join(",", l) + "]");
        return Combinators.combine(doc, doc, doc, elements).as((device, site, ts, readings) ->
                "{\"device\":" + device + ",\"site\":{\"id\":" + site + "},\"ts\":" + ts + ",\"readings\":" + readings
                        + ",\"data\":{\"samples\":" + readings + "}}");
    }

    private static void check(PayloadDecoder decoder, byte[] payload, JsonBatching batching) {
        PayloadDecoder.Batch b;
        try {
            b = decoder.decodeMessage("t", payload);
        } catch (PayloadDecodeException e) {
            assertThat(e.getMessage()).isNotBlank();
            return;
        }
        assertThat(b.values().size() + b.failures().size()).isLessThanOrEqualTo(MAX);
        for (PayloadDecoder.Decoded d : b.values()) {
            ConverterCheck.assertSerializable(d.schema(), d.value());
        }
        String prefix = batching.path().isEmpty() ? "[" : batching.pathText() + "[";
        for (PayloadDecoder.ElementFailure f : b.failures()) {
            assertThat(f.element()).startsWith(prefix).endsWith("]");
            assertThat(f.reason()).isNotBlank();
        }
    }
}
