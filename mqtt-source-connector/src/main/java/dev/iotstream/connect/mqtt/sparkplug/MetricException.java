package dev.iotstream.connect.mqtt.sparkplug;

/** One metric's value cannot be read as its datatype; becomes a {@link SparkplugFailure}. No stack trace: data. */
final class MetricException extends Exception {
    MetricException(String message) {
        super(message, null, false, false);
    }
}
