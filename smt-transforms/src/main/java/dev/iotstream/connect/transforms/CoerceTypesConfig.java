package dev.iotstream.connect.transforms;

import dev.iotstream.connect.common.config.ConfigEnums;
import dev.iotstream.connect.common.config.Validators;
import dev.iotstream.connect.transforms.util.FieldPath;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Configuration of {@link CoerceTypes}. */
public final class CoerceTypesConfig extends AbstractConfig {
    public static final String SPEC = "spec";
    public static final String NUMBERS_TO_DOUBLE = "numbers.to.double";

    /** Target types of {@code spec} entries. */
    public enum Target { DOUBLE, LONG, BOOLEAN, STRING }

    private static final String GROUP = "Types";

    public static final ConfigDef CONFIG_DEF = new ConfigDef()
            .define(SPEC, ConfigDef.Type.LIST, Collections.emptyList(),
                    Validators.eachEntryOfList("entries field:type with type one of double, long, boolean, string",
                            Validators.parses(CoerceTypesConfig::parse)), ConfigDef.Importance.HIGH,
                    "Per-field target types as field:type (dotted paths for nested fields), e.g. "
                            + "temp:double,count:long,on:boolean,fw:string. 'double' and 'long' accept numbers, numeric "
                            + "strings and booleans (1/0); 'long' rejects fractions; 'boolean' accepts true/false, "
                            + "1/0, on/off, yes/no (any case) and the numbers 1 and 0; 'string' accepts any scalar.",
                    GROUP, 1, ConfigDef.Width.LONG, "Spec")
            .define(NUMBERS_TO_DOUBLE, ConfigDef.Type.BOOLEAN, false, ConfigDef.Importance.MEDIUM,
                    "Turn every numeric field that is not in spec (any integer or float type, at any depth and in "
                            + "arrays) into a double, so a field keeps one type in the time-series store.",
                    GROUP, 2, ConfigDef.Width.SHORT, "All numbers to double");

    private final Map<FieldPath, Target> spec;

    public CoerceTypesConfig(Map<?, ?> originals) {
        super(CONFIG_DEF, originals);
        Map<FieldPath, Target> parsed = new LinkedHashMap<>();
        for (String entry : getList(SPEC)) {
            Map.Entry<FieldPath, Target> one = parse(entry);
            if (parsed.keySet().stream().anyMatch(f -> f.text().equals(one.getKey().text()))) {
                throw new ConfigException(SPEC, getList(SPEC), "field '" + one.getKey() + "' appears twice");
            }
            parsed.put(one.getKey(), one.getValue());
        }
        if (parsed.isEmpty() && !numbersToDouble()) {
            throw new ConfigException(SPEC, getList(SPEC), "nothing to do: set spec or numbers.to.double=true");
        }
        spec = Collections.unmodifiableMap(parsed);
    }

    static Map.Entry<FieldPath, Target> parse(String entry) {
        String trimmed = entry.trim();
        int colon = trimmed.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("expected field:type");
        }
        String type = trimmed.substring(colon + 1).trim();
        FieldPath path = FieldPath.of(trimmed.substring(0, colon).trim());
        try {
            return Map.entry(path, ConfigEnums.parse(Target.class, type));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("type '" + type + "' is not one of double, long, boolean, string");
        }
    }

    public Map<FieldPath, Target> spec() {
        return spec;
    }

    public boolean numbersToDouble() {
        return getBoolean(NUMBERS_TO_DOUBLE);
    }
}
