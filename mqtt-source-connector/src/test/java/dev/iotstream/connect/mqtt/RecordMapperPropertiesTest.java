package dev.iotstream.connect.mqtt;

import dev.iotstream.connect.mqtt.client.InboundMessage;
import dev.iotstream.connect.mqtt.mapping.DeadLetterHeaders;
import dev.iotstream.connect.mqtt.mapping.HeaderSelection;
import dev.iotstream.connect.mqtt.mapping.KeyStrategy;
import dev.iotstream.connect.mqtt.mapping.RecordMapper;
import dev.iotstream.connect.mqtt.mapping.TopicRouter;
import dev.iotstream.connect.mqtt.payload.PayloadDecoder;
import dev.iotstream.connect.mqtt.payload.PayloadFormat;
import dev.iotstream.connect.testing.ArbitraryJson;
import dev.iotstream.connect.testing.ConverterCheck;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * One MQTT message never fails the mapper when a dead-letter topic is set, whatever its payload and topic; every
 * record it makes is one the standard converters can write.
 */
class RecordMapperPropertiesTest {

    private static RecordMapper mapper(PayloadDecoder decoder, String keySpec, String dlq) {
        return new RecordMapper(new RecordMapper.Origin(Map.of("p", 1), Map.of("o", 1), "c/0"),
                new RecordMapper.Routing(new TopicRouter("default", List.of()), KeyStrategy.parse(keySpec)),
                new RecordMapper.Decoding(decoder, "json", false, dlq), HeaderSelection.of(
                List.of("topic", "qos", "retained", "duplicate", "message.id", "user")));
    }

    private static final List<RecordMapper> MAPPERS = List.of(
            mapper(PayloadDecoder.of(PayloadFormat.JSON, false), "field:a", "dlq"),
            mapper(PayloadDecoder.of(PayloadFormat.JSON, true), "field:b", "dlq"),
            mapper(PayloadDecoder.of(PayloadFormat.SENML, false), "topic", "dlq"),
            mapper(PayloadDecoder.limitedTo(64, PayloadDecoder.of(PayloadFormat.STRING, false)), "topic", "dlq"));

    private static InboundMessage message(String topic, byte[] payload) {
        return InboundMessage.v3(topic, payload, 1, false, false, 7, 1);
    }

    @Property(tries = 300)
    void arbitraryJsonNeverFailsAndIsSerializable(@ForAll("json") String json, @ForAll("topics") String topic) {
        byte[] payload = json.getBytes(StandardCharsets.UTF_8);
        MAPPERS.forEach(m -> check(m.map(message(topic, payload), 1)));
    }

    @Property(tries = 200)
    void arbitraryBytesNeverFail(@ForAll byte[] payload) {
        MAPPERS.forEach(m -> check(m.map(message("a/b", payload), 1)));
    }

    @Provide
    Arbitrary<String> json() {
        return ArbitraryJson.documents();
    }

    @Provide
    Arbitrary<String> topics() {
        return Arbitraries.strings().ofMinLength(1).ofMaxLength(20).withChars("ab/+é#$ ");
    }

    /** The two payloads that failed source tasks for good (issue 14): now dead letters with a reason. */
    @Example
    void deepNestingAndAHugeIntegerAreDeadLetters() {
        String deep = "{\"deep\": " + "[".repeat(5000) + "]".repeat(5000) + "}";
        String big = "{\"big\": " + "9".repeat(400) + "}";
        for (String payload : List.of(deep, big)) {
            for (boolean struct : new boolean[] {false, true}) {
                RecordMapper.Result r = mapper(PayloadDecoder.of(PayloadFormat.JSON, struct), "topic", "dlq")
                        .map(message("plant/dev1", payload.getBytes(StandardCharsets.UTF_8)), 1);
                assertThat(r.decodeFailed()).isTrue();
                SourceRecord dead = r.records().get(0);
                assertThat(dead.topic()).isEqualTo("dlq");
                assertThat((String) dead.headers().lastWithName(DeadLetterHeaders.REASON).value())
                        .containsAnyOf("nesting depth", "beyond the range of a double");
                check(r);
            }
        }
    }

    /** Whatever a decoder throws becomes a dead letter (or, with payload.on.error=fail, a task error). */
    @Example
    void anyExceptionFromADecoderIsADeadLetter() {
        PayloadDecoder broken = payload -> {
            throw new IllegalStateException("library bug");
        };
        RecordMapper.Result r = mapper(broken, "topic", "dlq").map(message("a", new byte[] {1}), 1);
        assertThat(r.decodeFailed()).isTrue();
        assertThat((String) r.records().get(0).headers().lastWithName(DeadLetterHeaders.REASON).value())
                .contains("library bug");
        assertThat(r.records().get(0).value()).isEqualTo(new byte[] {1});

        PayloadDecoder overflow = payload -> {
            throw new StackOverflowError();
        };
        assertThat(mapper(overflow, "topic", "dlq").map(message("a", new byte[] {1}), 1).decodeFailed()).isTrue();
        assertThatThrownBy(() -> mapper(broken, "topic", null).map(message("a/b", new byte[] {1}), 1))
                .isInstanceOf(ConnectException.class).hasMessageContaining("'a/b'").hasMessageContaining("library bug");
    }

    private static void check(RecordMapper.Result result) {
        for (SourceRecord r : result.records()) {
            ConverterCheck.assertSerializable(r.keySchema(), r.key());
            ConverterCheck.assertSerializable(r.valueSchema(), r.value());
            if (result.decodeFailed()) {
                assertThat((String) r.headers().lastWithName(DeadLetterHeaders.REASON).value()).isNotBlank();
            }
        }
    }
}
