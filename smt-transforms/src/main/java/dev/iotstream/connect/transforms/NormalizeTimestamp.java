package dev.iotstream.connect.transforms;

import dev.iotstream.connect.transforms.NormalizeTimestampConfig.OutputType;
import dev.iotstream.connect.transforms.util.FieldPath;
import dev.iotstream.connect.transforms.util.MapUpdates;
import dev.iotstream.connect.transforms.util.RecordPart;
import dev.iotstream.connect.transforms.util.Records;
import dev.iotstream.connect.transforms.util.StructUpdates;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Date;
import java.util.Map;

/**
 * A time field in any of several formats (ISO-8601, RFC 1123, custom patterns, epoch s/ms/us/ns) into epoch
 * milliseconds, a Connect Timestamp or ISO text; optionally also the record timestamp. Use {@link Key} or
 * {@link Value}.
 */
public abstract class NormalizeTimestamp<R extends ConnectRecord<R>> extends PartTransform<R> {
    public static final String OVERVIEW_DOC = "Reads a time field in any of several formats (ISO-8601 with or without "
            + "offset, RFC 1123, custom patterns, epoch seconds/ms/us/ns with the unit detected from the magnitude or "
            + "configured; local times in a configured zone) and writes it as epoch milliseconds, a Connect Timestamp "
            + "or ISO text; optionally sets the record timestamp from it.";

    private FieldPath field;
    private TimeParser parser;
    private OutputType outputType;
    private DateTimeFormatter isoFormat;
    private boolean setRecordTimestamp;
    private boolean failOnError;

    @Override
    public void configure(Map<String, ?> configs) {
        NormalizeTimestampConfig config = new NormalizeTimestampConfig(configs);
        field = config.field();
        ZoneId zone = config.zone();
        parser = new TimeParser(config.formats(), config.patterns(), config.epochUnit(), zone);
        outputType = config.outputType();
        isoFormat = DateTimeFormatter.ISO_OFFSET_DATE_TIME.withZone(zone);
        setRecordTimestamp = config.setRecordTimestamp();
        failOnError = config.onError() == NormalizeTimestampConfig.OnError.FAIL;
    }

    @Override
    protected String name() {
        return "NormalizeTimestamp";
    }

    /** Epoch ms of the field, or null when the record is to pass unchanged. */
    private Long millis(R record, Object raw) {
        if (raw == FieldPath.MISSING || raw == null) {
            return null;
        }
        Long millis = parser.toEpochMillis(raw);
        if (millis == null && failOnError) {
            String shown = raw instanceof String ? "'" + raw + "'" : String.valueOf(raw);
            throw error(record, "cannot read field '" + field + "' value " + shown + " ("
                    + Records.typeName(raw) + ") as a time in any of the configured formats");
        }
        return millis;
    }

    /**
     * A schemaless value (map) has no schema to mark a Timestamp, and no converter can write a java.util.Date in one
     * (JsonConverter fails the record): there a timestamp is its epoch milliseconds, which is also what JsonConverter
     * writes for a Timestamp field of a Struct.
     */
    private Object output(long millis, boolean schemaless) {
        return switch (outputType) {
            case EPOCH_MS -> millis;
            case TIMESTAMP -> schemaless ? (Object) millis : new Date(millis);
            case ISO -> isoFormat.format(TimeParser.instant(millis));
        };
    }

    @Override
    protected R applySchemaless(R record, Map<?, ?> value) {
        Long millis = millis(record, field.get(value));
        if (millis == null) {
            return record;
        }
        return part().with(record, null, MapUpdates.update(value, Map.of(field.text(), output(millis, true))),
                setRecordTimestamp ? millis : record.timestamp());
    }

    @Override
    protected R applyWithSchema(R record, Struct value) {
        Long millis = millis(record, field.get(value));
        if (millis == null) {
            return record;
        }
        Schema schema = cachedSchema(value.schema(), s -> StructUpdates.updateSchema((Schema) s,
                Map.of(field.text(), outputSchema())));
        return part().with(record, schema, StructUpdates.updateStruct(value, schema,
                Map.of(field.text(), output(millis, false))), setRecordTimestamp ? millis : record.timestamp());
    }

    private Schema outputSchema() {
        SchemaBuilder builder = switch (outputType) {
            case EPOCH_MS -> SchemaBuilder.int64();
            case TIMESTAMP -> Timestamp.builder();
            case ISO -> SchemaBuilder.string();
        };
        return builder.optional().build();
    }

    @Override
    public ConfigDef config() {
        return NormalizeTimestampConfig.CONFIG_DEF;
    }

    /** Normalizes a field of the record key. */
    public static final class Key<R extends ConnectRecord<R>> extends NormalizeTimestamp<R> {
        @Override
        protected RecordPart part() {
            return RecordPart.KEY;
        }
    }

    /** Normalizes a field of the record value. */
    public static final class Value<R extends ConnectRecord<R>> extends NormalizeTimestamp<R> {
        @Override
        protected RecordPart part() {
            return RecordPart.VALUE;
        }
    }
}
