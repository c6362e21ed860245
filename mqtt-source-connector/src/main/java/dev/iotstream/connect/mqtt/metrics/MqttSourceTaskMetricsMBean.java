package dev.iotstream.connect.mqtt.metrics;

/** JMX view of one task: {@code dev.iotstream.connect:type=mqtt-source-task,connector=X,task=N}. */
public interface MqttSourceTaskMetricsMBean {
    long getMessagesReceived();

    long getMessagesAcknowledged();

    int getMessagesInFlight();

    long getRecordsProduced();

    long getDecodeFailures();

    long getMessagesSkipped();

    /** QoS 0 messages dropped because the hand-off to poll() stayed full (QoS 1/2 are never dropped). */
    long getMessagesDropped();

    long getReconnects();

    boolean isConnected();
}
