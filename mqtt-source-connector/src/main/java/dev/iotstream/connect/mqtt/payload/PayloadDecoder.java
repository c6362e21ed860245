package dev.iotstream.connect.mqtt.payload;

import dev.iotstream.connect.common.json.JsonNumbers;
import dev.iotstream.connect.common.json.JsonOptions;
import org.apache.kafka.connect.data.Schema;

import java.util.List;

/**
 * Turns one MQTT payload into one or more record values. The plain formats are pure (no I/O, no state between
 * calls); Sparkplug B keeps per-edge-node session state and so overrides {@link #decodeMessage}.
 */
public interface PayloadDecoder {

    /**
     * @param key the record key the format itself defines (Sparkplug B), or null for the configured key strategy
     * @param timestamp the record timestamp the format defines, or null for the arrival time
     */
    record Decoded(Schema schema, Object value, String key, Long timestamp) {
        public Decoded(Schema schema, Object value) {
            this(schema, value, null, null);
        }
    }

    /** A part of a message (an array element, a Sparkplug metric) that cannot become a record; the rest can. */
    record ElementFailure(String element, String reason) {
    }

    /** What one message gave: records, and the elements that could not become records. */
    record Batch(List<Decoded> values, List<ElementFailure> failures) {
    }

    /** @throws PayloadDecodeException with a reason a user can act on, when the payload is not in the format */
    List<Decoded> decode(byte[] payload) throws PayloadDecodeException;

    /**
     * The whole message: formats that need the MQTT topic, or that can fail on one element while the others go on,
     * override this.
     *
     * @throws PayloadDecodeException when nothing of the message is decodable
     */
    default Batch decodeMessage(String topic, byte[] payload) throws PayloadDecodeException {
        return new Batch(decode(payload), List.of());
    }

    /** With the default JSON options (the source's defaults). */
    static PayloadDecoder of(PayloadFormat format, boolean jsonAsStruct) {
        return of(format, jsonAsStruct,
                new JsonOptions(JsonNumbers.LONG_OR_DOUBLE, JsonOptions.DEFAULT_MAX_DEPTH, false));
    }

    static PayloadDecoder of(PayloadFormat format, boolean jsonAsStruct, JsonOptions json) {
        return of(format, jsonAsStruct, json, JsonBatching.NONE);
    }

    /** Every format but sparkplugb (stateful, built by the task with its settings: {@link SparkplugPayloadDecoder}). */
    static PayloadDecoder of(PayloadFormat format, boolean jsonAsStruct, JsonOptions json, JsonBatching batching) {
        return switch (format) {
            case BYTES -> payload -> List.of(new Decoded(Schema.OPTIONAL_BYTES_SCHEMA, payload));
            case STRING -> payload -> List.of(new Decoded(Schema.OPTIONAL_STRING_SCHEMA, Utf8.decode(payload)));
            case JSON -> new JsonDecoder(json, jsonAsStruct, batching);
            case SENML -> new SenmlDecoder();
            case SPARKPLUGB -> throw new IllegalArgumentException("sparkplugb needs a SparkplugPayloadDecoder");
        };
    }

    /**
     * Refuses payloads over {@code maxBytes} before decoding them. Without a limit, a payload larger than the
     * producer's max.request.size fails its send, the task dies, and the broker redelivers the same message to
     * the restarted task: it never gets past it.
     */
    static PayloadDecoder limitedTo(int maxBytes, PayloadDecoder decoder) {
        return new PayloadDecoder() {
            @Override
            public List<Decoded> decode(byte[] payload) throws PayloadDecodeException {
                check(payload);
                return decoder.decode(payload);
            }

            @Override
            public Batch decodeMessage(String topic, byte[] payload) throws PayloadDecodeException {
                check(payload);
                return decoder.decodeMessage(topic, payload);
            }

            private void check(byte[] payload) throws PayloadDecodeException {
                if (payload.length > maxBytes) {
                    throw PayloadDecodeException.tooLarge(payload.length, maxBytes);
                }
            }
        };
    }
}
