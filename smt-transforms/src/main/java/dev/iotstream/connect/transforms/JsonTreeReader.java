package dev.iotstream.connect.transforms;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;

import java.io.IOException;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Streams JSON into plain Java values (LinkedHashMap, ArrayList, String, Boolean, Long, Double, null) with the
 * configured number typing and depth limit. Streaming instead of ObjectMapper trees avoids a second pass and the
 * JsonNode garbage.
 */
final class JsonTreeReader {
    /** Largest integer a double holds exactly; bigger integers stay longs so epoch-ns times do not lose digits. */
    private static final long EXACT_DOUBLE_LIMIT = 1L << 53;

    private final JsonFactory factory;
    private final boolean doublesOnly;
    private final int maxDepth;

    JsonTreeReader(boolean doublesOnly, int maxDepth) {
        this.factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(1000).build())
                .build();
        this.doublesOnly = doublesOnly;
        this.maxDepth = maxDepth;
    }

    /** Parses exactly one JSON object; anything else (or trailing content) is an {@link IOException}. */
    Map<String, Object> readObject(byte[] json) throws IOException {
        try (JsonParser parser = factory.createParser(json)) {
            return readRoot(parser);
        }
    }

    Map<String, Object> readObject(String json) throws IOException {
        try (JsonParser parser = factory.createParser(json)) {
            return readRoot(parser);
        }
    }

    private Map<String, Object> readRoot(JsonParser parser) throws IOException {
        JsonToken first = parser.nextToken();
        if (first == null) {
            throw new NotAnObjectException("no JSON content (empty or blank payload)");
        }
        if (first != JsonToken.START_OBJECT) {
            throw new NotAnObjectException("the JSON value must be an object, found " + describe(first));
        }
        Map<String, Object> root = readFields(parser, 1);
        JsonToken trailing = parser.nextToken();
        if (trailing != null) {
            throw new NotAnObjectException("unexpected content after the JSON object at line "
                    + parser.currentLocation().getLineNr() + ", column " + parser.currentLocation().getColumnNr());
        }
        return root;
    }

    private Map<String, Object> readFields(JsonParser parser, int depth) throws IOException {
        Map<String, Object> object = new LinkedHashMap<>();
        String name;
        while ((name = parser.nextFieldName()) != null) {
            object.put(name, readValue(parser, parser.nextToken(), depth));
        }
        return object;
    }

    private Object readValue(JsonParser parser, JsonToken token, int depth) throws IOException {
        switch (token) {
            case VALUE_STRING:
                return parser.getText();
            case VALUE_NUMBER_INT:
                return integer(parser);
            case VALUE_NUMBER_FLOAT:
                return parser.getDoubleValue();
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NULL:
                return null;
            case START_OBJECT:
                return depth >= maxDepth ? text(parser) : readFields(parser, depth + 1);
            case START_ARRAY:
                return depth >= maxDepth ? text(parser) : readArray(parser, depth + 1);
            default:
                throw new IOException("unexpected JSON token " + token);
        }
    }

    private List<Object> readArray(JsonParser parser, int depth) throws IOException {
        List<Object> array = new ArrayList<>();
        JsonToken token;
        while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
            array.add(readValue(parser, token, depth));
        }
        return array;
    }

    private Object integer(JsonParser parser) throws IOException {
        JsonParser.NumberType type = parser.getNumberType();
        if (type == JsonParser.NumberType.BIG_INTEGER) {
            return parser.getDoubleValue();
        }
        long value = parser.getLongValue();
        if (doublesOnly && value <= EXACT_DOUBLE_LIMIT && value >= -EXACT_DOUBLE_LIMIT) {
            return (double) value;
        }
        return value;
    }

    private String text(JsonParser parser) throws IOException {
        StringWriter out = new StringWriter();
        try (JsonGenerator generator = factory.createGenerator(out)) {
            generator.copyCurrentStructure(parser);
        }
        return out.toString();
    }

    private static String describe(JsonToken token) {
        return switch (token) {
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> token.toString();
        };
    }

    /** Well-formed JSON that is not a single object. */
    static final class NotAnObjectException extends IOException {
        NotAnObjectException(String message) {
            super(message);
        }
    }
}
