package dev.iotstream.connect.timeseries.mapping;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads the JSON records devices send (an object of ASCII names, ASCII strings without escapes, plain numbers,
 * booleans, nulls, nested objects and arrays) straight from the bytes into {@link FlatValues}, without Jackson.
 * Creating a Jackson parser per record (context, buffers, symbol-table child, encoding detection) was a third of
 * Jackson's share of the task thread; parsers cannot be reset to new input, so this reader handles the common
 * case itself. It accepts only a strict subset of what Jackson accepts and gives exactly the values
 * {@link JsonFlattener}'s Jackson path gives (same paths, same order, same Java types); for anything else it
 * answers false and the caller parses the record with Jackson, which also produces every error message.
 * Proven against the Jackson path on arbitrary JSON by FlatJsonReaderPropertiesTest. Not thread-safe.
 */
final class FlatJsonReader {
    /** Jackson nests up to 1000 levels by default; deeper records are left to it. */
    private static final int MAX_DEPTH = 64;
    /** 10^0..10^22 are exact doubles: a decimal with a mantissa below 2^53 divided by one is correctly rounded. */
    private static final double[] POWERS_OF_TEN = new double[23];
    private static final long MAX_EXACT_MANTISSA = 1L << 53;
    /**
     * A decimal with 1-4 fraction digits, the last not 0, and at most 15 digits in all is written by
     * {@link LineProtocol#appendFloat} as exactly its JSON text (such decimals read back as distinct doubles, so
     * the shortest scaled form is the text itself; LineProtocolFloatTest checks it): the mapper copies the text.
     */
    private static final int MAX_COPIED_DECIMALS = LineProtocol.MAX_SHORT_DECIMALS;
    private static final int MAX_COPIED_DIGITS = 15;
    /** Member names remembered by their order in the record (see {@link #keptName}). */
    private static final int PREDICTED_NAMES = 64;
    private final NameCache names = new NameCache();
    private final byte[][] predictedBytes = new byte[PREDICTED_NAMES][];
    private final String[] predictedNames = new String[PREDICTED_NAMES];
    private int nameOrdinal;
    private byte[] in;
    private int pos;
    private FlatValues out;

    static {
        double power = 1;
        for (int i = 0; i < POWERS_OF_TEN.length; i++) {
            POWERS_OF_TEN[i] = power;
            power *= 10;
        }
    }

    /** True when {@code json} was read into {@code values}; false: not in the subset, read it with Jackson. */
    boolean read(byte[] json, FlatValues values) {
        in = json;
        pos = 0;
        out = values;
        nameOrdinal = 0;
        try {
            skipSpace();
            if (pos >= in.length || in[pos] != '{') {
                return false;
            }
            pos++;
            if (!object(null, true, 1)) {
                return false;
            }
            skipSpace();
            return pos == in.length;
        } finally {
            in = null;
            out = null;
        }
    }

    /** The members of an object whose '{' was consumed; {@code prefix} null at the top; kept only when {@code keep}. */
    private boolean object(String prefix, boolean keep, int depth) {
        if (depth > MAX_DEPTH) {
            return false;
        }
        skipSpace();
        if (pos < in.length && in[pos] == '}') {
            pos++;
            return true;
        }
        while (true) {
            if (pos >= in.length || in[pos] != '"') {
                return false;
            }
            pos++;
            String path = null;
            if (keep) {
                String name = keptName();
                if (name == null) {
                    return false;
                }
                path = prefix == null ? name : prefix.concat(name);
            } else if (stringEnd() < 0) {
                return false;
            }
            skipSpace();
            if (pos >= in.length || in[pos++] != ':') {
                return false;
            }
            skipSpace();
            if (!value(path, depth) || !afterValue('}')) {
                return false;
            }
            if (in[pos - 1] == '}') {
                return true;
            }
            skipSpace();
        }
    }

    /** Elements of an array whose '[' was consumed: checked, not kept (arrays have no line-protocol form). */
    private boolean array(int depth) {
        if (depth > MAX_DEPTH) {
            return false;
        }
        skipSpace();
        if (pos < in.length && in[pos] == ']') {
            pos++;
            return true;
        }
        while (true) {
            if (!value(null, depth) || !afterValue(']')) {
                return false;
            }
            if (in[pos - 1] == ']') {
                return true;
            }
            skipSpace();
        }
    }

    /** After a value: consumes a ',' or the closing {@code close}; anything else leaves the record to Jackson. */
    private boolean afterValue(char close) {
        skipSpace();
        if (pos >= in.length) {
            return false;
        }
        byte b = in[pos++];
        return b == ',' || b == close;
    }

    /** One value at {@code path} (null: discarded, inside an array or under a discarded member). */
    private boolean value(String path, int depth) {
        if (pos >= in.length) {
            return false;
        }
        byte b = in[pos];
        switch (b) {
            case '"' -> {
                pos++;
                int start = pos;
                int end = stringEnd();
                if (end < 0) {
                    return false;
                }
                if (path != null) {
                    out.set(path, new String(in, start, end - start, StandardCharsets.ISO_8859_1));
                }
                return true;
            }
            case '{' -> {
                pos++;
                // Members of a discarded object (one inside an array) are checked and discarded too.
                return object(path == null ? null : path.concat("."), path != null, depth + 1);
            }
            case '[' -> {
                pos++;
                return array(depth + 1);
            }
            case 't' -> {
                return literal("true", path, Boolean.TRUE);
            }
            case 'f' -> {
                return literal("false", path, Boolean.FALSE);
            }
            case 'n' -> {
                return literal("null", path, null);
            }
            default -> {
                return number(path);
            }
        }
    }

    private boolean literal(String word, String path, Object value) {
        int end = pos + word.length();
        if (end > in.length) {
            return false;
        }
        for (int i = 0; i < word.length(); i++) {
            if (in[pos + i] != word.charAt(i)) {
                return false;
            }
        }
        pos = end;
        if (path != null) {
            out.set(path, value);
        }
        return true;
    }

    /**
     * A number without exponent: integers of up to 18 digits as Integer when they fit, else Long (what Jackson's
     * getNumberValue gives), decimals as the correctly rounded Double. Leading zeros, exponents and longer
     * integers are left to Jackson.
     */
    private boolean number(String path) {
        int start = pos;
        boolean negative = false;
        if (pos < in.length && in[pos] == '-') {
            negative = true;
            pos++;
        }
        int digitsFrom = pos;
        long mantissa = 0;
        while (pos < in.length && in[pos] >= '0' && in[pos] <= '9') {
            mantissa = mantissa * 10 + (in[pos] - '0');
            pos++;
            if (pos - digitsFrom > 18) {
                return false;
            }
        }
        int intDigits = pos - digitsFrom;
        if (intDigits == 0 || (intDigits > 1 && in[digitsFrom] == '0')) {
            return false;
        }
        if (pos < in.length && (in[pos] == 'e' || in[pos] == 'E')) {
            return false;
        }
        if (pos >= in.length || in[pos] != '.') {
            if (path != null) {
                long value = negative ? -mantissa : mantissa;
                out.set(path, value == (int) value ? (Object) (int) value : (Object) value);
            }
            return true;
        }
        pos++;
        int fractionFrom = pos;
        while (pos < in.length && in[pos] >= '0' && in[pos] <= '9') {
            pos++;
        }
        int fractionDigits = pos - fractionFrom;
        if (fractionDigits == 0 || (pos < in.length && (in[pos] == 'e' || in[pos] == 'E'))) {
            return false;
        }
        if (path != null) {
            Double value = decimal(start, fractionFrom, fractionDigits, negative);
            if (fractionDigits <= MAX_COPIED_DECIMALS && in[pos - 1] != '0'
                    && intDigits + fractionDigits <= MAX_COPIED_DIGITS) {
                out.setDecimal(path, value, in, start, pos);
            } else {
                out.set(path, value);
            }
        }
        return true;
    }

    private Double decimal(int start, int fractionFrom, int fractionDigits, boolean negative) {
        int digits = pos - start - (negative ? 1 : 0) - 1;
        if (digits <= 18 && fractionDigits < POWERS_OF_TEN.length) {
            long mantissa = 0;
            for (int i = negative ? start + 1 : start; i < pos; i++) {
                if (in[i] != '.') {
                    mantissa = mantissa * 10 + (in[i] - '0');
                }
            }
            if (mantissa < MAX_EXACT_MANTISSA) {
                double magnitude = mantissa / POWERS_OF_TEN[fractionDigits];
                return negative ? -magnitude : magnitude;
            }
        }
        return Double.parseDouble(new String(in, start, pos - start, StandardCharsets.ISO_8859_1));
    }

    /**
     * The name of a kept member whose opening quote was consumed, or null for one left to Jackson. Records of a
     * topic repeat their names in the same order, so the name read at the same place in the previous record is
     * tried first: one comparison of its bytes and the closing quote instead of the scan for the quote, the hash
     * and the comparison of the name cache (together a sixth of the mapping's samples). The remembered bytes
     * passed {@link #stringEnd} once, so equal bytes followed by a quote are a complete, plain name.
     */
    private String keptName() {
        int start = pos;
        int ordinal = nameOrdinal++;
        if (ordinal < PREDICTED_NAMES) {
            byte[] predicted = predictedBytes[ordinal];
            if (predicted != null) {
                int end = start + predicted.length;
                if (end < in.length && in[end] == '"' && NameCache.sameBytes(predicted, in, start, predicted.length)) {
                    pos = end + 1;
                    return predictedNames[ordinal];
                }
            }
        }
        int end = stringEnd();
        if (end < 0) {
            return null;
        }
        String name = names.get(in, start, end);
        if (ordinal < PREDICTED_NAMES) {
            predictedBytes[ordinal] = Arrays.copyOfRange(in, start, end);
            predictedNames[ordinal] = name;
        }
        return name;
    }

    /**
     * The end of a string whose opening quote was consumed, past its closing quote; -1 for escapes, control
     * characters and non-ASCII bytes (left to Jackson, which decodes and checks them).
     */
    private int stringEnd() {
        for (int i = pos; i < in.length; i++) {
            byte b = in[i];
            if (b == '"') {
                pos = i + 1;
                return i;
            }
            if (b < 0x20 || b == '\\' || b == 0x7f) {
                // Negative bytes are non-ASCII; DEL is left to Jackson, whose handling was not worth pinning down.
                return -1;
            }
        }
        return -1;
    }

    private void skipSpace() {
        while (pos < in.length) {
            byte b = in[pos];
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return;
            }
            pos++;
        }
    }

    /** Member names repeat record after record: the same String instance instead of a new one per record. */
    private static final class NameCache {
        private static final int SLOTS = 256;
        private static final int MAX_CACHED_LENGTH = 64;
        private final byte[][] bytes = new byte[SLOTS][];
        private final String[] strings = new String[SLOTS];

        String get(byte[] in, int from, int to) {
            int length = to - from;
            if (length > MAX_CACHED_LENGTH) {
                return new String(in, from, length, StandardCharsets.ISO_8859_1);
            }
            int hash = length;
            for (int i = from; i < to; i++) {
                hash = 31 * hash + in[i];
            }
            int slot = (hash ^ (hash >>> 16)) & (SLOTS - 1);
            byte[] cached = bytes[slot];
            if (cached != null && sameBytes(cached, in, from, length)) {
                return strings[slot];
            }
            bytes[slot] = Arrays.copyOfRange(in, from, to);
            strings[slot] = new String(in, from, length, StandardCharsets.ISO_8859_1);
            return strings[slot];
        }

        /**
         * A plain loop: names are a few bytes long, and the ranged Arrays.equals (its checks and the vectorized
         * mismatch call) was 6% of the task thread's samples, more than the comparison itself.
         */
        private static boolean sameBytes(byte[] cached, byte[] in, int from, int length) {
            if (cached.length != length) {
                return false;
            }
            for (int i = 0; i < length; i++) {
                if (cached[i] != in[from + i]) {
                    return false;
                }
            }
            return true;
        }
    }
}
