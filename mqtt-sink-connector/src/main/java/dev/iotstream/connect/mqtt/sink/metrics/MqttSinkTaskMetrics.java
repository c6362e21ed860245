package dev.iotstream.connect.mqtt.sink.metrics;

import dev.iotstream.connect.common.TaskMBeanRegistration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.management.ObjectName;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/** Counters of one sink task, registered as an MBean for the task's lifetime. */
public final class MqttSinkTaskMetrics implements MqttSinkTaskMetricsMBean, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MqttSinkTaskMetrics.class);

    /** Live values owned by other classes. */
    public record Sources(LongSupplier published, LongSupplier acknowledged, IntSupplier inFlight,
                          IntSupplier queued, LongSupplier retried, LongSupplier oldestAgeMs,
                          BooleanSupplier connected) {
    }

    private final Sources s;
    private final LongAdder deadLettered = new LongAdder();
    private final LongAdder nullsSkipped = new LongAdder();
    private final LongAdder reconnects = new LongAdder();
    private final LongAdder handedBack = new LongAdder();
    private TaskMBeanRegistration registration;

    public MqttSinkTaskMetrics(Sources sources) {
        this.s = sources;
    }

    public static ObjectName objectName(String connector, int task) {
        return TaskMBeanRegistration.taskObjectName("mqtt-sink-task", connector, task);
    }

    public void register(String connector, int task) {
        ObjectName on = objectName(connector, task);
        try {
            registration = TaskMBeanRegistration.register(on, this, MqttSinkTaskMetricsMBean.class);
        } catch (Exception e) {
            log.warn("cannot register MBean {}: {}", on, e.toString());
        }
    }

    public void deadLettered() {
        deadLettered.increment();
    }

    public void nullSkipped() {
        nullsSkipped.increment();
    }

    public void reconnected() {
        reconnects.increment();
    }

    public void batchHandedBack() {
        handedBack.increment();
    }

    @Override
    public long getBatchesHandedBack() {
        return handedBack.sum();
    }

    @Override
    public long getPublished() {
        return s.published().getAsLong();
    }

    @Override
    public long getAcknowledged() {
        return s.acknowledged().getAsLong();
    }

    @Override
    public int getInFlight() {
        return s.inFlight().getAsInt();
    }

    @Override
    public int getQueued() {
        return s.queued().getAsInt();
    }

    @Override
    public long getDeadLettered() {
        return deadLettered.sum();
    }

    @Override
    public long getNullsSkipped() {
        return nullsSkipped.sum();
    }

    @Override
    public long getReconnects() {
        return reconnects.sum();
    }

    @Override
    public long getRetried() {
        return s.retried().getAsLong();
    }

    @Override
    public long getOldestUnacknowledgedAgeMs() {
        return s.oldestAgeMs().getAsLong();
    }

    @Override
    public boolean isConnected() {
        return s.connected().getAsBoolean();
    }

    @Override
    public void close() {
        if (registration != null) {
            registration.close();
        }
    }
}
