package dev.iotstream.connect.common.config;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The ConfigDef validators of every plugin. Each validator's {@code toString()} is the "Valid values" line of the
 * generated reference (docs/reference), so it is written for users; each problem is a {@link ConfigException}, whose
 * message names the key and the value, with a text that says what would be right.
 *
 * <p>Plugin rules (an MQTT topic filter, a template) stay in the plugin and are given to the generic validators here
 * as a check: a function from the (stripped) value to the problem, empty when the value is fine. A null value
 * passes unless a method says otherwise: for a required key ConfigDef reports the missing value itself.
 */
public final class Validators {
    private static final Pattern KAFKA_TOPIC = Pattern.compile("[a-zA-Z0-9._-]{1,249}");

    private Validators() {
    }

    /** A check from a parser that throws IllegalArgumentException: its message is the problem. */
    public static Function<String, Optional<String>> parses(Consumer<String> parser) {
        return value -> {
            try {
                parser.accept(value);
                return Optional.empty();
            } catch (IllegalArgumentException e) {
                return Optional.of(e.getMessage());
            }
        };
    }

    /** One value, checked stripped. */
    public static ConfigDef.Validator value(String description, Function<String, Optional<String>> check) {
        return validator(description, (name, value) -> {
            if (value != null) {
                check.apply(String.valueOf(value).strip()).ifPresent(problem -> {
                    throw new ConfigException(name, value, problem);
                });
            }
        });
    }

    /** One value that may be left empty (null or blank pass); anything else is checked stripped. */
    public static ConfigDef.Validator valueUnlessBlank(String description, Function<String, Optional<String>> check) {
        return value(description, v -> v.isEmpty() ? Optional.empty() : check.apply(v));
    }

    /**
     * Where a JSON array sits in a value, as the MQTT source's batched JSON and the sink's points-from-array read
     * it: empty, {@code $} (the value is the array) or a dotted path of member names. {@code $.readings} is
     * refused rather than read as a member named "$": JSONPath habits would otherwise pass validation and then
     * find no array in any message.
     */
    public static ConfigDef.Validator jsonArrayPath() {
        return valueUnlessBlank("empty, $, or a dotted path (readings, data.samples)", path -> !path.equals("$")
                && (path.contains("$") || Arrays.stream(path.split("\\.", -1)).anyMatch(String::isEmpty))
                ? Optional.of("must be empty, '$' (the value is an array) or a dotted path such as readings or"
                + " data.samples (no empty segments, no '$' inside a path)")
                : Optional.empty());
    }

    /** One value that must be given: null or blank is "must not be empty"; anything else is checked stripped. */
    public static ConfigDef.Validator nonBlankValue(String description, Function<String, Optional<String>> check) {
        return validator(description, (name, value) -> {
            if (value == null || value.toString().isBlank()) {
                throw new ConfigException(name, value, "must not be empty");
            }
            check.apply(value.toString().strip()).ifPresent(problem -> {
                throw new ConfigException(name, value, problem);
            });
        });
    }

    /** A list whose entries are checked one by one (stripped); a problem names the entry. An empty list is fine. */
    public static ConfigDef.Validator eachEntry(String description, Function<String, Optional<String>> check) {
        return entries(description, check, true);
    }

    /** As {@link #eachEntry}, and an empty list is "expected {description}, got none". */
    public static ConfigDef.Validator atLeastOneEntry(String description, Function<String, Optional<String>> check) {
        return entries(description, check, false);
    }

    private static ConfigDef.Validator entries(String description, Function<String, Optional<String>> check,
                                               boolean allowEmpty) {
        return validator(description, (name, value) -> {
            if (!(value instanceof List<?> list)) {
                return; // missing value: ConfigDef reports "required" on its own
            }
            if (list.isEmpty() && !allowEmpty) {
                throw new ConfigException(name, value, "expected " + description + ", got none");
            }
            for (Object item : list) {
                check.apply(String.valueOf(item).strip()).ifPresent(problem -> {
                    throw new ConfigException(name, item, problem);
                });
            }
        });
    }

    /**
     * A list whose entries are checked one by one (stripped); a problem names the whole list and says
     * "entry 'x': problem". For short lists of entries that only make sense together (the transforms' lists).
     */
    public static ConfigDef.Validator eachEntryOfList(String description, Function<String, Optional<String>> check) {
        return validator(description, (name, value) -> {
            if (!(value instanceof List<?> list)) {
                return;
            }
            for (Object entry : list) {
                check.apply(String.valueOf(entry).strip()).ifPresent(problem -> {
                    throw new ConfigException(name, value, "entry '" + entry + "': " + problem);
                });
            }
        });
    }

    /** One of {@code names}, in any case, surrounding spaces ignored; null is refused. */
    public static ConfigDef.Validator oneOf(String... names) {
        List<String> allowed = List.of(names);
        String text = String.join(", ", allowed);
        return validator("one of " + text + " (any case)", (name, value) -> {
            if (value == null || allowed.stream().noneMatch(a -> a.equalsIgnoreCase(value.toString().strip()))) {
                throw new ConfigException(name, value, "must be one of " + text);
            }
        });
    }

    /** One of the lower-case names of an enum's constants, in any case (read back with {@link ConfigEnums#parse}). */
    public static <E extends Enum<E>> ConfigDef.Validator oneOf(Class<E> type) {
        return oneOf(ConfigEnums.names(type));
    }

    /** A Java regular expression that compiles. */
    public static ConfigDef.Validator regex() {
        return validator("a Java regular expression", (name, value) -> {
            if (value == null) {
                return;
            }
            try {
                Pattern.compile(value.toString());
            } catch (PatternSyntaxException e) {
                throw new ConfigException(name, value, "not a valid regular expression: " + e.getDescription());
            }
        });
    }

    /** A java.time.ZoneId. */
    public static ConfigDef.Validator zoneId() {
        return validator("a java.time.ZoneId, e.g. UTC, Europe/Berlin, +02:00", (name, value) -> {
            try {
                ZoneId.of(String.valueOf(value));
            } catch (DateTimeException e) {
                throw new ConfigException(name, value, "not a time zone id: " + e.getMessage());
            }
        });
    }

    /** An http:// or https:// URL with a host and no query or fragment; null or blank is refused. */
    public static ConfigDef.Validator httpUrl() {
        return validator("http:// or https:// URL", (name, value) -> {
            if (value == null || value.toString().isBlank()) {
                throw new ConfigException(name, value,
                        "must be an http:// or https:// URL, e.g. http://localhost:8086");
            }
            URI uri;
            try {
                uri = new URI(value.toString().strip());
            } catch (URISyntaxException e) {
                throw new ConfigException(name, value, "is not a valid URL: " + e.getMessage());
            }
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
        });
    }

    /** A non-empty string without surrounding whitespace (a separator, say); null is refused. */
    public static ConfigDef.Validator nonEmptyNoWhitespace() {
        return validator("non-empty string", (name, value) -> {
            if (value == null || value.toString().isEmpty() || !value.toString().strip().equals(value.toString())) {
                throw new ConfigException(name, value, "must be non-empty without surrounding whitespace");
            }
        });
    }

    /** A legal Kafka topic name. */
    public static ConfigDef.Validator kafkaTopic() {
        return value("a legal Kafka topic name ([a-zA-Z0-9._-], 1-249 chars)", Validators::kafkaTopicProblem);
    }

    /** Empty or a legal Kafka topic name. */
    public static ConfigDef.Validator kafkaTopicOrEmpty() {
        return value("empty or a legal Kafka topic name",
                v -> v.isEmpty() ? Optional.empty() : kafkaTopicProblem(v));
    }

    private static Optional<String> kafkaTopicProblem(String v) {
        return KAFKA_TOPIC.matcher(v).matches() && !v.equals(".") && !v.equals("..") ? Optional.empty()
                : Optional.of("'" + v + "' is not a legal Kafka topic name (1-249 of a-z A-Z 0-9 . _ -)");
    }

    /** How a validator reacts to a value; a ConfigException says what is wrong. */
    @FunctionalInterface
    private interface Rule {
        void ensureValid(String name, Object value);
    }

    private static ConfigDef.Validator validator(String description, Rule rule) {
        return new ConfigDef.Validator() {
            @Override
            public void ensureValid(String name, Object value) {
                rule.ensureValid(name, value);
            }

            @Override
            public String toString() {
                return description;
            }
        };
    }
}
