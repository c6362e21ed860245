package dev.iotstream.connect.transforms;

import dev.iotstream.connect.common.ProjectVersion;
import dev.iotstream.connect.common.json.JsonDecodeException;
import dev.iotstream.connect.common.json.JsonNumbers;
import dev.iotstream.connect.common.json.JsonOptions;
import dev.iotstream.connect.common.json.JsonReader;
import dev.iotstream.connect.common.json.JsonSchemas;
import dev.iotstream.connect.transforms.util.RecordPart;
import dev.iotstream.connect.transforms.util.Records;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.components.Versioned;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.transforms.Transformation;

import java.nio.ByteBuffer;
import java.util.Map;

/**
 * Parses JSON held as bytes or a string (what the MQTT source and ByteArray/String converters deliver) into a
 * schemaless map or a Struct with an inferred schema. Use {@link Key} or {@link Value}. Reads with the shared
 * {@link JsonReader}, so the same bytes give the same values and schemas as the MQTT source's json format.
 */
public abstract class ParseJson<R extends ConnectRecord<R>> implements Transformation<R>, Versioned {
    public static final String OVERVIEW_DOC = "Parses a JSON object held as bytes or a string in the record "
            + "key or value into a schemaless map or a Struct with an inferred schema. Null values and tombstones "
            + "pass through; malformed JSON fails with a DataException naming the topic, partition and offset "
            + "(sink) or the MQTT topic (source).";

    private JsonReader reader;
    private JsonSchemas inference;

    @Override
    public void configure(Map<String, ?> configs) {
        ParseJsonConfig config = new ParseJsonConfig(configs);
        reader = new JsonReader(new JsonOptions(config.numberType() == ParseJsonConfig.NumberType.DOUBLE
                ? JsonNumbers.DOUBLE : JsonNumbers.LONG_OR_DOUBLE, config.maxDepth(), true));
        inference = config.output() == ParseJsonConfig.Output.STRUCT ? new JsonSchemas("output=map") : null;
    }

    @Override
    public R apply(R record) {
        Object input = part().value(record);
        if (input == null) {
            return record;
        }
        Map<String, Object> parsed;
        try {
            parsed = read(input, record);
        } catch (JsonDecodeException e) {
            String label = part().label();
            String message = switch (e.kind()) {
                case SYNTAX -> "malformed JSON in record " + label + ": " + e.detail();
                case SHAPE -> "record " + label + " is not a JSON object: " + e.detail();
                case UNSUPPORTED, SCHEMA -> "record " + label + " holds JSON no converter can write: " + e.detail();
            };
            throw new DataException("ParseJson: " + message + " (" + Records.where(record) + ")", e);
        }
        if (inference == null) {
            return part().with(record, null, parsed);
        }
        Struct struct;
        try {
            struct = inference.toStruct(parsed);
        } catch (JsonDecodeException e) {
            throw new DataException("ParseJson: " + e.getMessage() + " (" + Records.where(record) + ")", e);
        }
        return part().with(record, struct.schema(), struct);
    }

    private Map<String, Object> read(Object input, R record) throws JsonDecodeException {
        if (input instanceof byte[] bytes) {
            return reader.readObject(bytes);
        }
        if (input instanceof String text) {
            return reader.readObject(text);
        }
        if (input instanceof ByteBuffer buffer) {
            byte[] bytes = new byte[buffer.remaining()];
            buffer.duplicate().get(bytes);
            return reader.readObject(bytes);
        }
        throw new DataException("ParseJson: record " + part().label() + " must be byte[] or String holding JSON, found "
                + Records.typeName(input) + " (" + Records.where(record) + ")");
    }

    protected abstract RecordPart part();

    @Override
    public ConfigDef config() {
        return ParseJsonConfig.CONFIG_DEF;
    }

    @Override
    public String version() {
        return ProjectVersion.get();
    }

    @Override
    public void close() {
    }

    /** Parses the record key. */
    public static final class Key<R extends ConnectRecord<R>> extends ParseJson<R> {
        @Override
        protected RecordPart part() {
            return RecordPart.KEY;
        }
    }

    /** Parses the record value. */
    public static final class Value<R extends ConnectRecord<R>> extends ParseJson<R> {
        @Override
        protected RecordPart part() {
            return RecordPart.VALUE;
        }
    }
}
