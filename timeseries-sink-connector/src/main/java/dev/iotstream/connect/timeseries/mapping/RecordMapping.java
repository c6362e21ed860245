package dev.iotstream.connect.timeseries.mapping;

import org.apache.kafka.connect.sink.SinkRecord;

/**
 * Turns a record into points: one per record ({@link PointMapper}), one per array element ({@link ArrayPoints})
 * or the record's own lines (line protocol input). Throws {@link MappingException} when nothing of the record
 * can be written. Not thread-safe: one per task.
 */
public interface RecordMapping {
    MappedRecord map(SinkRecord record);

    /** The default: one point per record. */
    static RecordMapping single(PointMapper mapper) {
        return record -> {
            MappedPoint point = mapper.map(record);
            return new MappedRecord(point.line(), 1, point.nonFiniteSkipped(), point.destination(), null);
        };
    }
}
