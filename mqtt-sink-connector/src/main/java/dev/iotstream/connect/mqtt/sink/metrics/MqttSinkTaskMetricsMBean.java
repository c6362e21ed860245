package dev.iotstream.connect.mqtt.sink.metrics;

/** JMX view of one sink task: {@code dev.iotstream.connect:type=mqtt-sink-task,connector=..,task=..}. */
public interface MqttSinkTaskMetricsMBean {
    /** PUBLISH packets sent, resends included. */
    long getPublished();

    /** Messages the broker acknowledged (PUBACK / PUBCOMP; QoS 0: written). */
    long getAcknowledged();

    /** Messages sent and not yet acknowledged. */
    int getInFlight();

    /** Records accepted and waiting to be sent. */
    int getQueued();

    long getDeadLettered();

    long getNullsSkipped();

    long getReconnects();

    /**
     * Batches put() handed back to Connect (which pauses the partitions and offers them again) because the broker
     * was not connected or the window stayed full for mqtt.put.max.wait.ms.
     */
    long getBatchesHandedBack();

    /** Messages sent again after an MQTT 5 refusal that may pass on a later attempt. */
    long getRetried();

    /** Age of the oldest record whose offset is held back by a missing acknowledgement. */
    long getOldestUnacknowledgedAgeMs();

    boolean isConnected();
}
