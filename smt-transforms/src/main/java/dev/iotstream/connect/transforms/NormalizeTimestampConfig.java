package dev.iotstream.connect.transforms;

import dev.iotstream.connect.common.config.ConfigEnums;
import dev.iotstream.connect.common.config.Validators;
import dev.iotstream.connect.transforms.util.FieldPath;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Configuration of {@link NormalizeTimestamp}. */
public final class NormalizeTimestampConfig extends AbstractConfig {
    public static final String FIELD = "field";
    public static final String FORMATS = "formats";
    public static final String PATTERNS = "patterns";
    public static final String EPOCH_UNIT = "epoch.unit";
    public static final String ZONE = "zone";
    public static final String OUTPUT_TYPE = "output.type";
    public static final String SET_RECORD_TIMESTAMP = "set.record.timestamp";
    public static final String ON_ERROR = "on.error";

    /** Built-in input formats, tried in the configured order before the custom patterns. */
    public enum Format { EPOCH, ISO8601, RFC1123 }

    /** Unit of epoch numbers; AUTO decides from the magnitude. */
    public enum EpochUnit { AUTO, SECONDS, MILLISECONDS, MICROSECONDS, NANOSECONDS }

    /** What the field becomes. */
    public enum OutputType { EPOCH_MS, TIMESTAMP, ISO }

    /** What happens to a value that no format can read. */
    public enum OnError { FAIL, PASSTHROUGH }

    private static final String GROUP = "Timestamp";

    public static final ConfigDef CONFIG_DEF = new ConfigDef()
            .define(FIELD, ConfigDef.Type.STRING, ConfigDef.NO_DEFAULT_VALUE, FieldPath.validator(),
                    ConfigDef.Importance.HIGH, "The field holding the time (dotted path for nested fields). A record "
                            + "without it (or with null) passes unchanged.", GROUP, 1, ConfigDef.Width.MEDIUM, "Field")
            .define(FORMATS, ConfigDef.Type.LIST, "epoch,iso8601,rfc1123",
                    Validators.eachEntryOfList("any of epoch, iso8601, rfc1123",
                            e -> Validators.parses(f -> ConfigEnums.parse(Format.class, f)).apply(e)
                                    .map(problem -> "not one of epoch, iso8601, rfc1123")), ConfigDef.Importance.MEDIUM,
                    "Input formats to accept, tried in this order: 'epoch' (numbers, and strings of digits), 'iso8601' "
                            + "(2024-05-01T12:00:00Z, with or without offset or [zone], fractions of a second "
                            + "allowed), 'rfc1123' (Wed, 01 May 2024 12:00:00 GMT). The custom patterns are tried after.",
                    GROUP, 2, ConfigDef.Width.MEDIUM, "Formats")
            .define(PATTERNS, ConfigDef.Type.LIST, Collections.emptyList(),
                    Validators.eachEntryOfList("java.time.format.DateTimeFormatter patterns",
                            e -> Validators.parses(p -> DateTimeFormatter.ofPattern(p, Locale.ROOT)).apply(e)
                                    .map(problem -> "not a DateTimeFormatter pattern: " + problem)),
                    ConfigDef.Importance.MEDIUM,
                    "Custom java.time DateTimeFormatter patterns (e.g. 'dd.MM.yyyy HH:mm:ss'), tried in order after "
                            + "the formats. A pattern without offset or zone is read in 'zone'; a date alone means "
                            + "the start of that day.", GROUP, 3, ConfigDef.Width.LONG, "Patterns")
            .define(EPOCH_UNIT, ConfigDef.Type.STRING, "auto", Validators.oneOf(EpochUnit.class),
                    ConfigDef.Importance.MEDIUM, "Unit of epoch numbers. 'auto' decides by magnitude: below 1e11 "
                            + "seconds (until year 5138), below 1e14 milliseconds, below 1e17 microseconds, "
                            + "else nanoseconds. Fractions are kept down to the millisecond.",
                    GROUP, 4, ConfigDef.Width.SHORT, "Epoch unit")
            .define(ZONE, ConfigDef.Type.STRING, "UTC", Validators.zoneId(),
                    ConfigDef.Importance.MEDIUM, "Time zone of local times (values without offset or zone), and of the "
                    + "ISO output.", GROUP, 5, ConfigDef.Width.SHORT, "Zone")
            .define(OUTPUT_TYPE, ConfigDef.Type.STRING, "epoch_ms", Validators.oneOf(OutputType.class),
                    ConfigDef.Importance.HIGH, "What the field becomes: 'epoch_ms' (a long, what the iotstream sink "
                            + "reads), 'timestamp' (a Connect Timestamp, java.util.Date, in Structs; in schemaless maps, which "
                            + "cannot carry it, the epoch ms that JsonConverter writes for one) or 'iso' (ISO-8601 text with "
                            + "the offset of 'zone').", GROUP, 6, ConfigDef.Width.SHORT, "Output type")
            .define(SET_RECORD_TIMESTAMP, ConfigDef.Type.BOOLEAN, false, ConfigDef.Importance.MEDIUM,
                    "Also set the Kafka record timestamp to this time.", GROUP, 7, ConfigDef.Width.SHORT,
                    "Set record timestamp")
            .define(ON_ERROR, ConfigDef.Type.STRING, "fail", Validators.oneOf(OnError.class),
                    ConfigDef.Importance.MEDIUM, "A value no format can read, or of a type that is not a time: 'fail' "
                            + "raises a DataException naming the field and the value; 'passthrough' leaves the record "
                            + "unchanged.", GROUP, 8, ConfigDef.Width.SHORT, "On error");

    public NormalizeTimestampConfig(Map<?, ?> originals) {
        super(CONFIG_DEF, originals);
    }

    public FieldPath field() {
        return FieldPath.of(getString(FIELD));
    }

    public List<Format> formats() {
        return getList(FORMATS).stream().map(f -> ConfigEnums.parse(Format.class, f)).toList();
    }

    public List<DateTimeFormatter> patterns() {
        return getList(PATTERNS).stream().map(p -> DateTimeFormatter.ofPattern(p.trim(), Locale.ROOT)).toList();
    }

    public EpochUnit epochUnit() {
        return ConfigEnums.parse(EpochUnit.class, getString(EPOCH_UNIT));
    }

    public ZoneId zone() {
        return ZoneId.of(getString(ZONE));
    }

    public OutputType outputType() {
        return ConfigEnums.parse(OutputType.class, getString(OUTPUT_TYPE));
    }

    public boolean setRecordTimestamp() {
        return getBoolean(SET_RECORD_TIMESTAMP);
    }

    public OnError onError() {
        return ConfigEnums.parse(OnError.class, getString(ON_ERROR));
    }
}
