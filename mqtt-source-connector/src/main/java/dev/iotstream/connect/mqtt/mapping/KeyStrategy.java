package dev.iotstream.connect.mqtt.mapping;

import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;

import java.util.Map;
import java.util.Optional;

/**
 * Record key: none, the whole MQTT topic, one segment (by template name or 0-based level index), or a field of
 * the decoded payload (json or senml, dotted path into nested objects).
 */
public final class KeyStrategy {
    private enum Kind { NONE, TOPIC, SEGMENT_NAME, SEGMENT_INDEX, FIELD }

    private final Kind kind;
    private final String name;
    private final int index;
    private final String[] path;

    private KeyStrategy(Kind kind, String name, int index) {
        this.kind = kind;
        this.name = name;
        this.index = index;
        this.path = kind == Kind.FIELD ? name.split("\\.", -1) : null;
    }

    public static Optional<String> problem(String spec) {
        try {
            parse(spec);
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage());
        }
    }

    public static KeyStrategy parse(String spec) {
        String s = spec == null ? "" : spec.strip();
        if (s.equals("none")) {
            return new KeyStrategy(Kind.NONE, null, -1);
        }
        if (s.equals("topic")) {
            return new KeyStrategy(Kind.TOPIC, null, -1);
        }
        if (s.startsWith("segment:") && s.length() > "segment:".length()) {
            String ref = s.substring("segment:".length()).strip();
            if (ref.chars().allMatch(Character::isDigit)) {
                try {
                    return new KeyStrategy(Kind.SEGMENT_INDEX, null, Integer.parseInt(ref));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("'" + spec + "': segment index too large");
                }
            }
            return new KeyStrategy(Kind.SEGMENT_NAME, ref, -1);
        }
        if (s.startsWith("field:") && s.length() > "field:".length()) {
            String path = s.substring("field:".length()).strip();
            for (String part : path.split("\\.", -1)) {
                if (part.isEmpty()) {
                    throw new IllegalArgumentException("'" + spec + "': empty name in the field path");
                }
            }
            return new KeyStrategy(Kind.FIELD, path, -1);
        }
        throw new IllegalArgumentException("'" + spec + "' must be none, topic, segment:<name from a"
                + " kafka.topic.mappings template>, segment:<0-based level index> or field:<path in the decoded"
                + " payload>");
    }

    public boolean isNone() {
        return kind == Kind.NONE;
    }

    /** The key comes from each decoded value ({@link #keyOf}), not from the MQTT topic. */
    public boolean fromPayload() {
        return kind == Kind.FIELD;
    }

    /**
     * The field's value as a string, or null when the value is not a map or Struct or lacks the field, or the
     * field is null or not a scalar (the record then has no key, as with a topic without the segment).
     */
    public String keyOf(Object value) {
        Object current = value;
        for (String part : path) {
            if (current instanceof Map<?, ?> map) {
                current = map.get(part);
            } else if (current instanceof Struct struct) {
                Field field = struct.schema().field(part);
                current = field == null ? null : struct.get(field);
            } else {
                return null;
            }
        }
        return current instanceof String || current instanceof Number || current instanceof Boolean
                ? current.toString() : null;
    }

    /** @return the key, or null when the topic has no such segment (records then have no key) */
    public String key(String mqttTopic, Map<String, String> segments) {
        return switch (kind) {
            case NONE, FIELD -> null;
            case TOPIC -> mqttTopic;
            case SEGMENT_NAME -> segments.get(name);
            case SEGMENT_INDEX -> {
                String[] levels = mqttTopic.split("/", -1);
                yield index < levels.length ? levels[index] : null;
            }
        };
    }
}
