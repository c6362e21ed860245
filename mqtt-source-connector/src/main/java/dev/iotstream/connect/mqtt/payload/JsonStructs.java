package dev.iotstream.connect.mqtt.payload;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Infers a Connect schema from one JSON document: objects become optional structs (fields in document order),
 * integers INT64, other numbers FLOAT64, arrays take the schema of their elements (which must agree). Nulls have
 * no type of their own: a null field becomes an optional string. Conflicting array elements are a decode error,
 * not a guess.
 */
final class JsonStructs {
    private JsonStructs() {
    }

    static PayloadDecoder.Decoded toStruct(JsonNode node) throws PayloadDecodeException {
        Schema schema = infer(node, "$");
        return new PayloadDecoder.Decoded(schema, convert(node, schema));
    }

    private static Schema infer(JsonNode node, String path) throws PayloadDecodeException {
        if (node == null || node.isNull()) {
            return Schema.OPTIONAL_STRING_SCHEMA;
        }
        if (node.isObject()) {
            SchemaBuilder struct = SchemaBuilder.struct().optional();
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                struct.field(field.getKey(), infer(field.getValue(), path + "." + field.getKey()));
            }
            return struct.build();
        }
        if (node.isArray()) {
            Schema element = null;
            int i = 0;
            for (JsonNode item : node) {
                if (item.isNull()) {
                    i++;
                    continue;
                }
                Schema s = infer(item, path + "[" + i + "]");
                if (element != null && !element.equals(s)) {
                    throw new PayloadDecodeException("cannot infer a schema: elements of " + path
                            + " have different types (" + describe(element) + " and " + describe(s) + ")");
                }
                element = s;
                i++;
            }
            return SchemaBuilder.array(element == null ? Schema.OPTIONAL_STRING_SCHEMA : element).optional().build();
        }
        if (node.isBoolean()) {
            return Schema.OPTIONAL_BOOLEAN_SCHEMA;
        }
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            return Schema.OPTIONAL_INT64_SCHEMA;
        }
        if (node.isNumber()) {
            return Schema.OPTIONAL_FLOAT64_SCHEMA;
        }
        return Schema.OPTIONAL_STRING_SCHEMA;
    }

    private static String describe(Schema s) {
        return s.type().getName();
    }

    private static Object convert(JsonNode node, Schema schema) {
        if (node == null || node.isNull()) {
            return null;
        }
        switch (schema.type()) {
            case STRUCT -> {
                Struct struct = new Struct(schema);
                for (org.apache.kafka.connect.data.Field f : schema.fields()) {
                    struct.put(f, convert(node.get(f.name()), f.schema()));
                }
                return struct;
            }
            case ARRAY -> {
                List<Object> list = new ArrayList<>(node.size());
                node.forEach(item -> list.add(convert(item, schema.valueSchema())));
                return list;
            }
            case BOOLEAN -> {
                return node.booleanValue();
            }
            case INT64 -> {
                return node.longValue();
            }
            case FLOAT64 -> {
                return node.doubleValue();
            }
            default -> {
                return node.isTextual() ? node.asText() : node.toString();
            }
        }
    }
}
