package dev.iotstream.connect.mqtt.sink.payload;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.iotstream.connect.mqtt.sink.topic.RecordView;
import dev.iotstream.connect.mqtt.sink.topic.Scalars;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Encodes a record value as an MQTT payload; never throws on data, says why instead. */
public final class PayloadEncoder {
    private static final ObjectMapper JSON = new ObjectMapper()
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

    /** The payload, or why there is none. {@code text}: the payload is UTF-8 text (JSON or a string). */
    public record Encoded(byte[] payload, boolean text, String problem) {
        static Encoded ok(byte[] payload, boolean text) {
            return new Encoded(payload, text, null);
        }

        static Encoded refused(String problem) {
            return new Encoded(null, false, problem);
        }

        public boolean ok() {
            return problem == null;
        }
    }

    private final PayloadFormat format;
    private final String fieldPath;

    public PayloadEncoder(PayloadFormat format, String fieldPath) {
        this.format = format;
        this.fieldPath = fieldPath;
    }

    /** Encodes a non-null record value (null values are the caller's decision: skip or clear a retained topic). */
    public Encoded encode(RecordView record) {
        return switch (format) {
            case VALUE -> asIs(record.value(), "the record value");
            case JSON -> json(record.value());
            case FIELD -> {
                Object v = record.field(fieldPath);
                if (v == RecordView.MISSING || v == null) {
                    yield Encoded.refused("payload field '" + fieldPath + "' is " + Scalars.kind(v)
                            + " in this record");
                }
                yield v instanceof byte[] || v instanceof ByteBuffer || v instanceof String
                        ? asIs(v, "field '" + fieldPath + "'") : json(v);
            }
        };
    }

    private static Encoded asIs(Object v, String what) {
        if (v instanceof byte[] b) {
            return Encoded.ok(b, false);
        }
        if (v instanceof ByteBuffer b) {
            return Encoded.ok(bytes(b), false);
        }
        if (v instanceof String s) {
            return Encoded.ok(s.getBytes(StandardCharsets.UTF_8), true);
        }
        return Encoded.refused(what + " is a " + Scalars.kind(v) + ", not bytes or a string; use payload.format=json"
                + " to publish it as JSON");
    }

    private static byte[] bytes(ByteBuffer b) {
        ByteBuffer d = b.duplicate();
        byte[] out = new byte[d.remaining()];
        d.get(out);
        return out;
    }

    private static Encoded json(Object v) {
        try {
            return Encoded.ok(JSON.writeValueAsBytes(JsonValues.plain(v)), true);
        } catch (JsonProcessingException | RuntimeException e) {
            return Encoded.refused("the value cannot be written as JSON: " + e.getMessage());
        }
    }
}
