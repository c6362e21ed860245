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

    /** payload.format=sparkplugb (0 otherwise): gaps in an edge node's seq, each asking for a rebirth. */
    long getSparkplugSeqGaps();

    /** Metrics sent by an alias no remembered BIRTH defined (each a dead letter, and a rebirth request). */
    long getSparkplugUnknownAliases();

    long getSparkplugRebirthsRequested();

    /** Rebirth requests not sent because one went to the same edge node within the minimum interval. */
    long getSparkplugRebirthsSuppressed();

    /** NDEATHs of an earlier session (bdSeq not the current BIRTH's), ignored. */
    long getSparkplugStaleDeaths();

    /** Edge node sessions forgotten to stay within the memory limits. */
    long getSparkplugForgottenEdgeNodes();

    /** Rebirth requests the MQTT client could not send (not connected, window full). */
    long getSparkplugRebirthPublishFailures();
}
