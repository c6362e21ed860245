package dev.iotstream.connect.timeseries.delivery;

/** JMX view of one sink task: {@code dev.iotstream.connect:type=timeseries-sink-task,connector=..,task=..}. */
public interface SinkTaskMetricsMBean {
    long getPointsWritten();

    long getBatchesWritten();

    long getWriteRetries();

    long getRejectedRequests();

    long getRecordsToDeadLetterQueue();

    long getNonFiniteValuesSkipped();

    double getWriteLatencyAvgMs();

    double getWriteLatencyMaxMs();

    int getBufferedRecords();

    /** Now minus the Kafka timestamp of the last written record: how far behind the store is. */
    long getRecordLagMs();
}
