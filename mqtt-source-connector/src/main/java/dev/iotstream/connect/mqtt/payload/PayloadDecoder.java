package dev.iotstream.connect.mqtt.payload;

import dev.iotstream.connect.common.json.JsonNumbers;
import dev.iotstream.connect.common.json.JsonOptions;
import org.apache.kafka.connect.data.Schema;

import java.util.List;

/** Turns one MQTT payload into one or more record values. Pure: no I/O, no state between calls. */
public interface PayloadDecoder {

    record Decoded(Schema schema, Object value) {
    }

    /** @throws PayloadDecodeException with a reason a user can act on, when the payload is not in the format */
    List<Decoded> decode(byte[] payload) throws PayloadDecodeException;

    /** With the default JSON options (the source's defaults). */
    static PayloadDecoder of(PayloadFormat format, boolean jsonAsStruct) {
        return of(format, jsonAsStruct,
                new JsonOptions(JsonNumbers.LONG_OR_DOUBLE, JsonOptions.DEFAULT_MAX_DEPTH, false));
    }

    static PayloadDecoder of(PayloadFormat format, boolean jsonAsStruct, JsonOptions json) {
        return switch (format) {
            case BYTES -> payload -> List.of(new Decoded(Schema.OPTIONAL_BYTES_SCHEMA, payload));
            case STRING -> payload -> List.of(new Decoded(Schema.OPTIONAL_STRING_SCHEMA, Utf8.decode(payload)));
            case JSON -> new JsonDecoder(json, jsonAsStruct);
            case SENML -> new SenmlDecoder();
        };
    }

    /**
     * Refuses payloads over {@code maxBytes} before decoding them. Without a limit, a payload larger than the
     * producer's max.request.size fails its send, the task dies, and the broker redelivers the same message to
     * the restarted task: it never gets past it.
     */
    static PayloadDecoder limitedTo(int maxBytes, PayloadDecoder decoder) {
        return payload -> {
            if (payload.length > maxBytes) {
                throw PayloadDecodeException.tooLarge(payload.length, maxBytes);
            }
            return decoder.decode(payload);
        };
    }
}
