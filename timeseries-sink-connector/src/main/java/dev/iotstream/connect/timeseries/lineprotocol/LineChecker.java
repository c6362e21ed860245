package dev.iotstream.connect.timeseries.lineprotocol;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Splits a text of InfluxDB line protocol (one or many lines, as Telegraf's {@code data_format = "influx"}
 * writes them) into lines and checks each: measurement, optional tags, at least one field with a valid value,
 * optional integer timestamp. Empty lines and {@code #} comments are skipped. A newline inside a quoted string
 * field value belongs to the value. A bad line does not affect the others; it is reported with its 1-based line
 * number and the reason, and checking goes on at the next line.
 */
public final class LineChecker {
    private LineChecker() {
    }

    /** What checking a record value gave: the good lines in order, and the bad ones. */
    public record Result(List<ParsedLine> good, List<BadLine> bad) {
    }

    /**
     * A good line by position: {@code text.substring(start, end)} is {@link ParsedLine#text()}; {@code tagsStart}
     * (where the measurement ends) and {@code tagsEnd} are relative to {@code start} like {@link ParsedLine#tagsEnd()}.
     */
    public record LineSpan(int lineNumber, int start, int end, int tagsStart, int tagsEnd, boolean hasTimestamp) {
    }

    /** What {@link #scan} gave: the good lines by position, and the bad ones exactly as {@link #check} gives them. */
    public record Spans(List<LineSpan> good, List<BadLine> bad) {
    }

    /**
     * The same checks as {@link #check}, for callers that copy the good lines as they are: no names, values, maps
     * or timestamps are built for a good line (line protocol in, where {@link #check}'s per-line strings and maps
     * were most of the task thread's work per record; {@link #tagKeys} reads a line's tag keys when tags are to be
     * added). A line that fails is checked again
     * by {@link #check}'s parser, so its reason is word for word the same.
     */
    public static Spans scan(String text) {
        List<LineSpan> good = new ArrayList<>(2);
        List<BadLine> bad = List.of();
        int pos = 0;
        int lineNumber = 1;
        while (pos < text.length()) {
            Cursor c = new Cursor(text, pos, false);
            int start = pos;
            try {
                c.line(lineNumber);
            } catch (LineSyntaxException e) {
                // Checked again with names and values built: the reason (and where checking goes on) is check's.
                if (bad.isEmpty()) {
                    bad = new ArrayList<>();
                }
                c = new Cursor(text, start, true);
                try {
                    c.line(lineNumber);
                } catch (LineSyntaxException reason) {
                    lineNumber = badLine(text, start, lineNumber, c, reason, bad);
                    pos = c.skippedTo;
                    continue;
                }
            }
            if (!c.blank) {
                good.add(new LineSpan(lineNumber, start, c.end, c.tagsStart, c.tagsEnd, c.hasTimestamp));
            }
            pos = c.pos;
            lineNumber += c.newlines;
        }
        return new Spans(good, bad);
    }

    public static Result check(String text) {
        List<ParsedLine> good = new ArrayList<>();
        List<BadLine> bad = new ArrayList<>();
        int pos = 0;
        int lineNumber = 1;
        while (pos < text.length()) {
            Cursor c = new Cursor(text, pos, true);
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
                lineNumber = badLine(text, start, startLine, c, e, bad);
                pos = c.skippedTo;
            }
        }
        return new Result(good, bad);
    }

    /**
     * The tag keys of a good line {@link #scan} found, unescaped and in order (a key the line repeats, twice), as
     * {@link ParsedLine#tags()} has them: read from its tag set only, for callers that add tags the line lacks.
     */
    public static List<String> tagKeys(String text, LineSpan line) {
        Cursor c = new Cursor(text, line.start(), true);
        c.pos = line.start() + line.tagsStart();
        int tagsEnd = line.start() + line.tagsEnd();
        List<String> keys = new ArrayList<>();
        try {
            while (c.pos < tagsEnd) {
                c.pos++; // the ',' before each tag
                keys.add(c.name("tag key", false));
                c.pos++; // '='
                c.name("tag value", false);
            }
        } catch (LineSyntaxException e) {
            throw new IllegalArgumentException("not a line scan() found good: " + e.getMessage(), e);
        }
        return keys;
    }

    /**
     * Records the line that failed at {@code c}'s position and moves {@code c.skippedTo} past it; returns the
     * number of the line after it.
     */
    private static int badLine(String text, int start, int startLine, Cursor c, LineSyntaxException e,
                               List<BadLine> bad) {
        int end = text.indexOf('\n', Math.max(start, c.lineBreakSearchFrom()));
        end = end < 0 ? text.length() : end;
        String raw = text.substring(start, end);
        bad.add(new BadLine(startLine, stripCr(raw), e.getMessage()));
        c.skippedTo = end + 1;
        return startLine + c.newlinesBefore(end) + (end < text.length() ? 1 : 0);
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
        /** False: check only (names, values, maps and the line's text are not built; {@link #line} answers null). */
        private final boolean collect;
        private int pos;
        private int newlines;
        /** After a good line: where its text ends, where its tags start and end (relative), whether it has a timestamp. */
        private int end;
        private int tagsStart;
        private int tagsEnd;
        private boolean hasTimestamp;
        /** After a bad line: where checking goes on. */
        private int skippedTo;
        /** Where the last {@link #name} started: it is empty when nothing was consumed (an escape is 2 chars). */
        private int nameStart;
        /** The line was empty or a comment. */
        private boolean blank;

        Cursor(String text, int pos, boolean collect) {
            this.text = text;
            this.lineStart = pos;
            this.pos = pos;
            this.collect = collect;
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
                blank = true;
                return null;
            }
            String measurement = name("measurement", true);
            if (pos == nameStart) {
                throw new LineSyntaxException("missing measurement");
            }
            tagsStart = pos - lineStart;
            Map<String, String> tags = collect ? new LinkedHashMap<>() : null;
            while (pos < text.length() && text.charAt(pos) == ',') {
                pos++;
                String key = name("tag key", false);
                boolean emptyKey = pos == nameStart;
                if (pos >= text.length() || text.charAt(pos) != '=') {
                    throw new LineSyntaxException("tag '" + key + "' has no '=' at column " + (pos - lineStart + 1));
                }
                pos++;
                String value = name("tag value", false);
                if (emptyKey || pos == nameStart) {
                    throw new LineSyntaxException("empty tag key or value");
                }
                if (collect) {
                    tags.put(key, value);
                }
            }
            tagsEnd = pos - lineStart;
            expect(' ', "missing fields (a space must follow the measurement and tags)");
            Map<String, String> fields = collect ? new LinkedHashMap<>() : null;
            do {
                String key = name("field key", false);
                if (pos == nameStart) {
                    throw new LineSyntaxException("empty field key");
                }
                if (pos >= text.length() || text.charAt(pos) != '=') {
                    throw new LineSyntaxException("field '" + key + "' has no '=' at column " + (pos - lineStart + 1));
                }
                pos++;
                String value = fieldValue(key);
                if (collect) {
                    fields.put(key, value);
                }
            } while (pos < text.length() && text.charAt(pos) == ',' && ++pos > 0);
            Long timestamp = null;
            hasTimestamp = false;
            if (!atEnd()) {
                expect(' ', "unexpected character after the fields");
                timestamp = timestamp();
                hasTimestamp = true;
            }
            if (!atEnd()) {
                throw new LineSyntaxException("unexpected text after the timestamp");
            }
            end = pos;
            if (pos < text.length() && text.charAt(pos) == '\r') {
                pos++;
            }
            if (pos < text.length()) {
                pos++;
                newlines++;
            }
            return collect ? new ParsedLine(lineNumber, text.substring(lineStart, end), measurement, tags, fields,
                    timestamp, tagsEnd) : null;
        }

        /**
         * Whether the line is blank or a comment: what {@code text.substring(from, to).strip()} being empty or
         * starting with '#' says, without a copy of every line (no whitespace outside the BMP exists).
         */
        private boolean atEndOfBlankOrComment(int from, int to) {
            for (int i = from; i < to; i++) {
                char c = text.charAt(i);
                if (!Character.isWhitespace(c)) {
                    return c == '#';
                }
            }
            return true;
        }

        private void expect(char c, String message) throws LineSyntaxException {
            if (pos >= text.length() || text.charAt(pos) != c) {
                throw new LineSyntaxException(message + " at column " + (pos - lineStart + 1));
            }
            pos++;
        }

        /** Up to an unescaped separator; backslash escapes the next character. */
        private String name(String what, boolean measurement) throws LineSyntaxException {
            // Most names have no escapes: one substring instead of a builder filled char by char.
            int start = pos;
            nameStart = start;
            while (pos < text.length()) {
                char c = text.charAt(pos);
                if (c == '\\') {
                    pos = start;
                    return escapedName(measurement);
                }
                if (c == '\n' || c == ' ' || c == ',' || (!measurement && c == '=') || (c == '\r' && atEnd())) {
                    break;
                }
                pos++;
            }
            return collect ? text.substring(start, pos) : null;
        }

        private String escapedName(boolean measurement) {
            StringBuilder out = collect ? new StringBuilder() : null;
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
                    if (out != null) {
                        if (next == ',' || next == ' ' || next == '=' || next == '\\') {
                            out.append(next);
                        } else {
                            out.append(c).append(next);
                        }
                    }
                    pos += 2;
                    continue;
                }
                if (out != null) {
                    out.append(c);
                }
                pos++;
            }
            return out == null ? null : out.toString();
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
                        return collect ? text.substring(start, pos) : null;
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
            if (!collect && pos > start && plainDecimal(text, start, pos)) {
                return null;
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
            // First: the usual reading, and a digit-only text matches none of the words below (whose switch
            // would hash every value).
            if (plainDecimal(v, 0, v.length())) {
                return true;
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

        /**
         * {@code -?[0-9]{1,15}(\\.[0-9]{1,15})?}: always a finite double without '+' (what the general check
         * below accepts), found without Double.parseDouble, the checker's costliest call on the usual readings.
         */
        private static boolean plainDecimal(String v, int from, int to) {
            int i = v.charAt(from) == '-' ? from + 1 : from;
            int digits = 0;
            while (i < to && v.charAt(i) >= '0' && v.charAt(i) <= '9') {
                i++;
                digits++;
            }
            if (digits == 0 || digits > 15) {
                return false;
            }
            if (i == to) {
                return true;
            }
            if (v.charAt(i) != '.') {
                return false;
            }
            int fraction = 0;
            for (i++; i < to; i++, fraction++) {
                if (v.charAt(i) < '0' || v.charAt(i) > '9') {
                    return false;
                }
            }
            return fraction > 0 && fraction <= 15;
        }

        /** {@code -?[0-9]{1,18}}: an integer that always fits a long. */
        private boolean shortInteger(int from, int to) {
            int i = from < to && text.charAt(from) == '-' ? from + 1 : from;
            if (i == to || to - i > 18) {
                return false;
            }
            for (; i < to; i++) {
                if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                    return false;
                }
            }
            return true;
        }

        /** {@code -?[0-9]+}, checked without a regular expression compiled per line. */
        private static boolean integerText(String value) {
            int i = !value.isEmpty() && value.charAt(0) == '-' ? 1 : 0;
            if (i == value.length()) {
                return false;
            }
            for (; i < value.length(); i++) {
                if (value.charAt(i) < '0' || value.charAt(i) > '9') {
                    return false;
                }
            }
            return true;
        }

        private Long timestamp() throws LineSyntaxException {
            int start = pos;
            while (!atEnd()) {
                pos++;
            }
            if (!collect && shortInteger(start, pos)) {
                return null; // 1-18 digits: always a long
            }
            String value = text.substring(start, pos);
            if (!integerText(value)) {
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
