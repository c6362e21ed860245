package dev.iotstream.connect.transforms;

import dev.iotstream.connect.transforms.util.RecordPart;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.transforms.util.SchemaUtil;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Replaces every array, at any depth, by one field per element named {@code field.index} (arrays of arrays
 * give {@code field.i.j}); nested maps and Structs stay nested so that Kafka's {@code Flatten} (which fails on
 * schemaless arrays and passes Struct arrays through unchanged) can flatten them afterwards. Use {@link Key}
 * or {@link Value}.
 */
public abstract class FlattenArrays<R extends ConnectRecord<R>> extends PartTransform<R> {
    public static final String OVERVIEW_DOC = "Turns arrays (of numbers, strings, objects or arrays), at any depth, "
            + "into one field per element named field.index, which Kafka's Flatten cannot do. Run it before "
            + "org.apache.kafka.connect.transforms.Flatten$Value to get flat field names such as loc.lat and v.0.";

    private String delimiter;
    private int maxElements;
    private String[] suffixes;

    @Override
    public void configure(Map<String, ?> configs) {
        FlattenArraysConfig config = new FlattenArraysConfig(configs);
        delimiter = config.delimiter();
        maxElements = config.maxElements();
        suffixes = new String[Math.min(maxElements, 256)];
        for (int i = 0; i < suffixes.length; i++) {
            suffixes[i] = delimiter + i;
        }
    }

    private String suffix(int index) {
        return index < suffixes.length ? suffixes[index] : delimiter + index;
    }

    @Override
    protected String name() {
        return "FlattenArrays";
    }

    private List<?> checked(R record, String name, List<?> list) {
        if (list.size() > maxElements) {
            throw error(record, "array field '" + name + "' has " + list.size() + " elements, more than max.elements="
                    + maxElements);
        }
        return list;
    }

    @Override
    protected R applySchemaless(R record, Map<?, ?> value) {
        if (!hasArray(value)) {
            return record;
        }
        return part().with(record, null, flattenMap(record, value));
    }

    // Maps without arrays are shared, not copied: nothing here or downstream mutates them.
    private static boolean hasArray(Map<?, ?> map) {
        for (Object value : map.values()) {
            if (isScalar(value)) {
                continue;
            }
            if (value instanceof List<?> || value instanceof Map<?, ?> nested && hasArray(nested)) {
                return true;
            }
        }
        return false;
    }

    private Map<?, ?> flattenMap(R record, Map<?, ?> map) {
        if (!hasArray(map)) {
            return map;
        }
        Map<String, Object> out = new LinkedHashMap<>(Math.max(16, map.size() * 2));
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            put(record, out, String.valueOf(entry.getKey()), entry.getValue());
        }
        return out;
    }

    // Exact-class tests for the usual JSON scalars first: on Java 17, interleaved instanceof checks against
    // List and Map for the same classes thrash HotSpot's secondary-supers cache (JDK-8180450) and cost microseconds.
    private static boolean isScalar(Object value) {
        Class<?> type = value == null ? null : value.getClass();
        return type == null || type == Double.class || type == String.class || type == Long.class
                || type == Boolean.class || type == Integer.class;
    }

    private void put(R record, Map<String, Object> out, String name, Object value) {
        if (isScalar(value)) {
            out.put(name, value);
        } else if (value instanceof List<?> list) {
            List<?> elements = checked(record, name, list);
            for (int i = 0; i < elements.size(); i++) {
                put(record, out, name.concat(suffix(i)), elements.get(i));
            }
        } else if (value instanceof Map<?, ?> nested) {
            out.put(name, flattenMap(record, nested));
        } else {
            out.put(name, value);
        }
    }

    @Override
    protected R applyWithSchema(R record, Struct value) {
        List<Object> key = new ArrayList<>();
        key.add(value.schema());
        collectLengths(record, value, key);
        Schema schema = cachedSchema(key, k -> structSchema(value.schema(), value));
        return part().with(record, schema, struct(value, schema));
    }

    // The flattened schema depends on the array lengths of this value, so they are part of the cache key.
    private void collectLengths(R record, Object value, List<Object> lengths) {
        if (value instanceof Struct struct) {
            for (Field field : struct.schema().fields()) {
                Object child = struct.get(field);
                if (field.schema().type() == Schema.Type.ARRAY) {
                    lengths.add(child == null ? -1 : checked(record, field.name(), (List<?>) child).size());
                }
                collectLengths(record, child, lengths);
            }
        } else if (value instanceof List<?> list) {
            for (Object element : list) {
                if (element instanceof List<?> inner) {
                    lengths.add(checked(record, "[]", inner).size());
                }
                collectLengths(record, element, lengths);
            }
        }
    }

    private Schema structSchema(Schema schema, Struct value) {
        SchemaBuilder builder = SchemaUtil.copySchemaBasics(schema, SchemaBuilder.struct());
        for (Field field : schema.fields()) {
            addField(builder, field.name(), field.schema(), value == null ? null : value.get(field));
        }
        return builder.build();
    }

    private void addField(SchemaBuilder builder, String name, Schema schema, Object value) {
        if (schema.type() == Schema.Type.ARRAY) {
            List<?> list = value == null ? List.of() : (List<?>) value;
            for (int i = 0; i < list.size(); i++) {
                addField(builder, name + delimiter + i, schema.valueSchema(), list.get(i));
            }
        } else if (schema.type() == Schema.Type.STRUCT) {
            Schema nested = structSchema(schema, (Struct) value);
            builder.field(name, schema.isOptional() && !nested.isOptional() ? optionalStruct(nested) : nested);
        } else {
            builder.field(name, schema);
        }
    }

    private static Schema optionalStruct(Schema struct) {
        SchemaBuilder builder = SchemaUtil.copySchemaBasics(struct, SchemaBuilder.struct()).optional();
        struct.fields().forEach(f -> builder.field(f.name(), f.schema()));
        return builder.build();
    }

    private Struct struct(Struct old, Schema schema) {
        Struct out = new Struct(schema);
        for (Field field : old.schema().fields()) {
            putValue(out, field.name(), field.schema(), old.get(field));
        }
        return out;
    }

    private void putValue(Struct out, String name, Schema schema, Object value) {
        if (schema.type() == Schema.Type.ARRAY) {
            List<?> list = value == null ? List.of() : (List<?>) value;
            for (int i = 0; i < list.size(); i++) {
                putValue(out, name + delimiter + i, schema.valueSchema(), list.get(i));
            }
        } else if (schema.type() == Schema.Type.STRUCT && value != null) {
            out.put(name, struct((Struct) value, out.schema().field(name).schema()));
        } else {
            out.put(name, value);
        }
    }

    @Override
    public ConfigDef config() {
        return FlattenArraysConfig.CONFIG_DEF;
    }

    /** Flattens arrays in the record key. */
    public static final class Key<R extends ConnectRecord<R>> extends FlattenArrays<R> {
        @Override
        protected RecordPart part() {
            return RecordPart.KEY;
        }
    }

    /** Flattens arrays in the record value. */
    public static final class Value<R extends ConnectRecord<R>> extends FlattenArrays<R> {
        @Override
        protected RecordPart part() {
            return RecordPart.VALUE;
        }
    }
}
