package dev.iotstream.connect.transforms.util;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** ConfigDef validators shared by the transforms and predicates, with messages that say what is accepted. */
public final class Validators {
    private Validators() {
    }

    /** A dotted field path: non-empty segments. */
    public static ConfigDef.Validator fieldPath() {
        return new ConfigDef.Validator() {
            @Override
            public void ensureValid(String name, Object value) {
                if (value == null) {
                    return;
                }
                try {
                    FieldPath.of((String) value);
                } catch (IllegalArgumentException e) {
                    throw new ConfigException(name, value, e.getMessage());
                }
            }

            @Override
            public String toString() {
                return "a field name or dotted path into nested fields, e.g. location.lat";
            }
        };
    }

    /** A list whose entries are each checked by {@code check}, which returns an error text or null. */
    public static ConfigDef.Validator listOf(String description, Function<String, String> check) {
        return new ConfigDef.Validator() {
            @Override
            public void ensureValid(String name, Object value) {
                if (value == null) {
                    return;
                }
                for (Object entry : (List<?>) value) {
                    String error = check.apply(String.valueOf(entry).trim());
                    if (error != null) {
                        throw new ConfigException(name, value, "entry '" + entry + "': " + error);
                    }
                }
            }

            @Override
            public String toString() {
                return description;
            }
        };
    }

    /** A Java regular expression that compiles. */
    public static ConfigDef.Validator regex() {
        return new ConfigDef.Validator() {
            @Override
            public void ensureValid(String name, Object value) {
                if (value == null) {
                    return;
                }
                try {
                    Pattern.compile((String) value);
                } catch (PatternSyntaxException e) {
                    throw new ConfigException(name, value, "not a valid regular expression: " + e.getDescription());
                }
            }

            @Override
            public String toString() {
                return "a Java regular expression";
            }
        };
    }

    /** Case-insensitive one-of validator whose text lists the lower-case names of an enum. */
    public static <E extends Enum<E>> ConfigDef.Validator oneOf(Class<E> type) {
        List<String> names = List.of(names(type));
        String text = String.join(", ", names);
        return new ConfigDef.Validator() {
            @Override
            public void ensureValid(String name, Object value) {
                if (value == null || !names.contains(((String) value).trim().toLowerCase(Locale.ROOT))) {
                    throw new ConfigException(name, value, "must be one of " + text);
                }
            }

            @Override
            public String toString() {
                return "one of " + text + " (any case)";
            }
        };
    }

    public static <E extends Enum<E>> String[] names(Class<E> type) {
        E[] constants = type.getEnumConstants();
        String[] names = new String[constants.length];
        for (int i = 0; i < constants.length; i++) {
            names[i] = constants[i].name().toLowerCase(Locale.ROOT);
        }
        return names;
    }

    public static <E extends Enum<E>> E parse(Class<E> type, String value) {
        return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT));
    }
}
