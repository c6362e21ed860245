package dev.iotstream.connect.common.json;

import org.apache.kafka.common.cache.Cache;
import org.apache.kafka.common.cache.LRUCache;
import org.apache.kafka.common.cache.SynchronizedCache;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.SchemaAndValue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Infers a Connect schema for a value read by {@link JsonReader} and converts it (an object to a Struct). All fields
 * are optional (JSON has no required fields); a null becomes an optional string; longs and doubles in one array
 * widen to doubles; objects in one array merge into one struct with the union of their fields. Equal shapes give the
 * same Schema instance (cached by a shape signature, LRU of 16), so downstream converters can cache by schema.
 */
public final class JsonSchemas {
    private final Cache<String, Schema> cache = new SynchronizedCache<>(new LRUCache<>(16));
    private final String schemalessHint;

    /** @param schemalessHint the setting that gives schemaless output instead, named in error messages */
    public JsonSchemas(String schemalessHint) {
        this.schemalessHint = schemalessHint;
    }

    public Struct toStruct(Map<String, Object> object) throws JsonDecodeException {
        return (Struct) toConnect(object).value();
    }

    /**
     * @return the schema and the value converted to it: a Struct for an object, a List for an array, the value
     * itself otherwise (a JSON null has an optional string schema and a null value)
     * @throws JsonDecodeException when the elements of an array have no common type or a key is empty (Connect's
     * field names cannot be)
     */
    public SchemaAndValue toConnect(Object value) throws JsonDecodeException {
        Shape shape;
        try {
            shape = shapeOf(value);
        } catch (EmptyKey e) {
            throw new JsonDecodeException(JsonDecodeException.Kind.SCHEMA, "an object has an empty key, which a Struct"
                    + " field cannot be named (use " + schemalessHint + " for such payloads)", null);
        } catch (Conflict e) {
            throw new JsonDecodeException(JsonDecodeException.Kind.SCHEMA, "cannot infer one schema for the elements"
                    + " of array '" + e.path + "': they mix " + e.getMessage() + " values (use " + schemalessHint
                    + " for such payloads)", null);
        }
        String signature = shape.signature();
        Schema schema = cache.get(signature);
        if (schema == null) {
            schema = shape.schema();
            cache.put(signature, schema);
        }
        return new SchemaAndValue(schema, convert(value, schema));
    }

    private static Object convert(Object value, Schema schema) {
        if (value == null) {
            return null;
        }
        switch (schema.type()) {
            case STRUCT: {
                Map<?, ?> map = (Map<?, ?>) value;
                Struct struct = new Struct(schema);
                for (Field field : schema.fields()) {
                    Object fieldValue = map.get(field.name());
                    if (fieldValue != null) {
                        struct.put(field, convert(fieldValue, field.schema()));
                    }
                }
                return struct;
            }
            case ARRAY: {
                List<?> list = (List<?>) value;
                List<Object> out = new ArrayList<>(list.size());
                for (Object element : list) {
                    out.add(convert(element, schema.valueSchema()));
                }
                return out;
            }
            case FLOAT64:
                return ((Number) value).doubleValue();
            default:
                return value;
        }
    }

    private static Shape shapeOf(Object value) {
        if (value == null) {
            return Shape.NULL;
        }
        if (value instanceof String) {
            return Shape.STRING;
        }
        if (value instanceof Boolean) {
            return Shape.BOOLEAN;
        }
        if (value instanceof Long) {
            return Shape.LONG;
        }
        if (value instanceof Double) {
            return Shape.DOUBLE;
        }
        if (value instanceof Number) { // not from JsonReader; widen rather than fail
            return Shape.DOUBLE;
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Shape> fields = new LinkedHashMap<>();
            map.forEach((k, v) -> {
                if (((String) k).isEmpty()) {
                    throw EmptyKey.INSTANCE;
                }
                try {
                    fields.put((String) k, shapeOf(v));
                } catch (Conflict e) {
                    throw e.under(k + ".");
                }
            });
            return Shape.object(fields);
        }
        List<?> list = (List<?>) value;
        Shape element = Shape.NULL;
        try {
            for (Object item : list) {
                element = unify(element, shapeOf(item));
            }
        } catch (Conflict e) {
            throw e.path.isEmpty() ? e : e.under("[].");
        }
        return Shape.array(element);
    }

    private static Shape unify(Shape a, Shape b) {
        if (a == Shape.NULL || a.equals(b)) {
            return b;
        }
        if (b == Shape.NULL) {
            return a;
        }
        if (a.isNumber() && b.isNumber()) {
            return Shape.DOUBLE;
        }
        if (a.kind == Shape.Kind.OBJECT && b.kind == Shape.Kind.OBJECT) {
            Map<String, Shape> merged = new LinkedHashMap<>(a.fields);
            b.fields.forEach((name, shape) -> merged.merge(name, shape, JsonSchemas::unify));
            return Shape.object(merged);
        }
        if (a.kind == Shape.Kind.ARRAY && b.kind == Shape.Kind.ARRAY) {
            return Shape.array(unify(a.element, b.element));
        }
        throw new Conflict(a.kind.name().toLowerCase() + " and " + b.kind.name().toLowerCase());
    }

    /** Array elements of incompatible shapes; the path is assembled on the way out, so the happy path pays nothing. */
    private static final class Conflict extends RuntimeException {
        private final String path;

        Conflict(String kinds) {
            this(kinds, "");
        }

        private Conflict(String kinds, String path) {
            super(kinds, null, false, false);
            this.path = path;
        }

        Conflict under(String prefix) {
            String full = path.isEmpty() ? prefix.substring(0, prefix.length() - 1) : prefix + path;
            return new Conflict(getMessage(), full);
        }
    }

    /** A key "" somewhere: Connect refuses empty field names. */
    private static final class EmptyKey extends RuntimeException {
        static final EmptyKey INSTANCE = new EmptyKey();

        private EmptyKey() {
            super(null, null, false, false);
        }
    }

    /** The structural type of a JSON value, with a signature that identifies equal shapes. */
    private static final class Shape {
        enum Kind { NULL, STRING, BOOLEAN, LONG, DOUBLE, OBJECT, ARRAY }

        static final Shape NULL = new Shape(Kind.NULL, null, null);
        static final Shape STRING = new Shape(Kind.STRING, null, null);
        static final Shape BOOLEAN = new Shape(Kind.BOOLEAN, null, null);
        static final Shape LONG = new Shape(Kind.LONG, null, null);
        static final Shape DOUBLE = new Shape(Kind.DOUBLE, null, null);

        final Kind kind;
        final Map<String, Shape> fields;
        final Shape element;

        private Shape(Kind kind, Map<String, Shape> fields, Shape element) {
            this.kind = kind;
            this.fields = fields;
            this.element = element;
        }

        static Shape object(Map<String, Shape> fields) {
            return new Shape(Kind.OBJECT, fields, null);
        }

        static Shape array(Shape element) {
            return new Shape(Kind.ARRAY, null, element);
        }

        boolean isNumber() {
            return kind == Kind.LONG || kind == Kind.DOUBLE;
        }

        String signature() {
            StringBuilder out = new StringBuilder(64);
            appendSignature(out);
            return out.toString();
        }

        // Names are length-prefixed so that no field name can make two different shapes collide.
        private void appendSignature(StringBuilder out) {
            switch (kind) {
                case OBJECT -> {
                    out.append('{');
                    fields.forEach((name, shape) -> {
                        out.append(name.length()).append(':').append(name);
                        shape.appendSignature(out);
                    });
                    out.append('}');
                }
                case ARRAY -> {
                    out.append('[');
                    element.appendSignature(out);
                    out.append(']');
                }
                default -> out.append(kind.ordinal());
            }
        }

        Schema schema() {
            return switch (kind) {
                case NULL, STRING -> Schema.OPTIONAL_STRING_SCHEMA;
                case BOOLEAN -> Schema.OPTIONAL_BOOLEAN_SCHEMA;
                case LONG -> Schema.OPTIONAL_INT64_SCHEMA;
                case DOUBLE -> Schema.OPTIONAL_FLOAT64_SCHEMA;
                case ARRAY -> SchemaBuilder.array(element.schema()).optional().build();
                case OBJECT -> {
                    SchemaBuilder builder = SchemaBuilder.struct().optional();
                    fields.forEach((name, shape) -> builder.field(name, shape.schema()));
                    yield builder.build();
                }
            };
        }

        @Override
        public boolean equals(Object other) {
            return this == other || other instanceof Shape shape && signature().equals(shape.signature());
        }

        @Override
        public int hashCode() {
            return signature().hashCode();
        }
    }
}
