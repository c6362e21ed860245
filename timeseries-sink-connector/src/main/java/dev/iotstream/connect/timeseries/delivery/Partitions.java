package dev.iotstream.connect.timeseries.delivery;

import org.apache.kafka.common.TopicPartition;

import java.util.Set;

/** The task's consumer as {@link DeliveryLoop} needs it; the task backs it with its {@code SinkTaskContext}. */
public interface Partitions {
    Set<TopicPartition> assigned();

    /** Called with a non-empty set only. */
    void pause(Set<TopicPartition> partitions);

    /** Called with a non-empty set only. */
    void resume(Set<TopicPartition> partitions);

    /** Asks for a call of {@code put} within {@code ms} even if no record arrives ({@code context.timeout}). */
    void callBackIn(long ms);
}
