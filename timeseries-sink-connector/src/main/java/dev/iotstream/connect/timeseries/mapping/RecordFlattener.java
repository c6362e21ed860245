package dev.iotstream.connect.timeseries.mapping;

import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;

import java.util.Collection;
import java.util.Collections;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Turns schemaless maps, Structs and JSON strings/bytes into a {@link FlatRecord}. Not thread-safe (the JSON
 * path reuses its buffers): one per task, like the {@link PointMapper} that owns it.
 */
public final class RecordFlattener {
    /** A top-level scalar (a bare MQTT number payload) becomes a field with this name. */
    public static final String SCALAR_FIELD = "value";
    /** JSON text and bytes: streamed straight into flat paths (the fast path, see {@link JsonFlattener}). */
    private final JsonFlattener json = new JsonFlattener();

    public FlatRecord flatten(Object value) {
        if (value == null) {
            throw new MappingException("record value is null (tombstone): nothing to write");
        }
        if (value instanceof Map<?, ?> map) {
            return new FlatRecord(flatMap(map), true);
        }
        if (value instanceof byte[] bytes) {
            return json.parse(bytes);
        }
        if (value instanceof String text) {
            return json.parse(text);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        if (value instanceof Struct struct) {
            flattenStruct("", struct, out);
            return new FlatRecord(out, false);
        }
        if (isScalar(value)) {
            out.put(SCALAR_FIELD, value);
            return new FlatRecord(out, true);
        }
        throw new MappingException("unsupported record value type " + value.getClass().getName()
                + ": expected a Map, a Struct or a JSON string");
    }

    /**
     * The common case, a flat map of scalars with string keys, is already flat: it is used as it is (read-only)
     * instead of being copied, which was a visible share of the task thread's time.
     */
    @SuppressWarnings("unchecked")
    private Map<String, Object> flatMap(Map<?, ?> map) {
        for (Map.Entry<?, ?> e : map.entrySet()) {
            Object v = e.getValue();
            if (!(e.getKey() instanceof String) || (v != null && !isScalar(v))) {
                Map<String, Object> out = new LinkedHashMap<>(Math.max(16, map.size() * 2));
                flattenMap("", map, out);
                return out;
            }
        }
        return Collections.unmodifiableMap((Map<String, Object>) map);
    }

    private void flattenMap(String prefix, Map<?, ?> map, Map<String, Object> out) {
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String key = String.valueOf(e.getKey());
            put(prefix.isEmpty() ? key : prefix + key, e.getValue(), out);
        }
    }

    private void flattenStruct(String prefix, Struct struct, Map<String, Object> out) {
        for (Field field : struct.schema().fields()) {
            put(prefix.isEmpty() ? field.name() : prefix + field.name(), struct.get(field), out);
        }
    }

    private void put(String path, Object value, Map<String, Object> out) {
        if (value instanceof Struct nested) {
            flattenStruct(path + ".", nested, out);
        } else if (value instanceof Map<?, ?> nested) {
            flattenMap(path + ".", nested, out);
        } else if (value == null || isScalar(value)) {
            out.put(path, value);
        } else if (!(value instanceof Collection<?>) && !(value instanceof byte[])) {
            out.put(path, value.toString());
        }
        // Arrays and bytes have no line-protocol representation; they are not written.
    }

    private static boolean isScalar(Object value) {
        return value instanceof Number || value instanceof Boolean || value instanceof String
                || value instanceof Date || value instanceof Character;
    }
}
