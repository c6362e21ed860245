package dev.iotstream.connect.transforms;

import dev.iotstream.connect.transforms.ConvertUnitsConfig.Conversion;
import dev.iotstream.connect.transforms.util.FieldPath;
import dev.iotstream.connect.transforms.util.MapUpdates;
import dev.iotstream.connect.transforms.util.RecordPart;
import dev.iotstream.connect.transforms.util.Records;
import dev.iotstream.connect.transforms.util.StructUpdates;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Converts numeric fields between units through Indriya (JSR 385), e.g. {@code temp:degF->degC}. Converted values
 * are doubles; a missing or null field is left alone; a non-numeric value fails. Use {@link Key} or
 * {@link Value}.
 */
public abstract class ConvertUnits<R extends ConnectRecord<R>> extends PartTransform<R> {
    public static final String OVERVIEW_DOC = "Converts numeric fields between units (temperature, pressure, length, "
            + "speed, energy, power, ratio and percent, mass, volume, time, and any SI unit) through Indriya, the JSR 385 "
            + "reference implementation; optionally records the target unit in a field or header.";

    private List<Conversion> conversions;
    private String unitFieldSuffix;
    private String unitHeaderPrefix;

    @Override
    public void configure(Map<String, ?> configs) {
        ConvertUnitsConfig config = new ConvertUnitsConfig(configs);
        conversions = config.conversions();
        unitFieldSuffix = config.unitFieldSuffix();
        unitHeaderPrefix = config.unitHeaderPrefix();
    }

    @Override
    protected String name() {
        return "ConvertUnits";
    }

    /** Converted values (and unit fields) by path, for the conversions whose field is present and not null. */
    private Map<String, Object> convert(R record, Object value) {
        Map<String, Object> changes = new LinkedHashMap<>();
        for (Conversion conversion : conversions) {
            Object raw = conversion.field().get(value);
            if (raw == FieldPath.MISSING || raw == null) {
                continue;
            }
            if (!(raw instanceof Number number)) {
                throw error(record, "field '" + conversion.field() + "' must be a number to convert "
                        + conversion.from() + "->" + conversion.to() + ", found " + Records.typeName(raw) + " '" + raw
                        + "' (CoerceTypes before ConvertUnits turns numeric strings into numbers)");
            }
            changes.put(conversion.field().text(), conversion.apply(number.doubleValue()));
            if (unitFieldSuffix != null) {
                changes.put(conversion.field().text() + unitFieldSuffix, conversion.to());
            }
        }
        return changes;
    }

    private R withUnitHeaders(R record, Map<String, Object> changes) {
        if (unitHeaderPrefix != null) {
            for (Conversion conversion : conversions) {
                if (changes.containsKey(conversion.field().text())) {
                    record.headers().addString(unitHeaderPrefix + conversion.field().text(), conversion.to());
                }
            }
        }
        return record;
    }

    @Override
    protected R applySchemaless(R record, Map<?, ?> value) {
        Map<String, Object> changes = convert(record, value);
        if (changes.isEmpty()) {
            return record;
        }
        return withUnitHeaders(part().with(record, null, MapUpdates.update(value, changes)), changes);
    }

    @Override
    protected R applyWithSchema(R record, Struct value) {
        Map<String, Object> changes = convert(record, value);
        if (changes.isEmpty()) {
            return record;
        }
        Schema schema = cachedSchema(value.schema(), s -> {
            Map<String, Schema> fields = new LinkedHashMap<>();
            for (Conversion conversion : conversions) {
                if (conversion.field().schemaIn((Schema) s) != null) {
                    fields.put(conversion.field().text(), Schema.OPTIONAL_FLOAT64_SCHEMA);
                    if (unitFieldSuffix != null) {
                        fields.put(conversion.field().text() + unitFieldSuffix, Schema.OPTIONAL_STRING_SCHEMA);
                    }
                }
            }
            return StructUpdates.updateSchema((Schema) s, fields);
        });
        return withUnitHeaders(part().with(record, schema, StructUpdates.updateStruct(value, schema, changes)), changes);
    }

    @Override
    public ConfigDef config() {
        return ConvertUnitsConfig.CONFIG_DEF;
    }

    /** Converts fields of the record key. */
    public static final class Key<R extends ConnectRecord<R>> extends ConvertUnits<R> {
        @Override
        protected RecordPart part() {
            return RecordPart.KEY;
        }
    }

    /** Converts fields of the record value. */
    public static final class Value<R extends ConnectRecord<R>> extends ConvertUnits<R> {
        @Override
        protected RecordPart part() {
            return RecordPart.VALUE;
        }
    }
}
