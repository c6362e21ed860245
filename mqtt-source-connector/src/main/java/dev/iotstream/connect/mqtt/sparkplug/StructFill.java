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

    /**
     * The struct's own value array to write field values into by index, or null when this Kafka's Struct has none
     * (then fill a new array and {@link #putAll}). Writing into the new Struct's array, not into a reused scratch
     * array, matters: a long-lived array holding new objects costs a GC write barrier slow path per store.
     */
    static Object[] valuesOf(Struct struct) {
        if (VALUES != null) {
            Object[] values = (Object[]) VALUES.get(struct);
            if (values.length == struct.schema().fields().size()) {
                return values;
            }
        }
        return null;
    }

    /** Sets field i to values[i] for every field of the struct's schema. */
    static Struct fill(Struct struct, Object[] values) {
        Object[] target = valuesOf(struct);
        if (target != null && target.length == values.length) {
            System.arraycopy(values, 0, target, 0, values.length);
            return struct;
        }
        return putAll(struct, values);
    }

    /** The validating path: put() for every field. */
    static Struct putAll(Struct struct, Object[] values) {
        List<Field> fields = struct.schema().fields();
        for (int i = 0; i < values.length; i++) {
            struct.put(fields.get(i), values[i]);
        }
        return struct;
    }
}
