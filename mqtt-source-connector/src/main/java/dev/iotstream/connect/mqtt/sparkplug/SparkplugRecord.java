package dev.iotstream.connect.mqtt.sparkplug;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;

/**
 * One record value made from a Sparkplug B message: a metric, a whole message, or an online/offline status.
 *
 * @param key       {@code group/edge_node/device/metric} for metrics (device empty for node metrics),
 *                  {@code group/edge_node[/device]} for messages and statuses, {@code STATE/host_id} for a host
 * @param schema    the value's schema (cached: the same instance for the same shape)
 * @param timestamp epoch milliseconds: the metric's timestamp, else the payload's, else the decoder clock's
 */
public record SparkplugRecord(String key, Schema schema, Struct value, long timestamp) {
}
