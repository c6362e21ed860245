package dev.iotstream.connect.timeseries.lineprotocol;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * LineChecker as it was before its fast paths (commit 96597cf), kept unchanged as the reference that
 * LineCheckerEquivalencePropertiesTest compares the current checker with.
 */
final class LineCheckerReference {
    private LineCheckerReference() {
    }

    /** What checking a record value gave: the good lines in order, and the bad ones. */
    record Result(List<ParsedLine> good, List<BadLine> bad) {
    }

    public static Result check(String text) {
        List<ParsedLine> good = new ArrayList<>();
        List<BadLine> bad = new ArrayList<>();
        int pos = 0;
        int lineNumber = 1;
        while (pos < text.length()) {
            Cursor c = new Cursor(text, pos);
            int start = pos;
            int startLine = lineNumber;
            try {
                ParsedLine line = c.line(startLine);
                if (line != null) {
                    good.add(line);
                }
                pos = c.pos;
                lineNumber = startLine + c.newlines;
            } catch (LineSyntaxException e) {
                int end = text.indexOf('\n', Math.max(start, c.lineBreakSearchFrom()));
                end = end < 0 ? text.length() : end;
                String raw = text.substring(start, end);
                bad.add(new BadLine(startLine, stripCr(raw), e.getMessage()));
                lineNumber = startLine + c.newlinesBefore(end) + (end < text.length() ? 1 : 0);
                pos = end + 1;
            }
        }
        return new Result(good, bad);
    }

    private static String stripCr(String s) {
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }

    private static final class LineSyntaxException extends Exception {
        LineSyntaxException(String message) {
            super(message, null, false, false);
        }
    }

    /** A one-line parser over the shared text; counts newlines it consumed inside quoted strings. */
    private static final class Cursor {
        private final String text;
        private final int lineStart;
        private int pos;
        private int newlines;

        Cursor(String text, int pos) {
            this.text = text;
            this.lineStart = pos;
            this.pos = pos;
        }

        int lineBreakSearchFrom() {
            return pos;
        }

        int newlinesBefore(int end) {
            int n = 0;
            for (int i = lineStart; i < end && i < text.length(); i++) {
                if (text.charAt(i) == '\n') {
                    n++;
                }
            }
            return n;
        }

        private boolean atEnd() {
            return pos >= text.length() || text.charAt(pos) == '\n'
                    || (text.charAt(pos) == '\r' && (pos + 1 == text.length() || text.charAt(pos + 1) == '\n'));
        }

        /** Parses one line and moves past its newline; null for an empty or comment line. */
        ParsedLine line(int lineNumber) throws LineSyntaxException {
            int lineEnd = text.indexOf('\n', pos);
            if (atEndOfBlankOrComment(pos, lineEnd < 0 ? text.length() : lineEnd)) {
                pos = lineEnd < 0 ? text.length() : lineEnd + 1;
                newlines = lineEnd < 0 ? 0 : 1;
                return null;
            }
            String measurement = name("measurement", true);
            if (measurement.isEmpty()) {
                throw new LineSyntaxException("missing measurement");
            }
            Map<String, String> tags = new LinkedHashMap<>();
            while (pos < text.length() && text.charAt(pos) == ',') {
                pos++;
                String key = name("tag key", false);
                expect('=', "tag '" + key + "' has no '='");
                String value = name("tag value", false);
                if (key.isEmpty() || value.isEmpty()) {
                    throw new LineSyntaxException("empty tag key or value");
                }
                tags.put(key, value);
            }
            int tagsEnd = pos - lineStart;
            expect(' ', "missing fields (a space must follow the measurement and tags)");
            Map<String, String> fields = new LinkedHashMap<>();
            do {
                String key = name("field key", false);
                if (key.isEmpty()) {
                    throw new LineSyntaxException("empty field key");
                }
                expect('=', "field '" + key + "' has no '='");
                fields.put(key, fieldValue(key));
            } while (pos < text.length() && text.charAt(pos) == ',' && ++pos > 0);
            Long timestamp = null;
            if (!atEnd()) {
                expect(' ', "unexpected character after the fields");
                timestamp = timestamp();
            }
            if (!atEnd()) {
                throw new LineSyntaxException("unexpected text after the timestamp");
            }
            int end = pos;
            if (pos < text.length() && text.charAt(pos) == '\r') {
                pos++;
            }
            if (pos < text.length()) {
                pos++;
                newlines++;
            }
            return new ParsedLine(lineNumber, text.substring(lineStart, end), measurement, tags, fields, timestamp,
                    tagsEnd);
        }

        private boolean atEndOfBlankOrComment(int from, int to) {
            String s = text.substring(from, to).strip();
            return s.isEmpty() || s.startsWith("#");
        }

        private void expect(char c, String message) throws LineSyntaxException {
            if (pos >= text.length() || text.charAt(pos) != c) {
                throw new LineSyntaxException(message + " at column " + (pos - lineStart + 1));
            }
            pos++;
        }

        /** Up to an unescaped separator; backslash escapes the next character. */
        private String name(String what, boolean measurement) throws LineSyntaxException {
            StringBuilder out = new StringBuilder();
            while (pos < text.length()) {
                char c = text.charAt(pos);
                if (c == '\n' || c == ' ' || c == ',' || (!measurement && c == '=')) {
                    break;
                }
                if (c == '\r' && atEnd()) {
                    break;
                }
                if (c == '\\' && pos + 1 < text.length() && text.charAt(pos + 1) != '\n') {
                    char next = text.charAt(pos + 1);
                    if (next == ',' || next == ' ' || next == '=' || next == '\\') {
                        out.append(next);
                    } else {
                        out.append(c).append(next);
                    }
                    pos += 2;
                    continue;
                }
                out.append(c);
                pos++;
            }
            return out.toString();
        }

        private String fieldValue(String key) throws LineSyntaxException {
            int start = pos;
            if (pos < text.length() && text.charAt(pos) == '"') {
                pos++;
                while (pos < text.length()) {
                    char c = text.charAt(pos);
                    if (c == '\\' && pos + 1 < text.length()) {
                        if (text.charAt(pos + 1) == '\n') {
                            newlines++;
                        }
                        pos += 2;
                        continue;
                    }
                    if (c == '\n') {
                        newlines++;
                    }
                    if (c == '"') {
                        pos++;
                        return text.substring(start, pos);
                    }
                    pos++;
                }
                // Resume at the first newline after the opening quote: the lines after it are likely good ones.
                pos = start;
                throw new LineSyntaxException("field '" + key + "': unterminated string value");
            }
            while (pos < text.length() && text.charAt(pos) != ',' && text.charAt(pos) != ' ' && !atEnd()) {
                pos++;
            }
            String value = text.substring(start, pos);
            if (!validScalar(value)) {
                throw new LineSyntaxException("field '" + key + "' has an invalid value '" + value + "' (not a "
                        + "float, integer with i, unsigned with u, boolean or quoted string)");
            }
            return value;
        }

        private static boolean validScalar(String v) {
            if (v.isEmpty()) {
                return false;
            }
            switch (v) {
                case "t", "T", "true", "True", "TRUE", "f", "F", "false", "False", "FALSE" -> {
                    return true;
                }
                default -> {
                }
            }
            char last = v.charAt(v.length() - 1);
            if (last == 'i' || last == 'u') {
                String digits = v.substring(0, v.length() - 1);
                if (last == 'u' && digits.startsWith("-")) {
                    return false;
                }
                try {
                    if (last == 'i') {
                        Long.parseLong(digits);
                    } else {
                        Long.parseUnsignedLong(digits);
                    }
                    return !digits.startsWith("+");
                } catch (NumberFormatException e) {
                    return false;
                }
            }
            for (int i = 0; i < v.length(); i++) {
                char c = v.charAt(i);
                if (!(c >= '0' && c <= '9') && c != '.' && c != '-' && c != '+' && c != 'e' && c != 'E') {
                    return false;
                }
            }
            try {
                return Double.isFinite(Double.parseDouble(v)) && !v.startsWith("+") && !v.endsWith(".e");
            } catch (NumberFormatException e) {
                return false;
            }
        }

        private Long timestamp() throws LineSyntaxException {
            int start = pos;
            while (!atEnd()) {
                pos++;
            }
            String value = text.substring(start, pos);
            if (value.isEmpty() || !value.matches("-?[0-9]+")) {
                throw new LineSyntaxException("invalid timestamp '" + value + "' (an integer is expected)");
            }
            try {
                return Long.parseLong(value);
            } catch (NumberFormatException e) {
                throw new LineSyntaxException("timestamp '" + value + "' is out of range");
            }
        }
    }
}
