package dev.iotstream.connect.common.json;

/**
 * The bytes or text are not JSON this project accepts. The message says why in words a user can act on (it goes into
 * dead-letter headers and task errors); it never depends on a library's exception carrying a location.
 */
public final class JsonDecodeException extends Exception {
    /** What kind of refusal, so callers can word their own messages around {@link #detail()}. */
    public enum Kind {
        /** Not well-formed JSON (the parser's words, with line and column where known). */
        SYNTAX,
        /** Well-formed, but the root is not what the options ask for (an object), or there is none. */
        SHAPE,
        /** Well-formed, but holds something no converter can write: see {@link JsonReader}'s rules. */
        UNSUPPORTED,
        /** Well-formed, but no Connect schema fits (mixed array elements, empty keys). */
        SCHEMA
    }

    private final Kind kind;
    private final String detail;

    JsonDecodeException(Kind kind, String detail, Throwable cause) {
        super(kind == Kind.SYNTAX ? "not JSON: " + detail : detail, cause);
        this.kind = kind;
        this.detail = detail;
    }

    public Kind kind() {
        return kind;
    }

    /** The reason without the kind's prefix. */
    public String detail() {
        return detail;
    }
}
