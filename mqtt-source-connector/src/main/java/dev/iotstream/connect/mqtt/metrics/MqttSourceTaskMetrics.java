package dev.iotstream.connect.mqtt.metrics;

import dev.iotstream.connect.common.TaskMBeanRegistration;
import dev.iotstream.connect.mqtt.sparkplug.SparkplugCounters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.management.ObjectName;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Counters of one task, registered as an MBean for the task's lifetime. An overlapping newer instance of the same
 * task (rebalance) takes the name over, and this instance's {@link #close()} then leaves it alone.
 */
public final class MqttSourceTaskMetrics implements MqttSourceTaskMetricsMBean, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MqttSourceTaskMetrics.class);

    private final LongAdder received = new LongAdder();
    private final LongAdder records = new LongAdder();
    private final LongAdder decodeFailures = new LongAdder();
    private final LongAdder skipped = new LongAdder();
    private final LongAdder reconnects = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final LongAdder rebirthPublishFailures = new LongAdder();
    private volatile Supplier<SparkplugCounters> sparkplug = () -> SparkplugCounters.NONE;
    private final LongSupplier acknowledged;
    private final IntSupplier inFlight;
    private final BooleanSupplier connected;
    private TaskMBeanRegistration registration;

    public MqttSourceTaskMetrics(LongSupplier acknowledged, IntSupplier inFlight, BooleanSupplier connected) {
        this.acknowledged = acknowledged;
        this.inFlight = inFlight;
        this.connected = connected;
    }

    public static ObjectName objectName(String connector, int task) {
        return TaskMBeanRegistration.taskObjectName("mqtt-source-task", connector, task);
    }

    public void register(String connector, int task) {
        ObjectName on = objectName(connector, task);
        try {
            registration = TaskMBeanRegistration.register(on, this, MqttSourceTaskMetricsMBean.class);
            if (registration.replacedEarlier()) {
                log.info("MBean {} taken over from an earlier instance of the task", on);
            }
        } catch (Exception e) {
            log.warn("cannot register MBean {}: {}", on, e.toString());
        }
    }

    public void messageReceived() {
        received.increment();
    }

    public void recordsProduced(int n) {
        records.add(n);
    }

    public void decodeFailure() {
        decodeFailures.increment();
    }

    public void skipped() {
        skipped.increment();
    }

    public void reconnected() {
        reconnects.increment();
    }

    /** A QoS 0 message dropped because Kafka took nothing for longer than the keep-alive allows waiting. */
    public void qos0Dropped() {
        dropped.increment();
    }

    /** payload.format=sparkplugb: the decoder's counters (read on JMX threads: the supplier must be thread-safe). */
    public void sparkplug(Supplier<SparkplugCounters> counters) {
        this.sparkplug = counters;
    }

    /** A rebirth request (NCMD) the client could not send. */
    public void rebirthPublishFailed() {
        rebirthPublishFailures.increment();
    }

    @Override
    public long getSparkplugSeqGaps() {
        return sparkplug.get().seqGaps();
    }

    @Override
    public long getSparkplugUnknownAliases() {
        return sparkplug.get().unknownAliases();
    }

    @Override
    public long getSparkplugRebirthsRequested() {
        return sparkplug.get().rebirthsRequested();
    }

    @Override
    public long getSparkplugRebirthsSuppressed() {
        return sparkplug.get().rebirthsSuppressed();
    }

    @Override
    public long getSparkplugStaleDeaths() {
        return sparkplug.get().staleDeaths();
    }

    @Override
    public long getSparkplugForgottenEdgeNodes() {
        return sparkplug.get().forgottenEdgeNodes();
    }

    @Override
    public long getSparkplugRebirthPublishFailures() {
        return rebirthPublishFailures.sum();
    }

    @Override
    public long getMessagesReceived() {
        return received.sum();
    }

    @Override
    public long getMessagesAcknowledged() {
        return acknowledged.getAsLong();
    }

    @Override
    public int getMessagesInFlight() {
        return inFlight.getAsInt();
    }

    @Override
    public long getRecordsProduced() {
        return records.sum();
    }

    @Override
    public long getDecodeFailures() {
        return decodeFailures.sum();
    }

    @Override
    public long getMessagesSkipped() {
        return skipped.sum();
    }

    @Override
    public long getMessagesDropped() {
        return dropped.sum();
    }

    @Override
    public long getReconnects() {
        return reconnects.sum();
    }

    @Override
    public boolean isConnected() {
        return connected.getAsBoolean();
    }

    @Override
    public void close() {
        if (registration != null) {
            registration.close(); // only if the name is still ours
            registration = null;
        }
    }
}
