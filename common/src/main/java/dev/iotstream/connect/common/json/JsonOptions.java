package dev.iotstream.connect.common.json;

/**
 * @param numbers     how numbers are typed
 * @param maxDepth    levels of objects and arrays parsed into maps and lists (the root is level 1); a container
 *                    below the limit is kept as its compact JSON text, so no output is deeper than this
 * @param objectsOnly whether the root must be an object (ParseJson) or may be any JSON value (MQTT payloads)
 */
public record JsonOptions(JsonNumbers numbers, int maxDepth, boolean objectsOnly) {
    /** Jackson's own nesting limit; deeper input is refused before our depth rule could keep it as text. */
    public static final int MAX_NESTING = 1000;
    public static final int DEFAULT_MAX_DEPTH = 16;

    public JsonOptions {
        if (numbers == null) {
            throw new IllegalArgumentException("numbers must be set");
        }
        if (maxDepth < 1 || maxDepth > 256) {
            throw new IllegalArgumentException("maxDepth must be 1..256, was " + maxDepth);
        }
    }
}
