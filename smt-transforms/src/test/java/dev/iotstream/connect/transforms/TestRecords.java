package dev.iotstream.connect.transforms;

import dev.iotstream.connect.common.MqttHeaders;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.source.SourceRecord;

import java.util.Map;

/** Records as the MQTT source and a sink task see them. */
final class TestRecords {
    static final long TIMESTAMP = 1_700_000_000_000L;

    private TestRecords() {
    }

    static SourceRecord source(Schema schema, Object value) {
        return source(null, null, schema, value, "sensors/plant1/dev7/temp");
    }

    static SourceRecord source(Schema keySchema, Object key, Schema schema, Object value, String mqttTopic) {
        ConnectHeaders headers = new ConnectHeaders();
        if (mqttTopic != null) {
            headers.addString(MqttHeaders.TOPIC, mqttTopic);
        }
        return new SourceRecord(Map.of(), Map.of(), "raw", null, keySchema, key, schema, value, TIMESTAMP, headers);
    }

    static SourceRecord sourceKey(Schema keySchema, Object key) {
        return source(keySchema, key, null, null, "sensors/plant1/dev7/temp");
    }

    static SinkRecord sink(Schema schema, Object value) {
        return new SinkRecord("telemetry", 3, null, null, schema, value, 42L, TIMESTAMP,
                org.apache.kafka.common.record.TimestampType.CREATE_TIME);
    }
}
