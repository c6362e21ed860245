package dev.iotstream.connect.mqtt.sink;

import dev.iotstream.connect.mqtt.sink.topic.RecordView;

import java.util.HashMap;
import java.util.Map;

/** A record of our own interface, for unit tests. */
record FakeRecord(String topic, Object key, Object value, Map<String, Object> headers) implements RecordView {
    static FakeRecord of(String topic, Object key, Object value) {
        return new FakeRecord(topic, key, value, new HashMap<>());
    }

    FakeRecord with(String header, Object v) {
        headers.put(header, v);
        return this;
    }

    @Override
    public Object field(String path) {
        return SinkRecordView.at(value, path);
    }

    @Override
    public Object header(String name) {
        return headers.containsKey(name) ? headers.get(name) : MISSING;
    }
}
