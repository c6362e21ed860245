package dev.iotstream.connect.mqtt.sparkplug;

import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.List;

/**
 * Fills a Struct whose values the decoder built to match the schema. {@link Struct#put(Field, Object)} validates
 * each value and, before that, builds a {@code field: "name"} message string for the error it might throw: one
 * string per field of every record. So the values go straight into the Struct's private {@code Object[] values}
 * (as in Kafka 4.1.1, built against) when this Kafka's Struct has that field and the array has one slot per schema
 * field; otherwise (a Kafka whose Struct changed, a JVM that refuses the access) everything goes through the public,
 * validating {@code put}, with the same records. The decoder's tests and properties check every record with
 * JsonConverter, which reads the values back by type; {@code StructFillFallbackTest} runs the fallback. Why this is
 * kept, with the measured cost of {@code put}: the module README, "Sparkplug B decoding", Speed.
 */
final class StructFill {
    /** Static final, so the JIT treats it as a constant and inlines the access (not so from an instance field). */
    private static final VarHandle VALUES = valuesHandle("values");
    /** The one the decoder uses: direct when this Kafka's Struct has the array, else put(). */
    static final StructFill DEFAULT = new StructFill(VALUES != null);

    private final boolean direct;

    /** direct false: put() only; true needs this Kafka's Struct to have the array. */
    StructFill(boolean direct) {
        if (direct && VALUES == null) {
            throw new IllegalArgumentException("this Kafka's Struct has no Object[] values field");
        }
        this.direct = direct;
    }

    /** A handle on Struct's private {@code Object[]} field of that name; null when there is none or no access. */
    static VarHandle valuesHandle(String field) {
        try {
            return MethodHandles.privateLookupIn(Struct.class, MethodHandles.lookup())
                    .findVarHandle(Struct.class, field, Object[].class);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    /** True when the decoder's values go in directly (the fast path); false when {@code put} validates each. */
    static boolean direct() {
        return DEFAULT.isDirect();
    }

    /** {@link #valueArray} of the decoder's instance. */
    static Object[] valuesOf(Struct struct) {
        return DEFAULT.valueArray(struct);
    }

    /** {@link #fillIn} of the decoder's instance. */
    static Struct fill(Struct struct, Object[] fieldValues) {
        return DEFAULT.fillIn(struct, fieldValues);
    }

    boolean isDirect() {
        return direct;
    }

    /**
     * The struct's own value array to write field values into by index, or null when this Kafka's Struct has none
     * or its length is not the schema's field count (then fill a new array and {@link #putAll}). Writing into the
     * new Struct's array, not into a reused scratch array, matters: a long-lived array holding new objects costs a
     * GC write barrier slow path per store.
     */
    Object[] valueArray(Struct struct) {
        if (direct) {
            Object[] array = (Object[]) VALUES.get(struct);
            if (array != null && array.length == struct.schema().fields().size()) {
                return array;
            }
        }
        return null;
    }

    /** Sets field i to values[i] for every field of the struct's schema. */
    Struct fillIn(Struct struct, Object[] fieldValues) {
        Object[] target = valueArray(struct);
        if (target != null && target.length == fieldValues.length) {
            System.arraycopy(fieldValues, 0, target, 0, fieldValues.length);
            return struct;
        }
        return putAll(struct, fieldValues);
    }

    /** The validating path: put() for every field. */
    static Struct putAll(Struct struct, Object[] fieldValues) {
        List<Field> fields = struct.schema().fields();
        for (int i = 0; i < fieldValues.length; i++) {
            struct.put(fields.get(i), fieldValues[i]);
        }
        return struct;
    }
}
