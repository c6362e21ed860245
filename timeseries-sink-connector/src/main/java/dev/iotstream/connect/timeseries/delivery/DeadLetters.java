package dev.iotstream.connect.timeseries.delivery;

import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * Reports a record that can never be written. Connect's reporter applies errors.tolerance itself: with
 * 'none' it throws (the task fails with our reason), with 'all' it writes the record to the dead letter queue
 * (reason in the {@code __connect.errors.exception.message} header when context headers are enabled).
 */
public final class DeadLetters implements DeadLetterReporter {
    private final ErrantRecordReporter reporter;
    private final Runnable onReported;

    public DeadLetters(ErrantRecordReporter reporter, Runnable onReported) {
        this.reporter = reporter;
        this.onReported = onReported;
    }

    @Override
    public void report(SinkRecord record, Throwable reason) {
        if (reporter == null) {
            throw new ConnectException("Cannot write record " + record.topic() + "-" + record.kafkaPartition() + "@"
                    + record.kafkaOffset() + " and no dead letter queue is configured (set errors.tolerance=all "
                    + "and errors.deadletterqueue.topic.name to route bad records there): " + reason.getMessage(),
                    reason);
        }
        reporter.report(record, reason);
        onReported.run();
    }
}
