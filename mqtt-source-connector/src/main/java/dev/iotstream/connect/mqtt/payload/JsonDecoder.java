package dev.iotstream.connect.mqtt.payload;

import dev.iotstream.connect.common.json.JsonDecodeException;
import dev.iotstream.connect.common.json.JsonOptions;
import dev.iotstream.connect.common.json.JsonReader;
import dev.iotstream.connect.common.json.JsonSchemas;
import org.apache.kafka.connect.data.SchemaAndValue;

import java.util.List;

/**
 * JSON payload to a schemaless value (Map/List/String/Long/Double/Boolean) or to a Struct whose schema is inferred
 * from the document, with the shared {@link JsonReader} rules (the same as ParseJson's), so every value is one the
 * standard converters can write. An empty payload becomes a null value (MQTT clears retained messages with one).
 */
final class JsonDecoder implements PayloadDecoder {
    private final JsonReader reader;
    private final JsonSchemas schemas; // null: schemaless

    JsonDecoder(JsonOptions options, boolean asStruct) {
        this.reader = new JsonReader(options);
        this.schemas = asStruct ? new JsonSchemas("payload.json.output=map") : null;
    }

    @Override
    public List<Decoded> decode(byte[] payload) throws PayloadDecodeException {
        if (payload.length == 0) {
            return List.of(new Decoded(null, null));
        }
        try {
            Object value = reader.read(payload);
            if (schemas == null) {
                return List.of(new Decoded(null, value));
            }
            SchemaAndValue connect = schemas.toConnect(value);
            return List.of(new Decoded(connect.schema(), connect.value()));
        } catch (JsonDecodeException e) {
            throw new PayloadDecodeException("payload is " + e.getMessage(), e);
        }
    }
}
