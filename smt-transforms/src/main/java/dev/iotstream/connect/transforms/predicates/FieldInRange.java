package dev.iotstream.connect.transforms.predicates;

import dev.iotstream.connect.transforms.util.Records;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.connector.ConnectRecord;

import java.util.Map;

/**
 * True when a numeric field lies within [min, max] (bounds optional, inclusive by default). With Kafka's
 * {@code Filter} and {@code negate=true} it drops out-of-range readings; with {@code RegexRouter} it routes
 * threshold crossings to an alerts topic.
 */
public class FieldInRange<R extends ConnectRecord<R>> extends FieldPredicate<R> {
    public static final String MIN = "min";
    public static final String MAX = "max";
    public static final String MIN_INCLUSIVE = "min.inclusive";
    public static final String MAX_INCLUSIVE = "max.inclusive";

    public static final String OVERVIEW_DOC = "Predicate: true when a numeric field (or numeric string) lies within "
            + "[min, max]. NaN is never in range.";

    public static final ConfigDef CONFIG_DEF = FieldPredicateConfig.base(true)
            .define(MIN, ConfigDef.Type.DOUBLE, null, ConfigDef.Importance.HIGH, "Lower bound; unset: no lower bound.",
                    "Range", 1, ConfigDef.Width.SHORT, "Minimum")
            .define(MAX, ConfigDef.Type.DOUBLE, null, ConfigDef.Importance.HIGH, "Upper bound; unset: no upper bound.",
                    "Range", 2, ConfigDef.Width.SHORT, "Maximum")
            .define(MIN_INCLUSIVE, ConfigDef.Type.BOOLEAN, true, ConfigDef.Importance.LOW,
                    "Whether a value equal to min is in range.", "Range", 3, ConfigDef.Width.SHORT, "Minimum inclusive")
            .define(MAX_INCLUSIVE, ConfigDef.Type.BOOLEAN, true, ConfigDef.Importance.LOW,
                    "Whether a value equal to max is in range.", "Range", 4, ConfigDef.Width.SHORT, "Maximum inclusive");

    private double min;
    private double max;
    private boolean minInclusive;
    private boolean maxInclusive;

    @Override
    public void configure(Map<String, ?> configs) {
        FieldPredicateConfig config = configureField(new FieldPredicateConfig(CONFIG_DEF, configs));
        Double lower = config.getDouble(MIN);
        Double upper = config.getDouble(MAX);
        if (lower == null && upper == null) {
            throw new ConfigException(MIN, null, "set min, max or both");
        }
        if (lower != null && upper != null && lower > upper) {
            throw new ConfigException(MAX, upper, "must not be below min " + lower);
        }
        min = lower == null ? Double.NEGATIVE_INFINITY : lower;
        max = upper == null ? Double.POSITIVE_INFINITY : upper;
        minInclusive = config.getBoolean(MIN_INCLUSIVE);
        maxInclusive = config.getBoolean(MAX_INCLUSIVE);
    }

    @Override
    protected String name() {
        return "FieldInRange";
    }

    @Override
    protected boolean test(R record, Object value) {
        double number;
        if (value instanceof Number n) {
            number = n.doubleValue();
        } else if (value instanceof String text) {
            try {
                number = Double.parseDouble(text.trim());
            } catch (NumberFormatException e) {
                throw error(record, "field '" + field() + "' must be a number, found string '" + text + "'");
            }
        } else {
            throw error(record, "field '" + field() + "' must be a number, found " + Records.typeName(value));
        }
        boolean aboveMin = minInclusive ? number >= min : number > min;
        boolean belowMax = maxInclusive ? number <= max : number < max;
        return aboveMin && belowMax;
    }

    @Override
    public ConfigDef config() {
        return CONFIG_DEF;
    }
}
