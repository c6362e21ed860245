package dev.iotstream.connect.mqtt.sink;

import dev.iotstream.connect.mqtt.sink.topic.RecordView;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.sink.SinkRecord;

import java.util.Map;

/** A SinkRecord as the Connect-free message classes read it. */
final class SinkRecordView implements RecordView {
    private final SinkRecord record;

    SinkRecordView(SinkRecord record) {
        this.record = record;
    }

    @Override
    public String topic() {
        return record.topic();
    }

    @Override
    public Object key() {
        return record.key();
    }

    @Override
    public Object value() {
        return record.value();
    }

    @Override
    public Object field(String path) {
        return at(record.value(), path);
    }

    /** The value at a dotted path into nested Structs and maps, or MISSING. */
    static Object at(Object root, String path) {
        Object cur = root;
        for (String part : path.split("\\.", -1)) {
            if (cur instanceof Struct s) {
                Field f = s.schema().field(part);
                if (f == null) {
                    return MISSING;
                }
                cur = s.get(f);
            } else if (cur instanceof Map<?, ?> m) {
                if (!m.containsKey(part)) {
                    return MISSING;
                }
                cur = m.get(part);
            } else {
                return MISSING;
            }
        }
        return cur;
    }

    @Override
    public Object header(String name) {
        Header h = record.headers().lastWithName(name);
        return h == null ? MISSING : h.value();
    }
}
