package dev.iotstream.connect.mqtt.payload;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.util.List;

/**
 * JSON payload to a schemaless value (Map/List/String/Long/Double/Boolean) or to a Struct whose schema is inferred
 * from the document. An empty payload becomes a null value (MQTT clears retained messages with one).
 */
final class JsonDecoder implements PayloadDecoder {
    static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final boolean asStruct;

    JsonDecoder(boolean asStruct) {
        this.asStruct = asStruct;
    }

    @Override
    public List<Decoded> decode(byte[] payload) throws PayloadDecodeException {
        if (payload.length == 0) {
            return List.of(new Decoded(null, null));
        }
        JsonNode node = parse(payload);
        if (asStruct) {
            return List.of(JsonStructs.toStruct(node));
        }
        return List.of(new Decoded(null, JsonValues.toJava(node)));
    }

    static JsonNode parse(byte[] payload) throws PayloadDecodeException {
        Utf8.decode(payload); // Jackson would guess other encodings; MQTT payloads here must be UTF-8
        try {
            JsonNode node = MAPPER.readTree(payload);
            if (node == null || node.isMissingNode()) {
                throw new PayloadDecodeException("payload is not JSON: no JSON value found");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new PayloadDecodeException("payload is not JSON: " + e.getOriginalMessage()
                    + " at line " + e.getLocation().getLineNr() + " column " + e.getLocation().getColumnNr(), e);
        } catch (IOException e) {
            throw new PayloadDecodeException("payload is not JSON: " + e.getMessage(), e);
        }
    }
}
