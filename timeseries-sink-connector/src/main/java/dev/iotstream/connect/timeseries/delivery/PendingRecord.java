package dev.iotstream.connect.timeseries.delivery;

import org.apache.kafka.connect.sink.SinkRecord;

/**
 * A record waiting in the buffer. {@code line} is null when the record was already settled (reported to the
 * dead letter queue while mapping); it still holds its place so offsets are committed in order.
 */
public final class PendingRecord {
    private final SinkRecord record;
    private final String line;
    private final long addedAt;
    private final int points;
    private final String destination;
    private boolean settled;

    public PendingRecord(SinkRecord record, String line, long addedAt) {
        this(record, line, 1, addedAt);
    }

    /** {@code line} may hold several lines separated by newlines, {@code points} of them. */
    public PendingRecord(SinkRecord record, String line, int points, long addedAt) {
        this(record, line, points, null, addedAt);
    }

    /** {@code destination}: the bucket or database routed to, or null for the configured one. */
    public PendingRecord(SinkRecord record, String line, int points, String destination, long addedAt) {
        this.record = record;
        this.destination = destination;
        this.line = line;
        this.addedAt = addedAt;
        this.points = points;
        this.settled = line == null;
    }

    public String destination() {
        return destination;
    }

    /** Points (lines of line protocol) in {@link #line()}. */
    public int points() {
        return points;
    }

    public SinkRecord record() {
        return record;
    }

    public String line() {
        return line;
    }

    public long addedAt() {
        return addedAt;
    }

    public boolean settled() {
        return settled;
    }

    void settle() {
        settled = true;
    }
}
