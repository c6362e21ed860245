package dev.iotstream.connect.transforms;

import dev.iotstream.connect.transforms.CoerceTypesConfig.Target;
import dev.iotstream.connect.transforms.util.FieldPath;
import dev.iotstream.connect.transforms.util.MapUpdates;
import dev.iotstream.connect.transforms.util.RecordPart;
import dev.iotstream.connect.transforms.util.Records;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.transforms.util.SchemaUtil;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Makes field types stable for time-series stores: per-field targets (double, long, boolean, string) and
 * optionally every number to double. Missing and null fields are left alone; a value that cannot be converted
 * fails naming field and value. Use {@link Key} or {@link Value}.
 */
public abstract class CoerceTypes<R extends ConnectRecord<R>> extends PartTransform<R> {
    public static final String OVERVIEW_DOC = "Makes field types stable for time-series stores: integers to doubles, "
            + "numeric strings to numbers, booleans from 0/1/on/off/yes/no, per field or for all numeric fields.";

    private Map<FieldPath, Target> spec;
    private Map<String, Target> specByPath;
    private boolean numbersToDouble;

    @Override
    public void configure(Map<String, ?> configs) {
        CoerceTypesConfig config = new CoerceTypesConfig(configs);
        spec = config.spec();
        specByPath = new HashMap<>();
        spec.forEach((path, target) -> specByPath.put(path.text(), target));
        numbersToDouble = config.numbersToDouble();
    }

    @Override
    protected String name() {
        return "CoerceTypes";
    }

    private Object coerce(R record, String path, Object value, Target target) {
        try {
            return Coercions.coerce(value, target);
        } catch (IllegalArgumentException e) {
            String shown = value instanceof String ? "'" + value + "'" : String.valueOf(value);
            throw error(record, "cannot coerce field '" + path + "' value " + shown + " (" + Records.typeName(value)
                    + ") to " + target.name().toLowerCase() + ": " + e.getMessage());
        }
    }

    @Override
    protected R applySchemaless(R record, Map<?, ?> value) {
        Map<?, ?> base = numbersToDouble ? widen(value) : value;
        Map<String, Object> changes = new LinkedHashMap<>();
        spec.forEach((path, target) -> {
            Object raw = path.get(value);
            if (raw != FieldPath.MISSING && raw != null) {
                changes.put(path.text(), coerce(record, path.text(), raw, target));
            }
        });
        return part().with(record, null, MapUpdates.update(base, changes));
    }

    private static Map<String, Object> widen(Map<?, ?> map) {
        Map<String, Object> out = new LinkedHashMap<>(Math.max(16, map.size() * 2));
        map.forEach((k, v) -> out.put(String.valueOf(k), widenValue(v)));
        return out;
    }

    private static Object widenValue(Object value) {
        if (value instanceof Double) {
            return value;
        }
        if (value instanceof Number number) {
            return number.doubleValue();
        }
        if (value instanceof Map<?, ?> nested) {
            return widen(nested);
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            list.forEach(v -> out.add(widenValue(v)));
            return out;
        }
        return value;
    }

    @Override
    protected R applyWithSchema(R record, Struct value) {
        Schema schema = cachedSchema(value.schema(), s -> convertSchema((Schema) s, ""));
        return part().with(record, schema, convertStruct(record, value, schema, ""));
    }

    private Schema convertSchema(Schema schema, String prefix) {
        switch (schema.type()) {
            case STRUCT: {
                SchemaBuilder builder = SchemaUtil.copySchemaBasics(schema, SchemaBuilder.struct());
                for (Field field : schema.fields()) {
                    String path = prefix + field.name();
                    Target target = specByPath.get(path);
                    builder.field(field.name(), target != null ? targetSchema(field.schema(), target)
                            : convertSchema(field.schema(), path + "."));
                }
                return builder.build();
            }
            case ARRAY: {
                SchemaBuilder builder = SchemaBuilder.array(convertSchema(schema.valueSchema(), prefix + "[]."));
                return (schema.isOptional() ? builder.optional() : builder).build();
            }
            default:
                if (numbersToDouble && Coercions.widensToDouble(schema)) {
                    return schema.isOptional() ? Schema.OPTIONAL_FLOAT64_SCHEMA : Schema.FLOAT64_SCHEMA;
                }
                return schema;
        }
    }

    private static Schema targetSchema(Schema original, Target target) {
        SchemaBuilder builder = SchemaBuilder.type(Coercions.schemaType(target));
        return (original.isOptional() ? builder.optional() : builder).build();
    }

    private Object convertValue(R record, Object value, Schema from, Schema to, String path) {
        if (value == null || from == to) {
            return value;
        }
        Target target = specByPath.get(path);
        if (target != null) {
            return coerce(record, path, value, target);
        }
        return switch (to.type()) {
            case STRUCT -> convertStruct(record, (Struct) value, to, path + ".");
            case ARRAY -> {
                List<?> list = (List<?>) value;
                List<Object> out = new ArrayList<>(list.size());
                for (Object element : list) {
                    out.add(convertValue(record, element, from.valueSchema(), to.valueSchema(), path + ".[]"));
                }
                yield out;
            }
            case FLOAT64 -> value instanceof BigDecimal || value instanceof Number ? ((Number) value).doubleValue() : value;
            default -> value;
        };
    }

    private Struct convertStruct(R record, Struct old, Schema schema, String prefix) {
        Struct out = new Struct(schema);
        for (Field field : schema.fields()) {
            Field oldField = old.schema().field(field.name());
            out.put(field, convertValue(record, old.get(oldField), oldField.schema(), field.schema(),
                    prefix + field.name()));
        }
        return out;
    }

    @Override
    public ConfigDef config() {
        return CoerceTypesConfig.CONFIG_DEF;
    }

    /** Coerces fields of the record key. */
    public static final class Key<R extends ConnectRecord<R>> extends CoerceTypes<R> {
        @Override
        protected RecordPart part() {
            return RecordPart.KEY;
        }
    }

    /** Coerces fields of the record value. */
    public static final class Value<R extends ConnectRecord<R>> extends CoerceTypes<R> {
        @Override
        protected RecordPart part() {
            return RecordPart.VALUE;
        }
    }
}
