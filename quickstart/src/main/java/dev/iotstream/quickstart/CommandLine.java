package dev.iotstream.quickstart;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A deliberately tiny GNU-style option parser ({@code --name value}, {@code --name=value}, {@code --flag}) so the
 * tools carry no CLI dependency. Every mistake (unknown option, missing or malformed value) is an
 * {@link IllegalArgumentException} whose message names the option, for the tool to print next to its usage.
 */
final class CommandLine {
    private final Map<String, String> values;

    private CommandLine(Map<String, String> values) {
        this.values = values;
    }

    /**
     * @param valueOptions option names (without dashes) that take a value
     * @param flags        option names that take none
     */
    static CommandLine parse(String[] args, Set<String> valueOptions, Set<String> flags) {
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.isBlank()) {
                continue;
            }
            if (!arg.startsWith("--") || arg.length() == 2) {
                throw new IllegalArgumentException("unexpected argument '" + arg + "': options look like --name value");
            }
            String name = arg.substring(2);
            String value = null;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            if (flags.contains(name)) {
                if (value != null) {
                    throw new IllegalArgumentException("option --" + name + " takes no value");
                }
                values.put(name, "true");
            } else if (valueOptions.contains(name)) {
                if (value == null) {
                    if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
                        throw new IllegalArgumentException("option --" + name + " needs a value");
                    }
                    value = args[++i];
                }
                if (values.containsKey(name)) {
                    throw new IllegalArgumentException("option --" + name + " given twice");
                }
                values.put(name, value);
            } else {
                throw new IllegalArgumentException("unknown option --" + name);
            }
        }
        return new CommandLine(values);
    }

    boolean has(String name) {
        return values.containsKey(name);
    }

    boolean flag(String name) {
        return values.containsKey(name);
    }

    Optional<String> string(String name) {
        return Optional.ofNullable(values.get(name));
    }

    String string(String name, String defaultValue) {
        return values.getOrDefault(name, defaultValue);
    }

    long longValue(String name, long defaultValue, long min, long max) {
        String raw = values.get(name);
        if (raw == null) {
            return defaultValue;
        }
        long value;
        try {
            value = Long.parseLong(raw.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("option --" + name + " must be a whole number, got '" + raw + "'");
        }
        if (value < min || value > max) {
            throw new IllegalArgumentException("option --" + name + " must be between " + min + " and " + max
                    + ", got " + value);
        }
        return value;
    }

    int intValue(String name, int defaultValue, int min, int max) {
        return (int) longValue(name, defaultValue, min, max);
    }

    double doubleValue(String name, double defaultValue, double min, double max) {
        String raw = values.get(name);
        if (raw == null) {
            return defaultValue;
        }
        double value;
        try {
            value = Double.parseDouble(raw.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("option --" + name + " must be a number, got '" + raw + "'");
        }
        if (!(value >= min && value <= max)) {
            throw new IllegalArgumentException("option --" + name + " must be between " + fmt(min) + " and "
                    + fmt(max) + ", got " + raw);
        }
        return value;
    }

    /** One of {@code allowed}, compared case-insensitively; returns the allowed spelling. */
    String choice(String name, String defaultValue, String... allowed) {
        String raw = values.get(name);
        if (raw == null) {
            return defaultValue;
        }
        for (String a : allowed) {
            if (a.equalsIgnoreCase(raw.trim())) {
                return a;
            }
        }
        throw new IllegalArgumentException("option --" + name + " must be one of " + String.join(", ", allowed)
                + ", got '" + raw + "'");
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? String.format(Locale.ROOT, "%.0f", d) : Double.toString(d);
    }
}
