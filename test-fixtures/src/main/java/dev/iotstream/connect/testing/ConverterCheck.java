package dev.iotstream.connect.testing;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.storage.Converter;

import java.util.Map;

/**
 * Writes a value through Connect's JsonConverter with and without schemas, as a worker would: a value our code emits
 * must never fail there (a failure would stop a source task, and the broker redelivers the same message to every
 * restart).
 */
public final class ConverterCheck {
    private static final Converter SCHEMALESS = converter(false);
    private static final Converter WITH_SCHEMAS = converter(true);

    private ConverterCheck() {
    }

    private static Converter converter(boolean schemas) {
        JsonConverter c = new JsonConverter();
        c.configure(Map.of("schemas.enable", schemas, "converter.type", "value"));
        return c;
    }

    /** Throws what the converter throws. */
    public static void assertSerializable(Schema schema, Object value) {
        SCHEMALESS.fromConnectData("t", schema, value);
        WITH_SCHEMAS.fromConnectData("t", schema, value);
    }

    /** With schemas: what a consumer's JsonConverter reads back. */
    public static Object roundTrip(Schema schema, Object value) {
        return WITH_SCHEMAS.toConnectData("t", WITH_SCHEMAS.fromConnectData("t", schema, value)).value();
    }
}
