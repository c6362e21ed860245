package dev.iotstream.connect.mqtt.sink.message;

import dev.iotstream.connect.mqtt.sink.topic.RecordView;

import java.util.Optional;

/** Where a per-record override comes from: {@code header:<name>} or {@code field:<path>}; empty: nowhere. */
public record ValueSource(String kind, String name) {
    public static final ValueSource NONE = new ValueSource("none", "");

    public static ValueSource parse(String s) {
        String v = s == null ? "" : s.strip();
        if (v.isEmpty()) {
            return NONE;
        }
        for (String kind : new String[] {"header", "field"}) {
            if (v.startsWith(kind + ":") && v.length() > kind.length() + 1) {
                return new ValueSource(kind, v.substring(kind.length() + 1));
            }
        }
        throw new IllegalArgumentException("'" + v + "' must be header:<name> or field:<path>");
    }

    public static Optional<String> problem(String s) {
        try {
            parse(s);
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage());
        }
    }

    public boolean isSet() {
        return !kind.equals("none");
    }

    /** The value in {@code record}, or {@link RecordView#MISSING}. */
    public Object read(RecordView record) {
        return switch (kind) {
            case "header" -> record.header(name);
            case "field" -> record.field(name);
            default -> RecordView.MISSING;
        };
    }

    @Override
    public String toString() {
        return isSet() ? kind + ":" + name : "";
    }
}
