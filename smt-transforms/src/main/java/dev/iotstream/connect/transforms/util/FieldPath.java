package dev.iotstream.connect.transforms.util;

import dev.iotstream.connect.common.config.Validators;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;

import java.util.Map;

/**
 * A dotted field path ({@code location.lat}) into nested maps and Structs, split once at configure time so the
 * per-record lookup allocates nothing. A map key that itself contains dots (as Kafka's {@code Flatten} produces)
 * is found too when it sits at the top level.
 */
public final class FieldPath {
    /** Returned by {@link #get} when the path does not exist; distinct from a present field holding null. */
    public static final Object MISSING = new Object() {
        @Override
        public String toString() {
            return "<missing>";
        }
    };

    private final String text;
    private final String[] segments;

    private FieldPath(String text) {
        this.text = text;
        this.segments = text.split("\\.", -1);
    }

    /** Validator of a setting that names one field path; its text is the reference's "Valid values". */
    public static ConfigDef.Validator validator() {
        return Validators.value("a field name or dotted path into nested fields, e.g. location.lat",
                Validators.parses(FieldPath::of));
    }

    public static FieldPath of(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("field path must not be empty");
        }
        for (String segment : text.split("\\.", -1)) {
            if (segment.isEmpty()) {
                throw new IllegalArgumentException("field path '" + text + "' has an empty segment");
            }
        }
        return new FieldPath(text);
    }

    public String text() {
        return text;
    }

    public String[] segments() {
        return segments.clone();
    }

    public boolean isNested() {
        return segments.length > 1;
    }

    /** The value at this path in a Map or Struct, {@link #MISSING} if any step is absent or not a container. */
    public Object get(Object root) {
        if (segments.length > 1) {
            if (root instanceof Map<?, ?> map && map.containsKey(text)) {
                return map.get(text);
            }
            if (root instanceof Struct struct && struct.schema().field(text) != null) {
                return struct.get(text);
            }
        }
        return get(root, 0);
    }

    private Object get(Object node, int from) {
        Object current = node;
        for (int i = from; i < segments.length; i++) {
            if (current instanceof Map<?, ?> map) {
                if (!map.containsKey(segments[i])) {
                    return MISSING;
                }
                current = map.get(segments[i]);
            } else if (current instanceof Struct struct) {
                Field field = struct.schema().field(segments[i]);
                if (field == null) {
                    return MISSING;
                }
                current = struct.get(field);
            } else {
                return MISSING;
            }
        }
        return current;
    }

    /** The schema of the field at this path in a struct schema, or null when the path does not exist. */
    public Schema schemaIn(Schema schema) {
        if (segments.length > 1 && schema.type() == Schema.Type.STRUCT && schema.field(text) != null) {
            return schema.field(text).schema();
        }
        Schema current = schema;
        for (String segment : segments) {
            if (current.type() != Schema.Type.STRUCT || current.field(segment) == null) {
                return null;
            }
            current = current.field(segment).schema();
        }
        return current;
    }

    @Override
    public String toString() {
        return text;
    }
}
