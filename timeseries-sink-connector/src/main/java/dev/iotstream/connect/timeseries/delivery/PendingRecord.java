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
    private boolean settled;

    public PendingRecord(SinkRecord record, String line, long addedAt) {
        this.record = record;
        this.line = line;
        this.addedAt = addedAt;
        this.settled = line == null;
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
