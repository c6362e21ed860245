package dev.iotstream.connect.mqtt.payload;

import dev.iotstream.connect.testing.ArbitraryJson;
import dev.iotstream.connect.testing.ConverterCheck;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every payload decoder, on any input: values the standard converters can write, or a PayloadDecodeException with
 * a reason; never another exception (which would fail the task on data).
 */
class PayloadDecodersPropertiesTest {
    private static final List<PayloadDecoder> DECODERS = List.of(
            PayloadDecoder.of(PayloadFormat.BYTES, false),
            PayloadDecoder.of(PayloadFormat.STRING, false),
            PayloadDecoder.of(PayloadFormat.JSON, false),
            PayloadDecoder.of(PayloadFormat.JSON, true),
            PayloadDecoder.of(PayloadFormat.SENML, false));

    @Property(tries = 300)
    void arbitraryBytes(@ForAll byte[] payload) {
        DECODERS.forEach(d -> check(d, payload));
    }

    @Property(tries = 400)
    void arbitraryJson(@ForAll("json") String json) {
        byte[] payload = json.getBytes(StandardCharsets.UTF_8);
        DECODERS.forEach(d -> check(d, payload));
    }

    @Property(tries = 300)
    void arbitrarySenmlLikePacks(@ForAll("senml") String json) {
        check(PayloadDecoder.of(PayloadFormat.SENML, false), json.getBytes(StandardCharsets.UTF_8));
    }

    @Example
    void regressionCases() {
        for (String json : ArbitraryJson.regressionCases()) {
            DECODERS.forEach(d -> check(d, json.getBytes(StandardCharsets.UTF_8)));
        }
    }

    @Provide
    Arbitrary<String> json() {
        return ArbitraryJson.documents();
    }

    /** Arrays of objects with SenML labels holding arbitrary JSON values. */
    @Provide
    Arbitrary<String> senml() {
        Arbitrary<String> label = Arbitraries.of("n", "bn", "t", "bt", "v", "bv", "vs", "vb", "vd", "s", "bs", "u",
                "bu", "bver");
        Arbitrary<String> member = net.jqwik.api.Combinators.combine(label, ArbitraryJson.documents())
                .as((k, v) -> "\"" + k + "\":" + v);
        Arbitrary<String> record = member.list().ofMaxSize(5).map(m -> "{" + String.join(",", m) + "}");
        return record.list().ofMaxSize(4).map(r -> "[" + String.join(",", r) + "]");
    }

    private static void check(PayloadDecoder decoder, byte[] payload) {
        List<PayloadDecoder.Decoded> out;
        try {
            out = decoder.decode(payload);
        } catch (PayloadDecodeException e) {
            assertThat(e.getMessage()).isNotBlank();
            return;
        }
        for (PayloadDecoder.Decoded d : out) {
            ConverterCheck.assertSerializable(d.schema(), d.value());
        }
    }
}
