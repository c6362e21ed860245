package dev.iotstream.connect.timeseries.mapping;

/**
 * What one Kafka record becomes: {@code points} lines of line protocol joined by newlines ({@code lines}, null
 * when none could be written), the NaN/Infinity values left out, the record's destination (null: the configured
 * one) and, when some of its points could not be made, why ({@code problem}, null when none): the record then goes
 * to the dead letter queue with that reason while its good points are still written.
 */
public record MappedRecord(String lines, int points, int nonFiniteSkipped, String destination, String problem) {
}
