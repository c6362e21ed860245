package dev.iotstream.connect.timeseries.lineprotocol;

import java.util.Map;

/**
 * One checked line of line protocol. {@code text} is the line as received (without its newline);
 * {@code tagsEnd} is the index in {@code text} where the tag set ends (where more tags can be inserted);
 * {@code timestamp} is null when the line has none. Names and tag values are unescaped; field values are kept
 * as written (e.g. {@code 25i}, {@code "text"}).
 */
public record ParsedLine(int lineNumber, String text, String measurement, Map<String, String> tags,
                         Map<String, String> fields, Long timestamp, int tagsEnd) {
}
