package dev.iotstream.connect.timeseries;

import dev.iotstream.connect.common.ProjectVersion;
import dev.iotstream.connect.timeseries.delivery.DeadLetters;
import dev.iotstream.connect.timeseries.delivery.DeliveryLoop;
import dev.iotstream.connect.timeseries.delivery.DeliverySettings;
import dev.iotstream.connect.timeseries.delivery.Partitions;
import dev.iotstream.connect.timeseries.delivery.PipelinedWriter;
import dev.iotstream.connect.timeseries.delivery.SinkTaskMetrics;
import dev.iotstream.connect.timeseries.write.InfluxApi;
import dev.iotstream.connect.timeseries.write.InfluxLineWriter;
import dev.iotstream.connect.timeseries.write.InfluxV1LineWriter;
import dev.iotstream.connect.timeseries.write.LineWriter;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Collection;
import java.util.Map;
import java.util.Set;

/**
 * Thin shell: reads the configuration, creates the writer and wires Connect's context (pause/resume, timeout,
 * assignment, errant record reporter) to {@link DeliveryLoop}, which holds buffering, batching, retries, dead
 * letters and the offsets that may be committed (only up to records written or sent to the dead letter queue).
 */
public class TimeSeriesSinkTask extends SinkTask {
    private static final Logger LOG = LoggerFactory.getLogger(TimeSeriesSinkTask.class);
    private TimeSeriesSinkConfig config;
    private LineWriter writer;
    private DeliveryLoop loop;
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
        var mapping = RecordMappings.forConfig(config);
        metrics = new SinkTaskMetrics();
        metrics.register(config.connectorName(), config.taskIndex(), () -> {
            DeliveryLoop current = loop;
            return current == null ? 0 : current.bufferedRecords();
        });
        DeadLetters deadLetters = new DeadLetters(errantRecordReporter(), metrics::deadLettered);
        writer = createWriter(config);
        DeliverySettings settings = new DeliverySettings(config.batchSize(), config.flushIntervalMs(),
                config.retryBackoffInitialMs(), config.retryBackoffMaxMs(), config.retryTimeoutMs(),
                TimeSeriesSinkConfig.RETRY_TIMEOUT, logPrefix);
        loop = new DeliveryLoop(settings, new DeliveryLoop.Ports(mapping, writer, deadLetters, new ContextPartitions(),
                metrics, System::currentTimeMillis,
                PipelinedWriter.writerThread(config.connectorName() + "-task-" + config.taskIndex() + "-writer")));
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

    /** Connect's {@code SinkTaskContext} as the loop sees it. */
    private final class ContextPartitions implements Partitions {
        @Override
        public Set<TopicPartition> assigned() {
            return context.assignment();
        }

        @Override
        public void pause(Set<TopicPartition> partitions) {
            context.pause(partitions.toArray(new TopicPartition[0]));
        }

        @Override
        public void resume(Set<TopicPartition> partitions) {
            context.resume(partitions.toArray(new TopicPartition[0]));
        }

        @Override
        public void callBackIn(long ms) {
            context.timeout(ms);
        }
    }

    @Override
    public void open(Collection<TopicPartition> partitions) {
        if (loop != null) {
            loop.open(partitions);
        }
    }

    @Override
    public void put(Collection<SinkRecord> records) {
        loop.put(records);
    }

    @Override
    public Map<TopicPartition, OffsetAndMetadata> preCommit(Map<TopicPartition, OffsetAndMetadata> currentOffsets) {
        return loop == null ? Map.of() : loop.committableOffsets(currentOffsets.keySet());
    }

    @Override
    public void close(Collection<TopicPartition> partitions) {
        if (loop != null) {
            loop.close(partitions);
        }
    }

    @Override
    public void stop() {
        if (loop != null) {
            loop.close();
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
