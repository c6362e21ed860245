package dev.iotstream.connect.common.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import dev.iotstream.connect.common.json.JsonDecodeException.Kind;

import java.io.IOException;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON to plain Java values (LinkedHashMap, ArrayList, String, Boolean, Long, Double, null): the one JSON reading
 * path of the MQTT source's {@code json} format and the ParseJson transform. Every value it returns can be written
 * by Connect's JsonConverter with and without schemas, so one device's odd message cannot fail a task downstream.
 * The rules, for input that is valid JSON but not representable as is:
 * <ul>
 *   <li>integers beyond 64 bits become the nearest Double (precision lost, as in JavaScript); beyond the double
 *       range (about 1.8e308), like any number that overflows to infinity, they are refused;</li>
 *   <li>NaN and Infinity are not JSON and are refused (Jackson's default);</li>
 *   <li>objects and arrays below {@link JsonOptions#maxDepth()} are kept as their compact JSON text; input nested
 *       deeper than {@link JsonOptions#MAX_NESTING} is refused;</li>
 *   <li>duplicate keys: the last value wins, at the position of the first (JavaScript's JSON.parse does the same);</li>
 *   <li>bytes must be strict UTF-8, and text must not hold unpaired surrogates (no converter can write them).</li>
 * </ul>
 * Anything refused, and any exception from the parser, is a {@link JsonDecodeException}. Streaming instead of
 * ObjectMapper trees avoids a second pass and the JsonNode garbage. Thread-safe.
 */
public final class JsonReader {
    /** Largest integer a double holds exactly; bigger integers stay longs so epoch-ns times do not lose digits. */
    private static final long EXACT_DOUBLE_LIMIT = 1L << 53;

    private final JsonFactory factory;
    private final JsonOptions options;

    public JsonReader(JsonOptions options) {
        this.factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(JsonOptions.MAX_NESTING).build())
                .build();
        this.options = options;
    }

    public JsonOptions options() {
        return options;
    }

    /** @return the value, or null for the JSON literal null */
    public Object read(byte[] json) throws JsonDecodeException {
        int bad = Utf8Check.firstInvalid(json);
        if (bad >= 0) {
            throw new JsonDecodeException(Kind.UNSUPPORTED, "not valid UTF-8: invalid byte 0x"
                    + Integer.toHexString(json[bad] & 0xFF) + " at offset " + bad, null);
        }
        try (JsonParser parser = factory.createParser(json)) {
            return readRoot(parser);
        } catch (JsonDecodeException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw failure(e);
        }
    }

    public Object read(String json) throws JsonDecodeException {
        try (JsonParser parser = factory.createParser(json)) {
            return readRoot(parser);
        } catch (JsonDecodeException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw failure(e);
        }
    }

    /** Like {@link #read(byte[])} for readers configured with objectsOnly. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> readObject(byte[] json) throws JsonDecodeException {
        return (Map<String, Object>) read(json);
    }

    @SuppressWarnings("unchecked")
    public Map<String, Object> readObject(String json) throws JsonDecodeException {
        return (Map<String, Object>) read(json);
    }

    private Object readRoot(JsonParser parser) throws IOException, JsonDecodeException {
        JsonToken first = parser.nextToken();
        if (first == null) {
            throw new JsonDecodeException(Kind.SHAPE, "no JSON content (empty or blank payload)", null);
        }
        if (options.objectsOnly() && first != JsonToken.START_OBJECT) {
            throw new JsonDecodeException(Kind.SHAPE, "the JSON value must be an object, found " + describe(first),
                    null);
        }
        Object root = new Parse(parser).value(first, 1);
        if (parser.nextToken() != null) {
            throw new JsonDecodeException(Kind.SHAPE, "unexpected content after the JSON "
                    + (options.objectsOnly() ? "object" : "value") + at(parser.currentLocation()), null);
        }
        return root;
    }

    /** One parse. */
    private final class Parse {
        private final JsonParser parser;

        Parse(JsonParser parser) {
            this.parser = parser;
        }

        Object value(JsonToken token, int depth) throws IOException, JsonDecodeException {
            switch (token) {
                case VALUE_STRING:
                    return string(parser.getText());
                case VALUE_NUMBER_INT:
                    return integer();
                case VALUE_NUMBER_FLOAT:
                    return finite(parser.getDoubleValue());
                case VALUE_TRUE:
                    return Boolean.TRUE;
                case VALUE_FALSE:
                    return Boolean.FALSE;
                case VALUE_NULL:
                    return null;
                case START_OBJECT:
                    return depth > options.maxDepth() ? string(text()) : object(depth);
                case START_ARRAY:
                    return depth > options.maxDepth() ? string(text()) : array(depth);
                default:
                    throw new JsonDecodeException(Kind.SYNTAX, "unexpected JSON token " + token
                            + at(parser.currentLocation()), null);
            }
        }

        private Map<String, Object> object(int depth) throws IOException, JsonDecodeException {
            Map<String, Object> object = new LinkedHashMap<>();
            String name;
            while ((name = parser.nextFieldName()) != null) {
                object.put(string(name), value(parser.nextToken(), depth + 1));
            }
            return object;
        }

        private List<Object> array(int depth) throws IOException, JsonDecodeException {
            List<Object> array = new ArrayList<>();
            JsonToken token;
            while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
                array.add(value(token, depth + 1));
            }
            return array;
        }

        private Object integer() throws IOException, JsonDecodeException {
            if (parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                return finite(parser.getDoubleValue());
            }
            long value = parser.getLongValue();
            if (options.numbers() == JsonNumbers.DOUBLE && value <= EXACT_DOUBLE_LIMIT
                    && value >= -EXACT_DOUBLE_LIMIT) {
                return (double) value;
            }
            return value;
        }

        private Double finite(double value) throws JsonDecodeException {
            if (!Double.isFinite(value)) {
                throw new JsonDecodeException(Kind.UNSUPPORTED, "number " + abbreviated(safeText())
                        + " is beyond the range of a double" + at(parser.currentLocation()), null);
            }
            return value;
        }

        private String safeText() {
            try {
                return parser.getText();
            } catch (IOException e) {
                return "?";
            }
        }

        private String string(String s) throws JsonDecodeException {
            // also for byte input: a JSON escape of a lone surrogate makes one out of valid UTF-8
            if (Utf8Check.firstLoneSurrogate(s) >= 0) {
                throw new JsonDecodeException(Kind.UNSUPPORTED, "a string holds an unpaired UTF-16 surrogate"
                        + at(parser.currentLocation()), null);
            }
            return s;
        }

        private String text() throws IOException {
            StringWriter out = new StringWriter();
            try (JsonGenerator generator = factory.createGenerator(out)) {
                generator.copyCurrentStructure(parser);
            }
            return out.toString();
        }
    }

    private static JsonDecodeException failure(Exception e) {
        String message = e instanceof JsonProcessingException p ? p.getOriginalMessage() : e.getMessage();
        JsonLocation location = e instanceof JsonProcessingException p ? p.getLocation() : null;
        if (message == null) {
            message = e.getClass().getSimpleName();
        }
        return new JsonDecodeException(Kind.SYNTAX, abbreviated(message) + at(location), e);
    }

    private static String at(JsonLocation location) {
        return location == null || location.getLineNr() < 0 ? ""
                : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }

    private static String abbreviated(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "... (" + s.length() + " chars)";
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
}
