package dev.iotstream.connect.timeseries.mapping;

import java.util.Locale;

/** Line-protocol field types a user can force on a field. */
public enum FieldType {
    FLOAT, INTEGER, BOOLEAN, STRING;

    public static FieldType parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        return switch (t) {
            case "float", "double" -> FLOAT;
            case "integer", "int", "long" -> INTEGER;
            case "boolean", "bool" -> BOOLEAN;
            case "string" -> STRING;
            default -> throw new IllegalArgumentException("unknown field type '" + text
                    + "': use float, integer, boolean or string");
        };
    }
}
