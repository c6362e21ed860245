package dev.iotstream.connect.mqtt.payload;

import dev.iotstream.connect.common.json.JsonDecodeException;
import dev.iotstream.connect.common.json.JsonOptions;
import dev.iotstream.connect.common.json.JsonReader;
import dev.iotstream.connect.common.json.JsonSchemas;
import org.apache.kafka.connect.data.SchemaAndValue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON payload to a schemaless value (Map/List/String/Long/Double/Boolean) or to a Struct whose schema is inferred
 * from the document, with the shared {@link JsonReader} rules (the same as ParseJson's), so every value is one the
 * standard converters can write. An empty payload becomes a null value (MQTT clears retained messages with one).
 * With a records path ({@link JsonBatching}) the array there gives one value per element, and an element that
 * cannot become a value is an {@link ElementFailure} naming its index while the others go on.
 */
final class JsonDecoder implements PayloadDecoder {
    private final JsonReader reader;
    private final JsonSchemas schemas; // null: schemaless
    private final JsonBatching batching;

    JsonDecoder(JsonOptions options, boolean asStruct) {
        this(options, asStruct, JsonBatching.NONE);
    }

    JsonDecoder(JsonOptions options, boolean asStruct, JsonBatching batching) {
        this.reader = new JsonReader(options);
        this.schemas = asStruct ? new JsonSchemas("payload.json.output=map") : null;
        this.batching = batching;
    }

    @Override
    public List<Decoded> decode(byte[] payload) throws PayloadDecodeException {
        Batch batch = decodeMessage(null, payload);
        if (!batch.failures().isEmpty()) {
            ElementFailure f = batch.failures().get(0);
            throw new PayloadDecodeException(f.element() + ": " + f.reason());
        }
        return batch.values();
    }

    @Override
    public Batch decodeMessage(String topic, byte[] payload) throws PayloadDecodeException {
        if (payload.length == 0) {
            return new Batch(List.of(new Decoded(null, null)), List.of());
        }
        Object document;
        try {
            document = reader.read(payload);
        } catch (JsonDecodeException e) {
            throw new PayloadDecodeException("payload is " + e.getMessage(), e);
        }
        if (!batching.enabled()) {
            try {
                return new Batch(List.of(decoded(document)), List.of());
            } catch (JsonDecodeException e) {
                throw new PayloadDecodeException("payload is " + e.getMessage(), e);
            }
        }
        return fanOut(document);
    }

    private Batch fanOut(Object document) throws PayloadDecodeException {
        String path = batching.pathText();
        Object found = at(document, batching.path());
        if (!(found instanceof List<?> elements)) {
            throw new PayloadDecodeException("payload.json.records.path '" + path + "' is "
                    + (found == null ? "missing or null" : "not an array but " + kind(found)) + " in this message");
        }
        if (elements.size() > batching.maxRecords()) {
            throw new PayloadDecodeException("the array at '" + path + "' has " + elements.size()
                    + " elements, more than payload.max.records (" + batching.maxRecords() + ")");
        }
        Map<String, Object> copied = copied(document);
        List<Decoded> values = new ArrayList<>(elements.size());
        List<ElementFailure> failures = new ArrayList<>(0);
        for (int i = 0; i < elements.size(); i++) {
            Object element = elements.get(i);
            String name = (batching.path().isEmpty() ? "" : path) + "[" + i + "]";
            if (!copied.isEmpty()) {
                if (!(element instanceof Map<?, ?> object)) {
                    failures.add(new ElementFailure(name, "is " + kind(element)
                            + ", not an object: payload.json.records.copy cannot add fields to it"));
                    continue;
                }
                @SuppressWarnings("unchecked")
                Map<String, Object> own = (Map<String, Object>) object;
                Map<String, Object> merged = new LinkedHashMap<>(copied);
                merged.putAll(own); // the element's own fields (e.g. its own time) win over copied ones
                element = merged;
            }
            try {
                values.add(decoded(element));
            } catch (JsonDecodeException | RuntimeException e) {
                failures.add(new ElementFailure(name, e.getMessage() == null ? e.toString() : e.getMessage()));
            }
        }
        return new Batch(values, failures);
    }

    private Map<String, Object> copied(Object document) {
        if (batching.copies().isEmpty()) {
            return Map.of();
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (JsonBatching.Copy c : batching.copies()) {
            Object v = at(document, c.source());
            if (v != null) {
                out.put(c.target(), v);
            }
        }
        return out;
    }

    private static Object at(Object document, List<String> path) {
        Object current = document;
        for (String segment : path) {
            if (!(current instanceof Map<?, ?> m)) {
                return null;
            }
            current = m.get(segment);
        }
        return current;
    }

    private static String kind(Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof Map) {
            return "an object";
        }
        if (v instanceof List) {
            return "an array";
        }
        if (v instanceof String) {
            return "a string";
        }
        if (v instanceof Boolean) {
            return "a boolean";
        }
        return "a number";
    }

    private Decoded decoded(Object value) throws JsonDecodeException {
        if (schemas == null) {
            return new Decoded(null, value);
        }
        SchemaAndValue connect = schemas.toConnect(value);
        return new Decoded(connect.schema(), connect.value());
    }
}
