package dev.iotstream.connect.transforms.predicates;

import dev.iotstream.connect.transforms.util.FieldPath;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.ConnectRecord;


import java.util.Map;

/** True when a field exists (and, by default, is not null) in the record key or value. */
public class FieldPresent<R extends ConnectRecord<R>> extends FieldPredicate<R> {
    public static final String ALLOW_NULL = "allow.null";

    public static final String OVERVIEW_DOC = "Predicate: true when a field exists in the record value (or key), "
            + "by default only when it is also not null.";

    public static final ConfigDef CONFIG_DEF = FieldPredicateConfig.base(false)
            .define(ALLOW_NULL, ConfigDef.Type.BOOLEAN, false, ConfigDef.Importance.MEDIUM,
                    "Whether a field that exists but holds null counts as present. In a Struct every field of the "
                            + "schema exists, so for Structs only a non-null value can tell.",
                    "Field", 3, ConfigDef.Width.SHORT, "Allow null");

    private boolean allowNull;

    @Override
    public void configure(Map<String, ?> configs) {
        FieldPredicateConfig config = configureField(new FieldPredicateConfig(CONFIG_DEF, configs));
        allowNull = config.getBoolean(ALLOW_NULL);
    }

    @Override
    protected String name() {
        return "FieldPresent";
    }

    @Override
    public boolean test(R record) {
        Object value = lookup(record);
        return value != FieldPath.MISSING && (value != null || allowNull);
    }

    @Override
    protected boolean test(R record, Object value) {
        return true;
    }

    @Override
    public ConfigDef config() {
        return CONFIG_DEF;
    }
}
