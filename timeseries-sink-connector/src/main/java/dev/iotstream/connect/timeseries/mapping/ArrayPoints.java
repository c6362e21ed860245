package dev.iotstream.connect.timeseries.mapping;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.connect.sink.SinkRecord;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code points.array}: one point per element of an array, the record's value itself ({@code $}) or the array at
 * a dotted path. Each element is mapped like a record whose value is the element's members over the members
 * outside the array (so those can be tags or fields, and an element's own member wins); a scalar element becomes
 * the field {@code value}. The usual settings apply per element (time.field may name an element member or one
 * outside). Elements that cannot be mapped are named by index in the record's dead letter reason; the others are
 * written. JSON (bytes, strings) and maps only; this path parses into maps, the streaming path is for one point.
 */
public final class ArrayPoints implements RecordMapping {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_REASONS = 20;
    private final PointMapper mapper;
    private final String path;
    private final List<String> segments;

    public ArrayPoints(PointMapper mapper, String path) {
        this.mapper = mapper;
        this.path = path;
        this.segments = "$".equals(path) ? List.of() : List.of(path.split("\\."));
    }

    @Override
    public MappedRecord map(SinkRecord record) {
        Object value = structure(record.value());
        Map<String, Object> outside = new LinkedHashMap<>();
        List<?> elements = find(value, outside);
        if (elements.isEmpty()) {
            throw new MappingException("the array at points.array '" + path + "' is empty: no point to write");
        }
        StringBuilder lines = new StringBuilder();
        StringBuilder problems = new StringBuilder();
        int points = 0;
        int bad = 0;
        int nonFinite = 0;
        String destination = null;
        for (int i = 0; i < elements.size(); i++) {
            Map<String, Object> merged = new LinkedHashMap<>(outside);
            Object element = elements.get(i);
            if (element instanceof Map<?, ?> members) {
                members.forEach((k, v) -> merged.put(String.valueOf(k), v));
            } else {
                merged.put(RecordFlattener.SCALAR_FIELD, element);
            }
            try {
                MappedPoint point = mapper.map(record.newRecord(record.topic(), record.kafkaPartition(),
                        record.keySchema(), record.key(), null, merged, record.timestamp(), record.headers()));
                if (points > 0 && !Objects.equals(point.destination(), destination)) {
                    throw new MappingException("routes to '" + point.destination() + "', another element of the "
                            + "record to '" + destination + "'; a record's points go to one destination");
                }
                destination = point.destination();
                if (points++ > 0) {
                    lines.append('\n');
                }
                lines.append(point.line());
                nonFinite += point.nonFiniteSkipped();
            } catch (MappingException | ArithmeticException e) {
                if (bad++ < MAX_REASONS) {
                    problems.append(problems.isEmpty() ? "" : "; ").append("element ").append(i).append(": ")
                            .append(e.getMessage());
                }
            }
        }
        String problem = bad == 0 ? null : bad + " of " + elements.size() + " array element(s) not written: "
                + problems + (bad > MAX_REASONS ? "; ..." : "");
        return new MappedRecord(points == 0 ? null : lines.toString(), points, nonFinite, destination, problem);
    }

    /** The array, filling {@code outside} with the value's other members (nested ones as nested maps). */
    private List<?> find(Object value, Map<String, Object> outside) {
        if (segments.isEmpty()) {
            if (value instanceof List<?> list) {
                return list;
            }
            throw new MappingException("points.array is '$' but the record value is not an array");
        }
        Object current = value;
        Map<String, Object> level = outside;
        for (int i = 0; i < segments.size(); i++) {
            if (!(current instanceof Map<?, ?> map)) {
                throw new MappingException("points.array '" + path + "': the value has no object at '"
                        + String.join(".", segments.subList(0, i)) + "'");
            }
            String segment = segments.get(i);
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (!segment.equals(e.getKey())) {
                    level.put(String.valueOf(e.getKey()), e.getValue());
                }
            }
            current = map.get(segment);
            if (i < segments.size() - 1) {
                Map<String, Object> next = new LinkedHashMap<>();
                level.put(segment, next);
                level = next;
            }
        }
        if (current instanceof List<?> list) {
            return list;
        }
        throw new MappingException("points.array '" + path + "': " + (current == null ? "missing or null"
                : "not an array"));
    }

    private static Object structure(Object value) {
        try {
            if (value instanceof byte[] bytes) {
                return JSON.readValue(bytes, Object.class);
            }
            if (value instanceof String text) {
                return JSON.readValue(text, Object.class);
            }
        } catch (JsonProcessingException e) {
            throw new MappingException("value is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new MappingException("value is not valid JSON: " + e.getMessage());
        }
        if (value instanceof Map<?, ?> || value instanceof List<?>) {
            return value;
        }
        if (value == null) {
            throw new MappingException("record value is null (tombstone): nothing to write");
        }
        throw new MappingException("points.array needs JSON (bytes or strings) or schemaless map values, got "
                + value.getClass().getSimpleName());
    }
}
