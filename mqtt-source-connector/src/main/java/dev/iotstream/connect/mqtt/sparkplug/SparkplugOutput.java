package dev.iotstream.connect.mqtt.sparkplug;

/** {@code sparkplug.output}: what one Sparkplug B message becomes. */
public enum SparkplugOutput {
    /** One record per metric (the default): the shape time-series sinks want. */
    METRIC,
    /** One record per message, the metrics as a Struct field per metric name. */
    MESSAGE
}
