package dev.iotstream.connect.timeseries.mapping;

/**
 * Escaping and value formatting of the InfluxDB line protocol. A raw newline ends a line, so: in measurement,
 * tag and field names and tag values, newlines, carriage returns and tabs are written as the two characters
 * backslash-n, -r, -t (stores keep those literally; verified with VictoriaMetrics); inside quoted string field
 * values a newline is escaped with a backslash, which QuestDB reads back as the original newline (a bare
 * newline there is rejected by QuestDB with 400).
 */
public final class LineProtocol {
    /** Floats with up to this many decimals are written as scaled integers, without Double.toString. */
    static final int MAX_SHORT_DECIMALS = 4;
    private static final long[] POWERS_OF_TEN = {1, 10, 100, 1000, 10_000};
    /** The characters {@link #appendEscaped} may change, all below 128. */
    private static final boolean[] SPECIAL = new boolean[128];

    static {
        for (char c : new char[] {'\n', '\r', '\t', '\\', '"', ',', ' ', '='}) {
            SPECIAL[c] = true;
        }
    }

    private LineProtocol() {
    }

    /** Measurement: commas and spaces escaped. */
    public static void appendMeasurement(StringBuilder out, String name) {
        appendEscaped(out, name, false, false);
    }

    /** Tag keys, tag values and field keys: commas, equals signs and spaces escaped. */
    public static void appendKey(StringBuilder out, String name) {
        appendEscaped(out, name, true, false);
    }

    /** String field value in double quotes: quotes and backslashes escaped. */
    public static void appendStringValue(StringBuilder out, String value) {
        out.append('"');
        appendEscaped(out, value, false, true);
        out.append('"');
    }

    /** Finite values only; the caller skips NaN and Infinity. */
    public static void appendFloat(StringBuilder out, double value) {
        long asLong = (long) value;
        if (asLong == value && Math.abs(value) < 1e15) {
            // Integral floats without ".0": shorter, and still a float because there is no 'i' suffix.
            out.append(asLong);
            return;
        }
        // Sensor readings mostly have a few decimals; writing them as scaled integers avoids Double.toString,
        // which was a tenth of the mapping profile on Java 17.
        double scale = 10;
        for (int decimals = 1; decimals <= MAX_SHORT_DECIMALS; decimals++, scale *= 10) {
            double scaledValue = value * scale;
            if (Math.abs(scaledValue) < 1e15) {
                long scaled = Math.round(scaledValue);
                // scaled and scale are exact doubles and the division rounds correctly, so equality means the
                // decimal text scaled/10^decimals reads back as exactly this double.
                if (scaled / scale == value) {
                    appendScaled(out, scaled, decimals);
                    return;
                }
            }
        }
        String text = Double.toString(value);
        out.append(text.indexOf('E') >= 0 ? text.replace('E', 'e') : text);
    }

    private static void appendScaled(StringBuilder out, long scaled, int decimals) {
        if (scaled < 0) {
            out.append('-');
            scaled = -scaled;
        }
        if (scaled <= Integer.MAX_VALUE) {
            // Readings fit an int: int division and Integer's digits cost about half of long's (the long path
            // was a seventh of the mapping's samples).
            int value = (int) scaled;
            int power = (int) POWERS_OF_TEN[decimals];
            int fraction = value % power;
            out.append(value / power).append('.');
            for (int digit = power / 10; digit > 1 && fraction < digit; digit /= 10) {
                out.append('0');
            }
            out.append(fraction);
            return;
        }
        long power = POWERS_OF_TEN[decimals];
        long fraction = scaled % power;
        out.append(scaled / power).append('.');
        for (long digit = power / 10; digit > 1 && fraction < digit; digit /= 10) {
            out.append('0');
        }
        out.append(fraction);
    }

    public static void appendInteger(StringBuilder out, long value) {
        out.append(value).append('i');
    }

    private static void appendEscaped(StringBuilder out, String text, boolean escapeEquals, boolean quoted) {
        if (!needsEscaping(text)) {
            // Almost every name and value is plain: one bulk copy instead of a char-by-char append.
            out.append(text);
            return;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\n' -> out.append(quoted ? "\\\n" : "\\n");
                case '\r' -> out.append(quoted ? "\\\r" : "\\r");
                case '\t' -> out.append(quoted ? "\t" : "\\t");
                case '\\' -> out.append("\\\\");
                case '"' -> {
                    if (quoted) {
                        out.append('\\');
                    }
                    out.append(c);
                }
                case ',', ' ' -> {
                    if (!quoted) {
                        out.append('\\');
                    }
                    out.append(c);
                }
                case '=' -> {
                    if (escapeEquals) {
                        out.append('\\');
                    }
                    out.append(c);
                }
                default -> out.append(c);
            }
        }
    }

    /** A table look-up per character: the switch was 8% of the mapping's samples, on tag values of a few bytes. */
    private static boolean needsEscaping(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 128 && SPECIAL[c]) {
                return true;
            }
        }
        return false;
    }
}
