package dev.iotstream.connect.mqtt.payload;

import java.util.ArrayList;
import java.util.List;

/**
 * How a json message fans out into records: the array at {@code path} (dots into nested objects; {@code $} for a
 * message that is itself an array) gives one record per element, with {@code copies} (fields of the message outside
 * the array) added to each element object.
 *
 * @param path      the array's path, as segments; null when the message is one record (no fan-out)
 * @param copies    fields copied into each element, in order
 * @param maxRecords most elements one message may have; more is a decode error of the whole message
 */
public record JsonBatching(List<String> path, List<Copy> copies, int maxRecords) {
    public static final JsonBatching NONE = new JsonBatching(null, List.of(), Integer.MAX_VALUE);
    public static final String ROOT = "$";

    /** Field {@code source} (segments of a path from the message's top level) copied under {@code target}. */
    public record Copy(List<String> source, String target) {
    }

    public boolean enabled() {
        return path != null;
    }

    public String pathText() {
        return path == null ? "" : path.isEmpty() ? ROOT : String.join(".", path);
    }

    /**
     * @param path   empty for no fan-out, {@code $} for a top-level array, else a dotted path
     * @param copies entries {@code source} or {@code source->target}; the source a dotted path
     * @throws IllegalArgumentException with a reason naming the bad entry
     */
    public static JsonBatching parse(String path, List<String> copies, int maxRecords) {
        String p = path == null ? "" : path.strip();
        List<Copy> parsedCopies = new ArrayList<>();
        for (String raw : copies) {
            String entry = raw.strip();
            if (entry.isEmpty()) {
                continue;
            }
            int arrow = entry.indexOf("->");
            String source = (arrow < 0 ? entry : entry.substring(0, arrow)).strip();
            String target = (arrow < 0 ? source : entry.substring(arrow + 2)).strip();
            if (arrow >= 0 && target.isEmpty()) {
                throw new IllegalArgumentException("'" + entry + "' has no field name after ->");
            }
            parsedCopies.add(new Copy(segments(source, entry), target));
        }
        if (p.isEmpty()) {
            if (!parsedCopies.isEmpty()) {
                throw new IllegalArgumentException("fields can only be copied into the elements of a records path");
            }
            return NONE;
        }
        return new JsonBatching(p.equals(ROOT) ? List.of() : segments(p, p), List.copyOf(parsedCopies), maxRecords);
    }

    private static List<String> segments(String dotted, String entry) {
        String[] parts = dotted.split("\\.", -1);
        for (String s : parts) {
            if (s.isEmpty()) {
                throw new IllegalArgumentException("'" + entry + "' has an empty path segment");
            }
        }
        return List.of(parts);
    }
}
