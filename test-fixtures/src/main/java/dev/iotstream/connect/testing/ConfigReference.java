package dev.iotstream.connect.testing;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.types.Password;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders a plugin's {@link ConfigDef} as a Markdown configuration reference and checks the committed copy is
 * current, so the docs can never drift from the code. Regenerate with {@code -Dreference.update=true}.
 */
public final class ConfigReference {
    private ConfigReference() {
    }

    public static String render(String title, String summary, ConfigDef def) {
        StringBuilder out = new StringBuilder();
        out.append("# ").append(title).append("\n\n");
        out.append(summary.strip()).append("\n\n");
        out.append("<!-- Generated from the ConfigDef by the build; edit the code, not this file. -->\n");
        Map<String, List<ConfigDef.ConfigKey>> byGroup = new LinkedHashMap<>();
        def.groups().forEach(g -> byGroup.put(g, new ArrayList<>()));
        for (ConfigDef.ConfigKey key : def.configKeys().values()) {
            byGroup.computeIfAbsent(key.group == null ? "General" : key.group, g -> new ArrayList<>()).add(key);
        }
        byGroup.values().forEach(keys -> keys.sort(Comparator.comparingInt((ConfigDef.ConfigKey k) -> k.orderInGroup)
                .thenComparing(k -> k.name)));
        byGroup.forEach((group, keys) -> {
            out.append("\n## ").append(group).append("\n");
            for (ConfigDef.ConfigKey key : keys) {
                out.append("\n### `").append(key.name).append("`\n\n");
                out.append(key.documentation == null ? "" : key.documentation.strip()).append("\n\n");
                out.append("- Type: ").append(key.type.name().toLowerCase()).append('\n');
                out.append("- Default: ").append(defaultText(key)).append('\n');
                if (key.validator != null && !key.validator.toString().isBlank()) {
                    out.append("- Valid values: ").append(escape(key.validator.toString())).append('\n');
                }
                out.append("- Importance: ").append(key.importance.name().toLowerCase()).append('\n');
            }
        });
        return out.toString();
    }

    /** Fails with a regeneration hint when {@code file} differs from the rendering of {@code def}. */
    public static void assertUpToDate(String title, String summary, ConfigDef def, Path file) {
        String expected = render(title, summary, def);
        try {
            if (Boolean.getBoolean("reference.update")) {
                Files.createDirectories(file.toAbsolutePath().getParent());
                Files.writeString(file, expected);
                return;
            }
            String actual = Files.exists(file) ? Files.readString(file) : "";
            if (!actual.equals(expected)) {
                throw new AssertionError("Configuration reference " + file.toAbsolutePath().normalize()
                        + " is stale or missing. Regenerate it with: mvn -pl <module> test -Dreference.update=true");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String defaultText(ConfigDef.ConfigKey key) {
        if (!key.hasDefault()) {
            return "none (required)";
        }
        Object value = key.defaultValue;
        if (value == null) {
            return "null";
        }
        if (value instanceof Password) {
            return "(hidden)";
        }
        String text = value instanceof List<?> list ? String.join(",", list.stream().map(String::valueOf).toList())
                : String.valueOf(value);
        return text.isEmpty() ? "\"\"" : "`" + text + "`";
    }

    private static String escape(String text) {
        return text.replace("|", "\\|");
    }
}
