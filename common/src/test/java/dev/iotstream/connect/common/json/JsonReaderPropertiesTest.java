package dev.iotstream.connect.common.json;

import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Example;
import org.apache.kafka.connect.data.SchemaAndValue;
import dev.iotstream.connect.testing.ArbitraryJson;
import dev.iotstream.connect.testing.ConverterCheck;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whatever the input, the reader either returns a value that Connect's JsonConverter can write (with and without
 * schemas, also after schema inference) or throws its one documented exception.
 */
class JsonReaderPropertiesTest {
    private static final JsonReader ANY = new JsonReader(new JsonOptions(JsonNumbers.LONG_OR_DOUBLE, 16, false));
    private static final JsonReader OBJECTS = new JsonReader(new JsonOptions(JsonNumbers.DOUBLE, 16, true));
    private static final JsonSchemas SCHEMAS = new JsonSchemas("output=map");

    @Property(tries = 400)
    void arbitraryBytesDecodeOrFailWithTheDocumentedException(@ForAll byte[] bytes) {
        check(() -> ANY.read(bytes));
        check(() -> OBJECTS.read(bytes));
    }

    @Property(tries = 600)
    void arbitraryJsonDecodesToSerializableValuesOrFailsCleanly(@ForAll("documents") String json) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        check(() -> ANY.read(bytes));
        check(() -> ANY.read(json));
        check(() -> OBJECTS.read(json));
    }

    @Property(tries = 300)
    void arbitraryObjectsDecode(@ForAll("objects") String json) {
        check(() -> OBJECTS.read(json.getBytes(StandardCharsets.UTF_8)));
    }

    @Example
    void regressionCases() {
        for (String json : ArbitraryJson.regressionCases()) {
            check(() -> ANY.read(json.getBytes(StandardCharsets.UTF_8)));
        }
    }

    @Provide
    Arbitrary<String> documents() {
        return ArbitraryJson.documents();
    }

    @Provide
    Arbitrary<String> objects() {
        return ArbitraryJson.objects();
    }

    interface Read {
        Object read() throws JsonDecodeException;
    }

    private static void check(Read read) {
        Object value;
        try {
            value = read.read();
        } catch (JsonDecodeException e) {
            assertThat(e.getMessage()).isNotBlank();
            return;
        }
        ConverterCheck.assertSerializable(null, value);
        SchemaAndValue connect;
        try {
            connect = SCHEMAS.toConnect(value);
        } catch (JsonDecodeException e) {
            assertThat(e.getMessage()).isNotBlank();
            return;
        }
        ConverterCheck.assertSerializable(connect.schema(), connect.value());
        assertThat(ConverterCheck.roundTrip(connect.schema(), connect.value())).as("round trip through JsonConverter")
                .isEqualTo(connect.value());
    }

    @Property(tries = 200)
    void utf8CheckAgreesWithTheJdkDecoder(@ForAll byte[] bytes) {
        boolean jdk;
        try {
            StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes));
            jdk = true;
        } catch (java.nio.charset.CharacterCodingException e) {
            jdk = false;
        }
        assertThat(Utf8Check.firstInvalid(bytes) < 0).isEqualTo(jdk);
    }

    @Property(tries = 200)
    void utf8CheckAcceptsEveryEncodedString(@ForAll String s) {
        if (Utf8Check.firstLoneSurrogate(s) < 0) {
            assertThat(Utf8Check.firstInvalid(s.getBytes(StandardCharsets.UTF_8))).isEqualTo(-1);
        }
    }
}
