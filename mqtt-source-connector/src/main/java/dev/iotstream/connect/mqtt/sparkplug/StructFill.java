package dev.iotstream.connect.mqtt.sparkplug;

import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.List;

/**
 * Fills a Struct whose values the decoder built to match the schema. {@link Struct#put(Field, Object)} validates
 * each value and, before that, builds a {@code field: "name"} message string for the error it might throw: one
 * string per field of every record, about half the decoder's allocation per metric (JMH, SparkplugBenchmarks).
 * So the values go straight into the Struct's value array when Kafka's Struct has one (all releases so far); the
 * decoder's tests and properties check every record with JsonConverter, which reads the values back by type. On a
 * Struct without that array this falls back to {@code put}.
 */
final class StructFill {
    private static final VarHandle VALUES = valuesHandle();

    private StructFill() {
    }

    private static VarHandle valuesHandle() {
        try {
            VarHandle handle = MethodHandles.privateLookupIn(Struct.class, MethodHandles.lookup())
                    .findVarHandle(Struct.class, "values", Object[].class);
            return handle;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    /** True when values go in directly (the fast path); false when {@code put} validates each. */
    static boolean direct() {
        return VALUES != null;
    }

    /** Sets field i to values[i] for every field of the struct's schema. */
    static Struct fill(Struct struct, Object[] values) {
        if (VALUES != null) {
            Object[] target = (Object[]) VALUES.get(struct);
            if (target.length == values.length) {
                System.arraycopy(values, 0, target, 0, values.length);
                return struct;
            }
        }
        List<Field> fields = struct.schema().fields();
        for (int i = 0; i < values.length; i++) {
            struct.put(fields.get(i), values[i]);
        }
        return struct;
    }
}
