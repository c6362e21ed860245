package dev.iotstream.connect.transforms;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * An MQTT topic pattern such as {@code sensors/{site}/{device}/{metric}}: literal levels must be equal,
 * {@code {name}} captures one level, {@code +} matches one level without capturing and a final {@code #}
 * matches any remaining levels (MQTT wildcard semantics). Matching splits on '/' by hand; no regex per record.
 */
final class TopicPattern {
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]*");

    private final String text;
    private final String[] levels;
    private final String[] names;
    private final boolean multiLevelTail;

    private TopicPattern(String text, String[] levels, String[] names, boolean multiLevelTail) {
        this.text = text;
        this.levels = levels;
        this.names = names;
        this.multiLevelTail = multiLevelTail;
    }

    /** Parses a pattern or throws IllegalArgumentException saying what is wrong with it. */
    static TopicPattern parse(String text) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("the pattern must not be empty");
        }
        String[] parts = text.split("/", -1);
        boolean tail = parts[parts.length - 1].equals("#");
        int count = tail ? parts.length - 1 : parts.length;
        String[] levels = new String[count];
        String[] names = new String[count];
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < count; i++) {
            String part = parts[i];
            if (part.equals("#")) {
                throw new IllegalArgumentException("'#' is only allowed as the last level");
            }
            if (part.startsWith("{") && part.endsWith("}")) {
                String name = part.substring(1, part.length() - 1);
                if (!NAME.matcher(name).matches()) {
                    throw new IllegalArgumentException("segment name '" + name + "' must match " + NAME.pattern());
                }
                if (!seen.add(name)) {
                    throw new IllegalArgumentException("segment name '" + name + "' is used twice");
                }
                names[i] = name;
            } else if (part.contains("{") || part.contains("}")) {
                throw new IllegalArgumentException("level '" + part + "' must be a whole {name}, '+', '#' or literal text");
            } else {
                levels[i] = part;
            }
        }
        if (seen.isEmpty()) {
            throw new IllegalArgumentException("the pattern names no segment; use {name} for at least one level");
        }
        return new TopicPattern(text, levels, names, tail);
    }

    /** Captured segments by name in pattern order, or null when the topic does not match. */
    Map<String, String> match(String topic) {
        Map<String, String> captured = new LinkedHashMap<>();
        int start = 0;
        for (int i = 0; i < levels.length; i++) {
            if (start > topic.length()) {
                return null;
            }
            int end = topic.indexOf('/', start);
            if (end < 0) {
                end = topic.length();
            }
            String literal = levels[i];
            if (names[i] != null) {
                captured.put(names[i], topic.substring(start, end));
            } else if (!literal.equals("+")
                    && !(end - start == literal.length() && topic.startsWith(literal, start))) {
                return null;
            }
            start = end + 1;
        }
        // Levels left over match only a trailing '#'; MQTT's 'a/#' also matches 'a' itself.
        return start == topic.length() + 1 || multiLevelTail ? captured : null;
    }

    List<String> names() {
        List<String> out = new ArrayList<>();
        for (String name : names) {
            if (name != null) {
                out.add(name);
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return text;
    }
}
