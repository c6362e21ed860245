package dev.iotstream.connect.timeseries.delivery;

/**
 * What {@link DeliveryLoop} needs of the configuration. {@code retryTimeoutKey} names the setting in the message
 * of the task failure when the retry deadline passes; {@code logPrefix} names connector and task.
 */
public record DeliverySettings(int batchSize, long flushIntervalMs, long retryBackoffInitialMs,
                               long retryBackoffMaxMs, long retryTimeoutMs, String retryTimeoutKey,
                               String logPrefix) {
}
