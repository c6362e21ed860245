package dev.iotstream.connect.mqtt.sparkplug;

import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;

import java.util.List;

/**
 * The record schemas, built once per value type (metric records), per DataSet layout or per message shape
 * (bounded caches), never per message.
 */
final class RecordSchemas {
    static final String METRIC = "dev.iotstream.connect.mqtt.sparkplug.Metric";
    static final String MESSAGE = "dev.iotstream.connect.mqtt.sparkplug.Message";
    static final String METRICS = "dev.iotstream.connect.mqtt.sparkplug.Metrics";
    static final String STATUS = "dev.iotstream.connect.mqtt.sparkplug.Status";
    static final Schema PROPERTIES = SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.OPTIONAL_STRING_SCHEMA)
            .optional().build();
    static final Schema STATUS_SCHEMA = SchemaBuilder.struct().name(STATUS).version(1)
            .field("group", Schema.OPTIONAL_STRING_SCHEMA)
            .field("edge_node", Schema.OPTIONAL_STRING_SCHEMA)
            .field("device", Schema.OPTIONAL_STRING_SCHEMA)
            .field("host_id", Schema.OPTIONAL_STRING_SCHEMA)
            .field("message_type", Schema.STRING_SCHEMA)
            .field("online", Schema.BOOLEAN_SCHEMA)
            .field("timestamp", Schema.INT64_SCHEMA)
            .field("bd_seq", Schema.OPTIONAL_INT64_SCHEMA)
            .build();

    private final Schema[] metricByDatatype = new Schema[64];
    private final BoundedCache<Schema, Schema> metricByDataSet = new BoundedCache<>(256);
    private final BoundedCache<String, Schema> messageByShape = new BoundedCache<>(1024);

    /** Fields of the metric schema, in order, so records are filled by position. */
    static final int GROUP = 0;
    static final int EDGE = 1;
    static final int DEVICE = 2;
    static final int TYPE = 3;
    static final int NAME = 4;
    static final int ALIAS = 5;
    static final int DATATYPE = 6;
    static final int VALUE = 7;
    static final int TIMESTAMP = 8;
    static final int SEQ = 9;
    static final int HISTORICAL = 10;
    static final int TRANSIENT = 11;
    static final int NULL = 12;
    static final int PROPS = 13;

    Schema metric(int datatype, Schema value) {
        if (datatype >= 0 && datatype < metricByDatatype.length && value == ValueSchemas.of(datatype)) {
            Schema s = metricByDatatype[datatype];
            if (s == null) {
                s = buildMetric(value);
                metricByDatatype[datatype] = s;
            }
            return s;
        }
        return metricByDataSet.computeIfAbsent(value, RecordSchemas::buildMetric);
    }

    private static Schema buildMetric(Schema value) {
        return SchemaBuilder.struct().name(METRIC).version(1)
                .field("group", Schema.STRING_SCHEMA)
                .field("edge_node", Schema.STRING_SCHEMA)
                .field("device", Schema.OPTIONAL_STRING_SCHEMA)
                .field("message_type", Schema.STRING_SCHEMA)
                .field("metric", Schema.STRING_SCHEMA)
                .field("alias", Schema.OPTIONAL_INT64_SCHEMA)
                .field("datatype", Schema.STRING_SCHEMA)
                .field("value", value)
                .field("timestamp", Schema.INT64_SCHEMA)
                .field("seq", Schema.OPTIONAL_INT64_SCHEMA)
                .field("is_historical", Schema.BOOLEAN_SCHEMA)
                .field("is_transient", Schema.BOOLEAN_SCHEMA)
                .field("is_null", Schema.BOOLEAN_SCHEMA)
                .field("properties", PROPERTIES)
                .build();
    }

    /** The message schema for metrics with these names and value schemas (same order); shape is their key. */
    Schema message(String shape, List<String> names, List<Schema> values) {
        Schema cached = messageByShape.get(shape);
        if (cached != null) {
            return cached;
        }
        SchemaBuilder metrics = SchemaBuilder.struct().name(METRICS);
        for (int i = 0; i < names.size(); i++) {
            metrics.field(names.get(i), values.get(i));
        }
        Schema schema = SchemaBuilder.struct().name(MESSAGE).version(1)
                .field("group", Schema.STRING_SCHEMA)
                .field("edge_node", Schema.STRING_SCHEMA)
                .field("device", Schema.OPTIONAL_STRING_SCHEMA)
                .field("message_type", Schema.STRING_SCHEMA)
                .field("timestamp", Schema.INT64_SCHEMA)
                .field("seq", Schema.OPTIONAL_INT64_SCHEMA)
                .field("metrics", metrics.build())
                .build();
        messageByShape.put(shape, schema);
        return schema;
    }

    static Field field(Schema schema, int index) {
        return schema.fields().get(index);
    }
}
