package dev.iotstream.connect.transforms.util;

import dev.iotstream.connect.common.MqttHeaders;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.sink.SinkRecord;

import java.nio.charset.StandardCharsets;

/** Helpers every transform needs for error messages and for reading the MQTT topic header. */
public final class Records {
    private Records() {
    }

    /**
     * Where a record came from, for error messages: topic, partition and offset of a sink record, or the MQTT topic
     * header (when present) and the Kafka topic of a source record.
     */
    public static String where(ConnectRecord<?> record) {
        if (record instanceof SinkRecord sink) {
            return "topic '" + sink.topic() + "', partition " + sink.kafkaPartition() + ", offset " + sink.kafkaOffset();
        }
        String mqttTopic = headerText(record, MqttHeaders.TOPIC);
        String kafka = "Kafka topic '" + record.topic() + "'";
        return mqttTopic == null ? kafka : "MQTT topic '" + mqttTopic + "', " + kafka;
    }

    /** The last header with this name as text (byte[] decoded as UTF-8), or null when absent or null. */
    public static String headerText(ConnectRecord<?> record, String name) {
        if (record.headers() == null) {
            return null;
        }
        Header header = record.headers().lastWithName(name);
        if (header == null || header.value() == null) {
            return null;
        }
        Object value = header.value();
        return value instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : value.toString();
    }

    /** Class name for error messages, null-safe. */
    public static String typeName(Object value) {
        return value == null ? "null" : value.getClass().getName();
    }
}
