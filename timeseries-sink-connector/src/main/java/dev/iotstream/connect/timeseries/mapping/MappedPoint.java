package dev.iotstream.connect.timeseries.mapping;

/**
 * One line of line protocol and the number of NaN/Infinity values left out of it.
 *
 * @param line line protocol without a trailing newline
 * @param nonFiniteSkipped fields skipped because their value was NaN or infinite
 * @param destination the record's bucket or database from a template, or null for the configured constant one
 */
public record MappedPoint(String line, int nonFiniteSkipped, String destination) {
    public MappedPoint(String line, int nonFiniteSkipped) {
        this(line, nonFiniteSkipped, null);
    }
}
