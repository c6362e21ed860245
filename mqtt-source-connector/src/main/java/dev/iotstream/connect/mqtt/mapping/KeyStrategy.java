package dev.iotstream.connect.mqtt.mapping;

import java.util.Map;
import java.util.Optional;

/** Record key: none, the whole MQTT topic, or one segment (by template name or 0-based level index). */
public final class KeyStrategy {
    private enum Kind { NONE, TOPIC, SEGMENT_NAME, SEGMENT_INDEX }

    private final Kind kind;
    private final String name;
    private final int index;

    private KeyStrategy(Kind kind, String name, int index) {
        this.kind = kind;
        this.name = name;
        this.index = index;
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
        throw new IllegalArgumentException("'" + spec + "' must be none, topic, segment:<name from a"
                + " kafka.topic.mappings template> or segment:<0-based level index>");
    }

    public boolean isNone() {
        return kind == Kind.NONE;
    }

    /** @return the key, or null when the topic has no such segment (records then have no key) */
    public String key(String mqttTopic, Map<String, String> segments) {
        return switch (kind) {
            case NONE -> null;
            case TOPIC -> mqttTopic;
            case SEGMENT_NAME -> segments.get(name);
            case SEGMENT_INDEX -> {
                String[] levels = mqttTopic.split("/", -1);
                yield index < levels.length ? levels[index] : null;
            }
        };
    }
}
