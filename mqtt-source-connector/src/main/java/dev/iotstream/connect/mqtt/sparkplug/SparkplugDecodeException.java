package dev.iotstream.connect.mqtt.sparkplug;

/**
 * The whole MQTT message cannot be decoded as Sparkplug B (topic outside the namespace, bytes that are not a
 * Sparkplug B protobuf payload, a STATE message that is not the specified JSON); the message says why and is meant
 * for the dead-letter reason header. Problems with single metrics are {@link SparkplugFailure}s instead.
 */
public final class SparkplugDecodeException extends Exception {
    public SparkplugDecodeException(String message) {
        super(message);
    }

    public SparkplugDecodeException(String message, Throwable cause) {
        super(message, cause);
    }
}
