package dev.iotstream.connect.timeseries;

import dev.iotstream.connect.timeseries.mapping.DestinationTemplate;
import dev.iotstream.connect.timeseries.mapping.FieldType;
import dev.iotstream.connect.timeseries.mapping.MeasurementTemplate;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Single-key validators with messages that tell the user what a good value looks like. */
final class ConfigValidators {
    private ConfigValidators() {
    }

    static ConfigDef.Validator httpUrl() {
        return new ConfigDef.Validator() {
            @Override
            public void ensureValid(String name, Object value) {
                if (value == null || value.toString().isBlank()) {
                    throw new ConfigException(name, value, "must be an http:// or https:// URL, e.g. http://localhost:8086");
                }
                try {
                    URI uri = new URI(value.toString().trim());
                    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
                    if (!scheme.equals("http") && !scheme.equals("https")) {
                        throw new ConfigException(name, value, "scheme must be http or https");
                    }
                    if (uri.getHost() == null || uri.getHost().isEmpty()) {
                        throw new ConfigException(name, value, "has no host name");
                    }
                    if (uri.getQuery() != null || uri.getFragment() != null) {
                        throw new ConfigException(name, value, "must not have a query or fragment");
                    }
                } catch (URISyntaxException e) {
                    throw new ConfigException(name, value, "is not a valid URL: " + e.getMessage());
                }
            }

            @Override
            public String toString() {
                return "http:// or https:// URL";
            }
        };
    }

    static ConfigDef.Validator oneOfIgnoreCase(String... allowed) {
        List<String> values = Arrays.asList(allowed);
        return new ConfigDef.Validator() {
            @Override
            public void ensureValid(String name, Object value) {
                if (value == null || values.stream().noneMatch(v -> v.equalsIgnoreCase(value.toString().trim()))) {
                    throw new ConfigException(name, value, "must be one of " + values);
                }
            }

            @Override
            public String toString() {
                return String.join(", ", values);
            }
        };
    }

    static ConfigDef.Validator fieldTypes() {
        return new ConfigDef.Validator() {
            @Override
            public void ensureValid(String name, Object value) {
                if (value == null) {
                    return;
                }
                for (Object item : (List<?>) value) {
                    String entry = item.toString();
                    int colon = entry.lastIndexOf(':');
                    if (colon <= 0 || colon == entry.length() - 1) {
                        throw new ConfigException(name, value, "entry '" + entry + "' must be path:type");
                    }
                    try {
                        FieldType.parse(entry.substring(colon + 1));
                    } catch (IllegalArgumentException e) {
                        throw new ConfigException(name, value, e.getMessage());
                    }
                }
            }

            @Override
            public String toString() {
                return "list of path:type, type in float, integer, boolean, string";
            }
        };
    }

    static ConfigDef.Validator staticTags() {
        return new ConfigDef.Validator() {
            @Override
            public void ensureValid(String name, Object value) {
                if (value == null) {
                    return;
                }
                java.util.Set<String> names = new java.util.HashSet<>();
                for (Object item : (List<?>) value) {
                    String entry = item.toString();
                    int eq = entry.indexOf('=');
                    if (eq <= 0 || entry.substring(0, eq).isBlank() || entry.substring(eq + 1).isBlank()) {
                        throw new ConfigException(name, value, "entry '" + entry + "' must be name=value with a "
                                + "non-empty name and value");
                    }
                    if (!names.add(entry.substring(0, eq).trim())) {
                        throw new ConfigException(name, value, "tag '" + entry.substring(0, eq).trim()
                                + "' is given twice");
                    }
                }
            }

            @Override
            public String toString() {
                return "list of name=value";
            }
        };
    }

    static ConfigDef.Validator destinationTemplate() {
        return new ConfigDef.Validator() {
            @Override
            public void ensureValid(String name, Object value) {
                try {
                    DestinationTemplate.parse(name, value == null ? "" : value.toString());
                } catch (IllegalArgumentException e) {
                    throw new ConfigException(name, value, e.getMessage());
                }
            }

            @Override
            public String toString() {
                return "name, or template with ${topic}, ${key}, ${header:name}, ${field:path}";
            }
        };
    }

    static ConfigDef.Validator arrayPath() {
        return new ConfigDef.Validator() {
            @Override
            public void ensureValid(String name, Object value) {
                String path = value == null ? "" : value.toString().trim();
                if (!path.isEmpty() && !path.equals("$") && (path.startsWith(".") || path.endsWith(".")
                        || path.contains("..") || path.contains("$"))) {
                    throw new ConfigException(name, value, "must be '$' (the value is an array) or a dotted path "
                            + "such as 'data.readings'");
                }
            }

            @Override
            public String toString() {
                return "empty, $, or a dotted path";
            }
        };
    }

    static ConfigDef.Validator measurementTemplate() {
        return new ConfigDef.Validator() {
            @Override
            public void ensureValid(String name, Object value) {
                if (value == null || value.toString().isBlank()) {
                    throw new ConfigException(name, value, "must not be empty");
                }
                try {
                    MeasurementTemplate.parse(value.toString());
                } catch (IllegalArgumentException e) {
                    throw new ConfigException(name, value, e.getMessage());
                }
            }

            @Override
            public String toString() {
                return "constant or template with ${topic} and ${field.path}";
            }
        };
    }

    static ConfigDef.Validator nonEmptyNoWhitespace() {
        return new ConfigDef.Validator() {
            @Override
            public void ensureValid(String name, Object value) {
                if (value == null || value.toString().isEmpty() || !value.toString().strip().equals(value.toString())) {
                    throw new ConfigException(name, value, "must be non-empty without surrounding whitespace");
                }
            }

            @Override
            public String toString() {
                return "non-empty string";
            }
        };
    }
}
