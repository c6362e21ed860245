package dev.iotstream.connect.timeseries.delivery;

import dev.iotstream.connect.common.TaskMBeanRegistration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.management.ObjectName;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;

/**
 * Counters of one task, registered as an MBean while the task runs. An overlapping newer instance of the same task
 * (rebalance) takes the name over, and this instance's {@link #close()} then leaves it alone.
 */
public final class SinkTaskMetrics implements SinkTaskMetricsMBean, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SinkTaskMetrics.class);
    private final AtomicLong points = new AtomicLong();
    private final AtomicLong batches = new AtomicLong();
    private final AtomicLong retries = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong deadLettered = new AtomicLong();
    private final AtomicLong nonFinite = new AtomicLong();
    private final AtomicLong latencyTotalNanos = new AtomicLong();
    private final AtomicLong latencyMaxNanos = new AtomicLong();
    private volatile long lastWrittenTimestamp = -1;
    private volatile IntSupplier buffered = () -> 0;
    private TaskMBeanRegistration registration;

    public static ObjectName objectName(String connector, int task) throws Exception {
        return TaskMBeanRegistration.taskObjectName("timeseries-sink-task", connector, task);
    }

    public void register(String connector, int task, IntSupplier bufferedRecords) {
        this.buffered = bufferedRecords;
        try {
            registration = TaskMBeanRegistration.register(objectName(connector, task), this, SinkTaskMetricsMBean.class);
            if (registration.replacedEarlier()) {
                LOG.info("Connector {} task {}: JMX metrics taken over from an earlier instance of the task",
                        connector, task);
            }
        } catch (Exception e) {
            LOG.warn("Connector {} task {}: JMX metrics not registered: {}", connector, task, e.toString());
        }
    }

    void batchWritten(int lines, long nanos, Long lastTimestamp) {
        points.addAndGet(lines);
        batches.incrementAndGet();
        latencyTotalNanos.addAndGet(nanos);
        latencyMaxNanos.accumulateAndGet(nanos, Math::max);
        if (lastTimestamp != null) {
            lastWrittenTimestamp = lastTimestamp;
        }
    }

    void rejectedRequest() {
        rejected.incrementAndGet();
    }

    public void retry() {
        retries.incrementAndGet();
    }

    public void deadLettered() {
        deadLettered.incrementAndGet();
    }

    public void nonFiniteSkipped(int count) {
        nonFinite.addAndGet(count);
    }

    @Override
    public long getPointsWritten() {
        return points.get();
    }

    @Override
    public long getBatchesWritten() {
        return batches.get();
    }

    @Override
    public long getWriteRetries() {
        return retries.get();
    }

    @Override
    public long getRejectedRequests() {
        return rejected.get();
    }

    @Override
    public long getRecordsToDeadLetterQueue() {
        return deadLettered.get();
    }

    @Override
    public long getNonFiniteValuesSkipped() {
        return nonFinite.get();
    }

    @Override
    public double getWriteLatencyAvgMs() {
        long n = batches.get();
        return n == 0 ? 0 : latencyTotalNanos.get() / 1e6 / n;
    }

    @Override
    public double getWriteLatencyMaxMs() {
        return latencyMaxNanos.get() / 1e6;
    }

    @Override
    public int getBufferedRecords() {
        return buffered.getAsInt();
    }

    @Override
    public long getRecordLagMs() {
        long ts = lastWrittenTimestamp;
        return ts < 0 ? -1 : System.currentTimeMillis() - ts;
    }

    @Override
    public void close() {
        if (registration != null) {
            registration.close(); // only if the name is still ours
            registration = null;
        }
    }
}
