package dev.iotstream.connect.transforms.util;

import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.transforms.util.SchemaUtil;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Copy-on-write updates of Structs and their schemas at dotted paths: replace a field's schema and value, or
 * append a new field, leaving every other field (and the input Struct) untouched. Callers cache the schemas
 * this builds, keyed by the input schema, as Kafka's own transforms do.
 */
public final class StructUpdates {
    private StructUpdates() {
    }

    /** A new struct schema with the fields at the given paths replaced (or appended when absent). */
    public static Schema updateSchema(Schema schema, Map<String, Schema> changes) {
        Map<String, Schema> direct = new LinkedHashMap<>();
        Map<String, Map<String, Schema>> nested = new LinkedHashMap<>();
        split(schema, changes, direct, nested);
        SchemaBuilder builder = SchemaUtil.copySchemaBasics(schema, SchemaBuilder.struct());
        for (Field field : schema.fields()) {
            if (direct.containsKey(field.name())) {
                builder.field(field.name(), direct.remove(field.name()));
            } else if (nested.containsKey(field.name())) {
                Schema child = field.schema();
                if (child.type() != Schema.Type.STRUCT) {
                    throw new DataException("field '" + field.name() + "' is " + child.type() + ", not a struct");
                }
                builder.field(field.name(), updateSchema(child, nested.remove(field.name())));
            } else {
                builder.field(field.name(), field.schema());
            }
        }
        if (!nested.isEmpty()) {
            throw new DataException("field '" + nested.keySet().iterator().next() + "' not found");
        }
        direct.forEach(builder::field);
        return builder.build();
    }

    /**
     * A new Struct of {@code newSchema} (from {@link #updateSchema}) holding {@code values} at their paths and the
     * old values everywhere else.
     */
    public static Struct updateStruct(Struct old, Schema newSchema, Map<String, ?> values) {
        Map<String, Object> direct = new LinkedHashMap<>();
        Map<String, Map<String, Object>> nested = new LinkedHashMap<>();
        split(old.schema(), values, direct, nested);
        Struct updated = new Struct(newSchema);
        for (Field field : newSchema.fields()) {
            String name = field.name();
            boolean existed = old.schema().field(name) != null;
            if (direct.containsKey(name)) {
                updated.put(field, direct.get(name));
            } else if (nested.containsKey(name) && existed && old.get(name) != null) {
                updated.put(field, updateStruct(old.getStruct(name), field.schema(), nested.get(name)));
            } else if (existed) {
                updated.put(field, old.get(name));
            }
        }
        return updated;
    }

    private static <V> void split(Schema schema, Map<String, ? extends V> changes, Map<String, V> direct,
                                  Map<String, Map<String, V>> nested) {
        changes.forEach((path, change) -> {
            int dot = path.indexOf('.');
            if (dot < 0 || schema.field(path) != null) {
                direct.put(path, change);
            } else {
                nested.computeIfAbsent(path.substring(0, dot), k -> new LinkedHashMap<>())
                        .put(path.substring(dot + 1), change);
            }
        });
    }

    /** The same schema, but optional; an optional schema is returned as is. */
    public static Schema optional(Schema schema) {
        if (schema.isOptional()) {
            return schema;
        }
        SchemaBuilder builder = switch (schema.type()) {
            case ARRAY -> SchemaBuilder.array(schema.valueSchema());
            case MAP -> SchemaBuilder.map(schema.keySchema(), schema.valueSchema());
            case STRUCT -> {
                SchemaBuilder struct = SchemaBuilder.struct();
                schema.fields().forEach(f -> struct.field(f.name(), f.schema()));
                yield struct;
            }
            default -> SchemaBuilder.type(schema.type());
        };
        if (schema.name() != null) {
            builder.name(schema.name());
        }
        if (schema.version() != null) {
            builder.version(schema.version());
        }
        if (schema.doc() != null) {
            builder.doc(schema.doc());
        }
        if (schema.parameters() != null) {
            builder.parameters(schema.parameters());
        }
        return builder.optional().build();
    }
}
