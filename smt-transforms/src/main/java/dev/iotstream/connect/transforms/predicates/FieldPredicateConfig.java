package dev.iotstream.connect.transforms.predicates;

import dev.iotstream.connect.common.config.ConfigEnums;
import dev.iotstream.connect.common.config.Validators;
import dev.iotstream.connect.transforms.util.FieldPath;
import dev.iotstream.connect.transforms.util.RecordPart;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;

import java.util.Map;

/** Settings every field predicate shares: which field, in key or value, and what a missing field means. */
public class FieldPredicateConfig extends AbstractConfig {
    public static final String FIELD = "field";
    public static final String TARGET = "target";
    public static final String ON_MISSING = "on.missing";

    /** Result for a record whose field is missing or null (or whose key/value is null). */
    public enum OnMissing { FALSE, TRUE, FAIL }

    protected static final String GROUP = "Field";

    /** The shared keys; {@code withMissing} adds {@code on.missing} (FieldPresent has no use for it). */
    static ConfigDef base(boolean withMissing) {
        ConfigDef def = new ConfigDef()
                .define(FIELD, ConfigDef.Type.STRING, ConfigDef.NO_DEFAULT_VALUE, FieldPath.validator(),
                        ConfigDef.Importance.HIGH, "The field to test (dotted path for nested maps and Structs, e.g. "
                                + "readings.temp).", GROUP, 1, ConfigDef.Width.MEDIUM, "Field")
                .define(TARGET, ConfigDef.Type.STRING, "value", Validators.oneOf(RecordPart.class),
                        ConfigDef.Importance.LOW, "Whether the field is in the record 'value' or 'key'.",
                        GROUP, 2, ConfigDef.Width.SHORT, "Target");
        if (withMissing) {
            def.define(ON_MISSING, ConfigDef.Type.STRING, "fail", Validators.oneOf(OnMissing.class),
                    ConfigDef.Importance.MEDIUM, "Result when the field is missing or null: 'fail' raises a "
                            + "DataException naming the field (the safe default: with Filter and negate=true a "
                            + "'false' here would silently drop such records), 'false' or 'true'.",
                    GROUP, 3, ConfigDef.Width.SHORT, "On missing field");
        }
        return def;
    }

    public FieldPredicateConfig(ConfigDef def, Map<?, ?> originals) {
        super(def, originals);
    }

    public FieldPath field() {
        return FieldPath.of(getString(FIELD));
    }

    public RecordPart target() {
        return ConfigEnums.parse(RecordPart.class, getString(TARGET));
    }

    public OnMissing onMissing() {
        return values().containsKey(ON_MISSING) ? ConfigEnums.parse(OnMissing.class, getString(ON_MISSING))
                : OnMissing.FALSE;
    }
}
