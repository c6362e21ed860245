package dev.iotstream.connect.timeseries.delivery;

import org.apache.kafka.connect.sink.SinkRecord;

/** Where a record that can never be written goes, with the reason; {@link DeadLetters} is Connect's. */
public interface DeadLetterReporter {
    void report(SinkRecord record, Throwable reason);
}
