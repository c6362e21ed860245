package dev.iotstream.connect.timeseries;

import dev.iotstream.connect.common.ProjectVersion;
import dev.iotstream.connect.timeseries.delivery.RetryDeadline;
import dev.iotstream.connect.timeseries.delivery.BatchWriter;
import dev.iotstream.connect.timeseries.delivery.DeadLetters;
import dev.iotstream.connect.timeseries.delivery.PipelinedWriter;
import dev.iotstream.connect.timeseries.delivery.RecordBuffer;
import dev.iotstream.connect.timeseries.delivery.RetryWait;
import dev.iotstream.connect.timeseries.delivery.SinkTaskMetrics;
import dev.iotstream.connect.timeseries.mapping.MappedRecord;
import dev.iotstream.connect.timeseries.mapping.RecordMapping;
import dev.iotstream.connect.timeseries.write.FailureKind;
import dev.iotstream.connect.timeseries.write.InfluxApi;
import dev.iotstream.connect.timeseries.write.InfluxLineWriter;
import dev.iotstream.connect.timeseries.write.InfluxV1LineWriter;
import dev.iotstream.connect.timeseries.write.LineWriter;
import dev.iotstream.connect.timeseries.write.WriteException;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Collection;
import java.util.Map;
import java.util.Set;

/**
 * Thin shell: maps records to lines ({@link RecordMapping}), buffers them ({@link RecordBuffer}), writes due
 * batches ({@link BatchWriter}) and turns write failures into a paused wait ({@link RetryWait}) or a task failure.
 * Offsets are committed only up to records that were written or sent to the dead letter queue.
 */
public class TimeSeriesSinkTask extends SinkTask {
    private static final Logger LOG = LoggerFactory.getLogger(TimeSeriesSinkTask.class);
    private TimeSeriesSinkConfig config;
    private RecordMapping mapping;
    private LineWriter writer;
    private RecordBuffer buffer;
    private PipelinedWriter pipeline;
    private DeadLetters deadLetters;
    private RetryDeadline backoff;
    private RetryWait retryWait;
    private SinkTaskMetrics metrics;
    private String logPrefix;

    @Override
    public String version() {
        return ProjectVersion.get();
    }

    @Override
    public void start(Map<String, String> props) {
        config = new TimeSeriesSinkConfig(props);
        logPrefix = "Connector " + config.connectorName() + " task " + config.taskIndex() + ": ";
        config.checkTarget();
        if (config.validateConnection()) {
            config.probeTarget().ifPresent(failure -> {
                if (!failure.unreachable()) {
                    throw new ConnectException(logPrefix + failure.message());
                }
                LOG.warn("{}{}; points stay buffered and are retried", logPrefix, failure.message());
            });
        }
        mapping = RecordMappings.forConfig(config);
        buffer = new RecordBuffer();
        metrics = new SinkTaskMetrics();
        metrics.register(config.connectorName(), config.taskIndex(), buffer::size);
        deadLetters = new DeadLetters(errantRecordReporter(), metrics::deadLettered);
        writer = createWriter(config);
        pipeline = new PipelinedWriter(new BatchWriter(writer, deadLetters, metrics), deadLetters, buffer,
                config.connectorName() + "-task-" + config.taskIndex() + "-writer");
        backoff = new RetryDeadline(config.retryBackoffInitialMs(), config.retryBackoffMaxMs(), config.retryTimeoutMs());
        retryWait = new RetryWait();
        LOG.info("{}started, writing to {} ({} API) {} in batches of {} (allowed lag {} ms)", logPrefix,
                config.url(), config.api().label(), config.destination(), config.batchSize(), config.flushIntervalMs());
    }

    /**
     * Seam for tests and benchmarks that need another writer. Production: influxdb-client-java's blocking client
     * for the v2 API, {@link InfluxV1LineWriter} for the v1 API; both behind the same {@link LineWriter}, so
     * batching, retries, dead letters and offsets are the same code for both.
     */
    protected LineWriter createWriter(TimeSeriesSinkConfig config) {
        return config.api() == InfluxApi.V1 ? new InfluxV1LineWriter(config.targetSettings(), config.v1Settings())
                : new InfluxLineWriter(config.targetSettings());
    }

    private org.apache.kafka.connect.sink.ErrantRecordReporter errantRecordReporter() {
        try {
            return context.errantRecordReporter();
        } catch (NoSuchMethodError | NoClassDefFoundError e) {
            return null;
        }
    }

    @Override
    public void open(Collection<TopicPartition> partitions) {
        if (retryWait != null) {
            // Assigned during a wait: consuming them now would fill memory with records that cannot be written yet.
            pause(retryWait.toPause(partitions));
        }
    }

    @Override
    public void put(Collection<SinkRecord> records) {
        long now = System.currentTimeMillis();
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
            context.timeout(Math.max(1, retryWait.remainingMs(now)));
            return;
        }
        try {
            boolean wrote = pipeline.complete(false);
            while (buffer.size() - pipeline.inFlightCount() >= config.batchSize()) {
                wrote |= pipeline.complete(true);
                pipeline.submit(config.batchSize());
            }
            int waiting = buffer.size() - pipeline.inFlightCount();
            if (waiting > 0 && now - buffer.addedAt(pipeline.inFlightCount()) >= config.flushIntervalMs()) {
                wrote |= pipeline.complete(true);
                pipeline.submit(buffer.size());
            }
            if (wrote && backoff.failures() > 0) {
                LOG.info("{}store accepts writes again after {} failed attempt(s)", logPrefix, backoff.failures());
                backoff.reset();
            }
            if (retryWait.active() && (wrote || buffer.isEmpty())) {
                // The store took a write again, or nothing is left to retry (partitions revoked): consume again.
                resume(retryWait.release(context.assignment()));
            }
        } catch (WriteException e) {
            // The wait counts from when the failure is known here, never from before the request was answered.
            handleFailure(e, System.currentTimeMillis());
            return;
        }
        if (pipeline.inFlightCount() > 0) {
            // Come back soon to apply the write's result and move offsets on.
            context.timeout(Math.max(1, Math.min(50, config.flushIntervalMs())));
        } else if (!buffer.isEmpty()) {
            // Makes Connect call put() again in time to honour the allowed lag even if no record arrives.
            context.timeout(Math.max(1, config.flushIntervalMs() - (now - buffer.oldestAddedAt())));
        }
    }

    private void handleFailure(WriteException e, long now) {
        if (e.kind() != FailureKind.RETRIABLE) {
            throw new ConnectException(logPrefix + e.getMessage() + " (not retried: a wrong setting, see above)", e);
        }
        long delay = backoff.next(e.retryAfterMs(), now);
        if (delay < 0) {
            throw new ConnectException(logPrefix + "gave up after " + backoff.outageMs(now) + " ms and "
                    + backoff.failures() + " attempts (" + TimeSeriesSinkConfig.RETRY_TIMEOUT + "="
                    + config.retryTimeoutMs() + "); " + buffer.size() + " records not written and their offsets not "
                    + "committed; last error: " + e.getMessage(), e);
        }
        waitBeforeRetry(e, delay, now);
    }

    private void waitBeforeRetry(WriteException e, long delay, long now) {
        metrics.retry();
        // Not a RetriableException: Connect would log it at ERROR with a stack trace, again at every offset commit
        // during a long wait. The records are buffered already; pausing keeps new ones out until the retry.
        pause(retryWait.begin(now + delay, context.assignment()));
        LOG.warn("{}write failed, retry {} in {} ms: {}", logPrefix, backoff.failures(), delay, e.getMessage());
        context.timeout(delay);
    }

    /** Starts the wait after a retriable failure seen in close(); false when it is not retried (no wait). */
    private boolean waitInClose(WriteException e) {
        long now = System.currentTimeMillis();
        long delay = e.kind() == FailureKind.RETRIABLE ? backoff.next(e.retryAfterMs(), now) : -1;
        if (delay < 0) {
            return false;
        }
        waitBeforeRetry(e, delay, now);
        return true;
    }

    private void pause(Set<TopicPartition> partitions) {
        if (!partitions.isEmpty()) {
            context.pause(partitions.toArray(new TopicPartition[0]));
        }
    }

    private void resume(Set<TopicPartition> partitions) {
        if (!partitions.isEmpty()) {
            context.resume(partitions.toArray(new TopicPartition[0]));
        }
    }

    @Override
    public Map<TopicPartition, OffsetAndMetadata> preCommit(Map<TopicPartition, OffsetAndMetadata> currentOffsets) {
        return buffer == null ? Map.of() : buffer.committableOffsets(currentOffsets.keySet());
    }

    @Override
    public void close(Collection<TopicPartition> partitions) {
        if (buffer != null) {
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
            buffer.dropPartitions(partitions);
            retryWait.revoked(partitions);
        }
    }

    @Override
    public void stop() {
        if (pipeline != null) {
            pipeline.close();
        }
        if (writer != null) {
            writer.close();
        }
        if (metrics != null) {
            metrics.close();
        }
        LOG.info("{}stopped", logPrefix);
    }
}
