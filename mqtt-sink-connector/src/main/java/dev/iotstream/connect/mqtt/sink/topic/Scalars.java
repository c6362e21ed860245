package dev.iotstream.connect.mqtt.sink.topic;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** Text of a scalar value taken from a record (a key, a field or a header), or empty when it is not a scalar. */
public final class Scalars {
    private Scalars() {
    }

    public static Optional<String> text(Object v) {
        if (v instanceof String s) {
            return Optional.of(s);
        }
        if (v instanceof Number || v instanceof Boolean || v instanceof Character) {
            return Optional.of(v.toString());
        }
        if (v instanceof byte[] b) {
            return Optional.of(new String(b, StandardCharsets.UTF_8));
        }
        if (v instanceof ByteBuffer b) {
            ByteBuffer d = b.duplicate();
            byte[] out = new byte[d.remaining()];
            d.get(out);
            return Optional.of(new String(out, StandardCharsets.UTF_8));
        }
        return Optional.empty();
    }

    public static String kind(Object v) {
        return v == null ? "null" : v == RecordView.MISSING ? "missing" : v.getClass().getSimpleName();
    }
}
