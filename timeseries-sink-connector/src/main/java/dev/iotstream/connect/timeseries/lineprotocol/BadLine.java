package dev.iotstream.connect.timeseries.lineprotocol;

/** A line that is not valid line protocol: its 1-based number in the record value, its text and why. */
public record BadLine(int lineNumber, String text, String reason) {
}
