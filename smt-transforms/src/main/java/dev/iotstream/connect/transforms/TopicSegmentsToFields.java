package dev.iotstream.connect.transforms;

import dev.iotstream.connect.transforms.util.MapUpdates;
import dev.iotstream.connect.transforms.util.RecordPart;
import dev.iotstream.connect.transforms.util.Records;
import dev.iotstream.connect.transforms.util.StructUpdates;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Named levels of the MQTT topic ({@code sensors/{site}/{device}/{metric}}) into string fields of the record
 * value, and optionally one level into the record key. Works on the value only: the topic describes the
 * reading, and the key can be set with {@code key.segment}.
 */
public class TopicSegmentsToFields<R extends ConnectRecord<R>> extends PartTransform<R> {
    public static final String OVERVIEW_DOC = "Copies named levels of the MQTT topic (from the mqtt.topic header, "
            + "else the Kafka topic) into string fields of the record value, e.g. pattern "
            + "sensors/{site}/{device}/{metric}; optionally sets the record key from one level.";

    private TopicPattern pattern;
    private String topicHeader;
    private String keySegment;
    private boolean failOnMismatch;

    @Override
    public void configure(Map<String, ?> configs) {
        TopicSegmentsToFieldsConfig config = new TopicSegmentsToFieldsConfig(configs);
        pattern = config.pattern();
        topicHeader = config.topicHeader();
        keySegment = config.keySegment();
        failOnMismatch = config.onMismatch() == TopicSegmentsToFieldsConfig.OnMismatch.FAIL;
    }

    @Override
    protected RecordPart part() {
        return RecordPart.VALUE;
    }

    @Override
    protected String name() {
        return "TopicSegmentsToFields";
    }

    private Map<String, String> segments(R record) {
        String topic = topicHeader == null ? null : Records.headerText(record, topicHeader);
        if (topic == null) {
            topic = record.topic();
        }
        Map<String, String> segments = topic == null ? null : pattern.match(topic);
        if (segments == null && failOnMismatch) {
            throw error(record, "topic '" + topic + "' does not match pattern '" + pattern + "'");
        }
        return segments;
    }

    @Override
    protected R applySchemaless(R record, Map<?, ?> value) {
        Map<String, String> segments = segments(record);
        if (segments == null) {
            return record;
        }
        return withKey(record, null, MapUpdates.update(value, segments), segments);
    }

    @Override
    protected R applyWithSchema(R record, Struct value) {
        Map<String, String> segments = segments(record);
        if (segments == null) {
            return record;
        }
        Schema schema = cachedSchema(value.schema(), s -> {
            Map<String, Schema> added = new LinkedHashMap<>();
            segments.keySet().forEach(name -> added.put(name, Schema.OPTIONAL_STRING_SCHEMA));
            return StructUpdates.updateSchema((Schema) s, added);
        });
        return withKey(record, schema, StructUpdates.updateStruct(value, schema, segments), segments);
    }

    private R withKey(R record, Schema schema, Object value, Map<String, String> segments) {
        if (keySegment == null) {
            return RecordPart.VALUE.with(record, schema, value);
        }
        return record.newRecord(record.topic(), record.kafkaPartition(), Schema.STRING_SCHEMA,
                segments.get(keySegment), schema, value, record.timestamp(), record.headers().duplicate());
    }

    @Override
    public ConfigDef config() {
        return TopicSegmentsToFieldsConfig.CONFIG_DEF;
    }
}
