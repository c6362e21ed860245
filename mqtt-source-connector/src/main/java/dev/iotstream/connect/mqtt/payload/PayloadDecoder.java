package dev.iotstream.connect.mqtt.payload;

import org.apache.kafka.connect.data.Schema;

import java.util.List;

/** Turns one MQTT payload into one or more record values. Pure: no I/O, no state between calls. */
public interface PayloadDecoder {

    record Decoded(Schema schema, Object value) {
    }

    /** @throws PayloadDecodeException with a reason a user can act on, when the payload is not in the format */
    List<Decoded> decode(byte[] payload) throws PayloadDecodeException;

    static PayloadDecoder of(PayloadFormat format, boolean jsonAsStruct) {
        return switch (format) {
            case BYTES -> payload -> List.of(new Decoded(Schema.OPTIONAL_BYTES_SCHEMA, payload));
            case STRING -> payload -> List.of(new Decoded(Schema.OPTIONAL_STRING_SCHEMA, Utf8.decode(payload)));
            case JSON -> new JsonDecoder(jsonAsStruct);
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
