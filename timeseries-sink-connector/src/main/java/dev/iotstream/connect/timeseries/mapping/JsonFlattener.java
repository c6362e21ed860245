package dev.iotstream.connect.timeseries.mapping;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;

import java.io.IOException;

/**
 * Parses JSON values that arrive as bytes (ByteArrayConverter) or text (StringConverter) with Jackson's
 * streaming parser straight into flattened paths, without a tree, a map per nesting level or a copy. This is
 * the fast path: with JsonConverter, Connect first builds a JsonNode tree, then a HashMap from it, which the
 * task-thread profile showed as the largest cost of the whole sink. Same results as flattening the map
 * JsonConverter would give: nested objects become dotted paths, nulls are kept (as absent-but-named), arrays
 * are not written, a top-level scalar becomes the field {@code value}. Not thread-safe: one per task.
 */
final class JsonFlattener {
    /**
     * Canonicalizes field names, so repeated keys are the same String instances record after record. The fast
     * double parser gives the same, correctly rounded values as the JDK's, at a fraction of the cost: decimal
     * parsing was a tenth of the mapping profile.
     */
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
            .build();
    private final FlatValues values = new FlatValues();
    /** The common records without a Jackson parser each (see {@link FlatJsonReader}); null: Jackson only. */
    private final FlatJsonReader reader;

    JsonFlattener() {
        this(true);
    }

    /** {@code withoutJackson} false reads every record with Jackson: the reference the properties compare with. */
    JsonFlattener(boolean withoutJackson) {
        this.reader = withoutJackson ? new FlatJsonReader() : null;
    }

    FlatRecord parse(byte[] json) {
        if (reader != null) {
            values.clear0();
            if (reader.read(json, values)) {
                return new FlatRecord(values, true);
            }
        }
        try (JsonParser parser = FACTORY.createParser(json)) {
            return parse(parser);
        } catch (IOException e) {
            throw notJson(e);
        }
    }

    FlatRecord parse(String json) {
        try (JsonParser parser = FACTORY.createParser(json)) {
            return parse(parser);
        } catch (IOException e) {
            throw notJson(e);
        }
    }

    /** Jackson's original message, without the location suffix that would repeat the whole value. */
    private static MappingException notJson(IOException e) {
        String reason = e instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : e.getMessage();
        return new MappingException("value is not valid JSON: " + reason);
    }

    private FlatRecord parse(JsonParser parser) throws IOException {
        values.clear0();
        JsonToken first = parser.nextToken();
        if (first == null) {
            throw new MappingException("value is not valid JSON: no content");
        }
        switch (first) {
            case START_OBJECT -> readObject(parser, null);
            case START_ARRAY -> {
                parser.skipChildren();
                requireEnd(parser);
                throw new MappingException("JSON value is an array: expected an object");
            }
            case VALUE_NULL -> {
                requireEnd(parser);
                throw new MappingException("JSON value is null: nothing to write");
            }
            default -> values.set(RecordFlattener.SCALAR_FIELD, scalar(parser, first));
        }
        requireEnd(parser);
        return new FlatRecord(values, true);
    }

    /**
     * Reads the members of an object whose START_OBJECT was consumed; {@code prefix} ends with the separator.
     * Recursion depth is bounded by Jackson's StreamReadConstraints (a data error beyond it), as before.
     */
    private void readObject(JsonParser parser, String prefix) throws IOException {
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            String path = prefix == null ? name : prefix.concat(name);
            JsonToken token = parser.nextToken();
            switch (token) {
                case START_OBJECT -> readObject(parser, path.concat("."));
                // Arrays have no line-protocol representation; they are not written.
                case START_ARRAY -> parser.skipChildren();
                case VALUE_NULL -> values.set(path, null);
                default -> values.set(path, scalar(parser, token));
            }
        }
    }

    /** The same Java types Jackson's untyped binding gives: Integer/Long/BigInteger, Double, String, Boolean. */
    private static Object scalar(JsonParser parser, JsonToken token) throws IOException {
        return switch (token) {
            case VALUE_NUMBER_INT -> parser.getNumberValue();
            case VALUE_NUMBER_FLOAT -> parser.getDoubleValue();
            case VALUE_STRING -> parser.getText();
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            default -> throw new MappingException("value is not valid JSON: unexpected " + token);
        };
    }

    private static void requireEnd(JsonParser parser) throws IOException {
        JsonToken trailing = parser.nextToken();
        if (trailing != null) {
            throw new MappingException("value is not valid JSON: trailing token " + trailing + " after the value");
        }
    }
}
