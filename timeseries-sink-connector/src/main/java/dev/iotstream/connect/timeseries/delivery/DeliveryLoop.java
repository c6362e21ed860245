package dev.iotstream.connect.timeseries.delivery;

import dev.iotstream.connect.timeseries.mapping.MappedRecord;
import dev.iotstream.connect.timeseries.mapping.RecordMapping;
import dev.iotstream.connect.timeseries.write.FailureKind;
import dev.iotstream.connect.timeseries.write.LineWriter;
import dev.iotstream.connect.timeseries.write.WriteException;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.function.LongSupplier;

/**
 * The sink's at-least-once delivery, without Connect's task API: maps records to lines, buffers them
 * ({@link RecordBuffer}), writes due batches ({@link PipelinedWriter}: full ones at once, a partial one when its
 * oldest record has waited the allowed lag) and turns write failures into a paused wait ({@link RetryWait},
 * {@link RetryDeadline}) or a task failure. Offsets are reported only up to records that were written or sent
 * to the dead letter reporter. Single-threaded: the task calls it from its own thread.
 */
public final class DeliveryLoop implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DeliveryLoop.class);

    /** What the loop talks to; {@code clock} gives epoch ms, {@code writes} runs one write at a time. */
    public record Ports(RecordMapping mapping, LineWriter writer, DeadLetterReporter deadLetters,
                        Partitions partitions, SinkTaskMetrics metrics, LongSupplier clock, ExecutorService writes) {
    }

    private final DeliverySettings settings;
    private final RecordMapping mapping;
    private final DeadLetterReporter deadLetters;
    private final Partitions partitions;
    private final SinkTaskMetrics metrics;
    private final LongSupplier clock;
    private final RecordBuffer buffer = new RecordBuffer();
    private final PipelinedWriter pipeline;
    private final RetryDeadline backoff;
    private final RetryWait retryWait = new RetryWait();
    private final String logPrefix;

    public DeliveryLoop(DeliverySettings settings, Ports ports) {
        this.settings = settings;
        this.mapping = ports.mapping();
        this.deadLetters = ports.deadLetters();
        this.partitions = ports.partitions();
        this.metrics = ports.metrics();
        this.clock = ports.clock();
        this.logPrefix = settings.logPrefix();
        this.pipeline = new PipelinedWriter(new BatchWriter(ports.writer(), deadLetters, metrics), deadLetters,
                buffer, ports.writes());
        this.backoff = new RetryDeadline(settings.retryBackoffInitialMs(), settings.retryBackoffMaxMs(),
                settings.retryTimeoutMs());
    }

    public int bufferedRecords() {
        return buffer.size();
    }

    /** Partitions assigned during a wait are paused at once. */
    public void open(Collection<TopicPartition> assigned) {
        // Consuming them now would fill memory with records that cannot be written yet.
        pause(retryWait.toPause(assigned));
    }

    public void put(Collection<SinkRecord> records) {
        long now = clock.getAsLong();
        for (SinkRecord record : records) {
            if (buffer.isRedelivery(record)) {
                continue;
            }
            MappedRecord mapped = null;
            try {
                mapped = mapping.map(record);
                if (mapped.nonFiniteSkipped() > 0) {
                    metrics.nonFiniteSkipped(mapped.nonFiniteSkipped());
                }
                if (mapped.problem() != null) {
                    // The record's good points are still written; the record carries the bad ones' reasons.
                    deadLetters.report(record, new DataException(describe(record) + ": " + mapped.problem()));
                }
            } catch (DataException | ArithmeticException e) {
                deadLetters.report(record, new DataException(describe(record) + ": " + e.getMessage(), e));
            }
            if (mapped == null) {
                buffer.add(record, null, now);
            } else {
                buffer.add(record, mapped.lines(), mapped.points(), mapped.destination(), now);
            }
        }
        writeDue(now);
    }

    private static String describe(SinkRecord record) {
        return "Record " + record.topic() + "-" + record.kafkaPartition() + "@" + record.kafkaOffset();
    }

    /**
     * Submits due batches to the pipelined writer (one in flight at a time, in order) and applies finished
     * ones: a full batch is due at once, a partial one when its oldest record has waited the allowed lag.
     */
    private void writeDue(long now) {
        if (retryWait.waiting(now)) {
            // Connect calls put() (with no records: our partitions are paused) after context.timeout() but also at
            // every offset commit, so possibly before the back-off or Retry-After has passed: keep waiting.
            partitions.callBackIn(Math.max(1, retryWait.remainingMs(now)));
            return;
        }
        int batchSize = settings.batchSize();
        long lag = settings.flushIntervalMs();
        try {
            boolean wrote = pipeline.complete(false);
            while (buffer.size() - pipeline.inFlightCount() >= batchSize) {
                wrote |= pipeline.complete(true);
                pipeline.submit(batchSize);
            }
            int waiting = buffer.size() - pipeline.inFlightCount();
            if (waiting > 0 && now - buffer.addedAt(pipeline.inFlightCount()) >= lag) {
                wrote |= pipeline.complete(true);
                pipeline.submit(buffer.size());
            }
            if (wrote && backoff.failures() > 0) {
                LOG.info("{}store accepts writes again after {} failed attempt(s)", logPrefix, backoff.failures());
                backoff.reset();
            }
            if (retryWait.active() && (wrote || buffer.isEmpty())) {
                // The store took a write again, or nothing is left to retry (partitions revoked): consume again.
                resume(retryWait.release(partitions.assigned()));
            }
        } catch (WriteException e) {
            // The wait counts from when the failure is known here, never from before the request was answered.
            handleFailure(e, clock.getAsLong());
            return;
        }
        if (pipeline.inFlightCount() > 0) {
            // Come back soon to apply the write's result and move offsets on.
            partitions.callBackIn(Math.max(1, Math.min(50, lag)));
        } else if (!buffer.isEmpty()) {
            // Makes Connect call put() again in time to honour the allowed lag even if no record arrives.
            partitions.callBackIn(Math.max(1, lag - (now - buffer.oldestAddedAt())));
        }
    }

    private void handleFailure(WriteException e, long now) {
        if (e.kind() != FailureKind.RETRIABLE) {
            throw new ConnectException(logPrefix + e.getMessage() + " (not retried: a wrong setting, see above)", e);
        }
        long delay = backoff.next(e.retryAfterMs(), now);
        if (delay < 0) {
            throw new ConnectException(logPrefix + "gave up after " + backoff.outageMs(now) + " ms and "
                    + backoff.failures() + " attempts (" + settings.retryTimeoutKey() + "="
                    + settings.retryTimeoutMs() + "); " + buffer.size() + " records not written and their offsets "
                    + "not committed; last error: " + e.getMessage(), e);
        }
        waitBeforeRetry(e, delay, now);
    }

    private void waitBeforeRetry(WriteException e, long delay, long now) {
        metrics.retry();
        // Not a RetriableException: Connect would log it at ERROR with a stack trace, again at every offset commit
        // during a long wait. The records are buffered already; pausing keeps new ones out until the retry.
        pause(retryWait.begin(now + delay, partitions.assigned()));
        LOG.warn("{}write failed, retry {} in {} ms: {}", logPrefix, backoff.failures(), delay, e.getMessage());
        partitions.callBackIn(delay);
    }

    /** Starts the wait after a retriable failure seen in close(); false when it is not retried (no wait). */
    private boolean waitInClose(WriteException e) {
        long now = clock.getAsLong();
        long delay = e.kind() == FailureKind.RETRIABLE ? backoff.next(e.retryAfterMs(), now) : -1;
        if (delay < 0) {
            return false;
        }
        waitBeforeRetry(e, delay, now);
        return true;
    }

    private void pause(Set<TopicPartition> toPause) {
        if (!toPause.isEmpty()) {
            partitions.pause(toPause);
        }
    }

    private void resume(Set<TopicPartition> toResume) {
        if (!toResume.isEmpty()) {
            partitions.resume(toResume);
        }
    }

    /** Offsets safe to commit: each partition's only up to records written or sent to the dead letter reporter. */
    public Map<TopicPartition, OffsetAndMetadata> committableOffsets(Collection<TopicPartition> of) {
        return buffer.committableOffsets(of);
    }

    /** Finishes the write in flight and forgets the revoked partitions' records (redelivered to the next owner). */
    public void close(Collection<TopicPartition> revoked) {
        try {
            pipeline.complete(true);
        } catch (WriteException | RuntimeException e) {
            // Partitions kept in this rebalance still hold the unwritten records: their retry must honour the
            // back-off or Retry-After too. Revoked ones are redelivered to their next owner.
            if (!(e instanceof WriteException we && waitInClose(we))) {
                LOG.warn("{}write in flight failed while partitions were revoked; they will be redelivered: {}",
                        logPrefix, e.getMessage());
            }
        }
        buffer.dropPartitions(revoked);
        retryWait.revoked(revoked);
    }

    /** Stops the writer thread; the caller closes the {@link LineWriter} it created. */
    @Override
    public void close() {
        pipeline.close();
    }
}
