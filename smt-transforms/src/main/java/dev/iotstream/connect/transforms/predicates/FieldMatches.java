package dev.iotstream.connect.transforms.predicates;

import dev.iotstream.connect.common.config.ConfigEnums;
import dev.iotstream.connect.common.config.Validators;
import dev.iotstream.connect.transforms.util.Records;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.ConnectRecord;

import java.util.Map;
import java.util.regex.Pattern;

/** True when a field's text (strings, numbers, booleans) matches a regular expression. */
public class FieldMatches<R extends ConnectRecord<R>> extends FieldPredicate<R> {
    public static final String PATTERN = "pattern";
    public static final String MATCH = "match";

    /** Whether the whole text must match, or a part of it. */
    public enum Match { FULL, PARTIAL }

    public static final String OVERVIEW_DOC = "Predicate: true when a field's text (a string, or a number or boolean "
            + "as text) matches a Java regular expression, as a whole or in part.";

    public static final ConfigDef CONFIG_DEF = FieldPredicateConfig.base(true)
            .define(PATTERN, ConfigDef.Type.STRING, ConfigDef.NO_DEFAULT_VALUE, Validators.regex(),
                    ConfigDef.Importance.HIGH, "The regular expression, e.g. ALARM|FAULT.", "Match", 1,
                    ConfigDef.Width.MEDIUM, "Pattern")
            .define(MATCH, ConfigDef.Type.STRING, "full", Validators.oneOf(Match.class), ConfigDef.Importance.LOW,
                    "'full': the whole text must match; 'partial': any part of it (Matcher.find).", "Match", 2,
                    ConfigDef.Width.SHORT, "Match");

    private Pattern pattern;
    private boolean full;

    @Override
    public void configure(Map<String, ?> configs) {
        FieldPredicateConfig config = configureField(new FieldPredicateConfig(CONFIG_DEF, configs));
        pattern = Pattern.compile(config.getString(PATTERN));
        full = ConfigEnums.parse(Match.class, config.getString(MATCH)) == Match.FULL;
    }

    @Override
    protected String name() {
        return "FieldMatches";
    }

    @Override
    protected boolean test(R record, Object value) {
        if (!(value instanceof CharSequence || value instanceof Number || value instanceof Boolean)) {
            throw error(record, "field '" + field() + "' must be a string, number or boolean, found "
                    + Records.typeName(value));
        }
        var matcher = pattern.matcher(value.toString());
        return full ? matcher.matches() : matcher.find();
    }

    @Override
    public ConfigDef config() {
        return CONFIG_DEF;
    }
}
