package dev.iotstream.connect.transforms;

import dev.iotstream.connect.transforms.util.MapUpdates;
import dev.iotstream.connect.transforms.util.RecordPart;
import dev.iotstream.connect.transforms.util.StructUpdates;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Values;
import org.apache.kafka.connect.header.Header;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Copies chosen headers into fields (Kafka ships only the opposite, {@code HeaderFrom}). Header values keep
 * their type; a header without a schema gets one inferred from its value. Use {@link Key} or {@link Value}.
 */
public abstract class HeadersToFields<R extends ConnectRecord<R>> extends PartTransform<R> {
    public static final String OVERVIEW_DOC = "Copies chosen record headers (e.g. mqtt.topic, mqtt.qos) into fields "
            + "of the record key or value, keeping their types.";

    private List<String> headers;
    private List<String> fields;
    private boolean failOnMissing;

    @Override
    public void configure(Map<String, ?> configs) {
        HeadersToFieldsConfig config = new HeadersToFieldsConfig(configs);
        headers = config.headers();
        fields = config.fields();
        failOnMissing = config.onMissing() == HeadersToFieldsConfig.OnMissing.FAIL;
    }

    @Override
    protected String name() {
        return "HeadersToFields";
    }

    private Header header(R record, int index) {
        Header header = record.headers().lastWithName(headers.get(index));
        if (header == null && failOnMissing) {
            throw error(record, "header '" + headers.get(index) + "' is missing");
        }
        return header;
    }

    @Override
    protected R applySchemaless(R record, Map<?, ?> value) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (int i = 0; i < headers.size(); i++) {
            Header header = header(record, i);
            if (header != null) {
                values.put(fields.get(i), header.value());
            }
        }
        return part().with(record, null, MapUpdates.update(value, values));
    }

    @Override
    protected R applyWithSchema(R record, Struct value) {
        List<Object> key = new ArrayList<>(headers.size() + 1);
        key.add(value.schema());
        Map<String, Object> values = new LinkedHashMap<>();
        for (int i = 0; i < headers.size(); i++) {
            Header header = header(record, i);
            Schema schema = header == null ? Schema.OPTIONAL_STRING_SCHEMA : headerSchema(header);
            key.add(schema);
            values.put(fields.get(i), header == null ? null : header.value());
        }
        Schema schema = cachedSchema(key, k -> {
            Map<String, Schema> added = new LinkedHashMap<>();
            for (int i = 0; i < fields.size(); i++) {
                added.put(fields.get(i), StructUpdates.optional((Schema) ((List<?>) k).get(i + 1)));
            }
            return StructUpdates.updateSchema(value.schema(), added);
        });
        return part().with(record, schema, StructUpdates.updateStruct(value, schema, values));
    }

    private static Schema headerSchema(Header header) {
        if (header.schema() != null) {
            return header.schema();
        }
        Schema inferred = header.value() == null ? null : Values.inferSchema(header.value());
        return inferred == null ? Schema.OPTIONAL_STRING_SCHEMA : inferred;
    }

    @Override
    public ConfigDef config() {
        return HeadersToFieldsConfig.CONFIG_DEF;
    }

    /** Copies headers into the record key. */
    public static final class Key<R extends ConnectRecord<R>> extends HeadersToFields<R> {
        @Override
        protected RecordPart part() {
            return RecordPart.KEY;
        }
    }

    /** Copies headers into the record value. */
    public static final class Value<R extends ConnectRecord<R>> extends HeadersToFields<R> {
        @Override
        protected RecordPart part() {
            return RecordPart.VALUE;
        }
    }
}
