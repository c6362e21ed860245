package dev.iotstream.connect.transforms.util;

import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.data.Schema;

/** The part of a record a {@code $Key} or {@code $Value} transform works on. */
public enum RecordPart {
    KEY("key") {
        @Override
        public Object value(ConnectRecord<?> record) {
            return record.key();
        }

        @Override
        public Schema schema(ConnectRecord<?> record) {
            return record.keySchema();
        }

        @Override
        public <R extends ConnectRecord<R>> R with(R record, Schema schema, Object value, Long timestamp) {
            return record.newRecord(record.topic(), record.kafkaPartition(), schema, value,
                    record.valueSchema(), record.value(), timestamp, record.headers().duplicate());
        }
    },
    VALUE("value") {
        @Override
        public Object value(ConnectRecord<?> record) {
            return record.value();
        }

        @Override
        public Schema schema(ConnectRecord<?> record) {
            return record.valueSchema();
        }

        @Override
        public <R extends ConnectRecord<R>> R with(R record, Schema schema, Object value, Long timestamp) {
            return record.newRecord(record.topic(), record.kafkaPartition(), record.keySchema(), record.key(),
                    schema, value, timestamp, record.headers().duplicate());
        }
    };

    private final String label;

    RecordPart(String label) {
        this.label = label;
    }

    public abstract Object value(ConnectRecord<?> record);

    public abstract Schema schema(ConnectRecord<?> record);

    /** A copy of {@code record} with this part replaced; headers are copied, never shared. */
    public abstract <R extends ConnectRecord<R>> R with(R record, Schema schema, Object value, Long timestamp);

    public <R extends ConnectRecord<R>> R with(R record, Schema schema, Object value) {
        return with(record, schema, value, record.timestamp());
    }

    /** "key" or "value", for error messages. */
    public String label() {
        return label;
    }
}
