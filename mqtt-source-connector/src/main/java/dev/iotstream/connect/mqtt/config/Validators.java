package dev.iotstream.connect.mqtt.config;

import dev.iotstream.connect.mqtt.client.MqttClientConfig;
import dev.iotstream.connect.mqtt.client.TopicFilters;
import dev.iotstream.connect.mqtt.mapping.HeaderSelection;
import dev.iotstream.connect.mqtt.mapping.TopicMappingRule;
import dev.iotstream.connect.mqtt.mapping.KeyStrategy;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/** ConfigDef validators with messages that say what is wrong and what would be right. */
public final class Validators {
    private static final Pattern KAFKA_TOPIC = Pattern.compile("[a-zA-Z0-9._-]{1,249}");

    private Validators() {
    }

    public static ConfigDef.Validator serverUris() {
        return MqttClientConfig.serverUrisValidator();
    }

    public static ConfigDef.Validator topicFilters() {
        return listOf("one or more MQTT topic filters (a/+/c, a/#, $share/group/a/#)", TopicFilters::problem, false);
    }

    public static ConfigDef.Validator topicQos() {
        return listOf("entries filter=qos with qos 0, 1 or 2", Validators::topicQosProblem, true);
    }

    private static Optional<String> topicQosProblem(String entry) {
        int eq = entry.lastIndexOf('=');
        if (eq < 0) {
            return Optional.of("'" + entry + "' must be filter=qos, e.g. alarms/#=2");
        }
        String qos = entry.substring(eq + 1).strip();
        if (!qos.equals("0") && !qos.equals("1") && !qos.equals("2")) {
            return Optional.of("'" + entry + "': QoS must be 0, 1 or 2");
        }
        return TopicFilters.problem(entry.substring(0, eq).strip());
    }

    public static ConfigDef.Validator topicMappings() {
        return listOf("rules 'mqtt/{segment}/#->kafka.{segment}'", TopicMappingRule::problem, true);
    }

    public static ConfigDef.Validator headerNames() {
        return listOf("header names from: " + HeaderSelection.ALL_NAMES.replace(",", ", ") + "; empty for none",
                HeaderSelection::problem, true);
    }

    public static ConfigDef.Validator keyStrategy() {
        return single("none, topic, or segment:<name or 0-based index>", KeyStrategy::problem);
    }

    public static ConfigDef.Validator kafkaTopicOrEmpty(boolean allowEmpty) {
        return single(allowEmpty ? "empty or a legal Kafka topic name" : "a legal Kafka topic name ([a-zA-Z0-9._-], 1-249 chars)",
                value -> (allowEmpty && value.isEmpty()) || (KAFKA_TOPIC.matcher(value).matches()
                        && !value.equals(".") && !value.equals("..")) ? Optional.empty()
                        : Optional.of("'" + value + "' is not a legal Kafka topic name (1-249 of a-z A-Z 0-9 . _ -)"));
    }

    private static ConfigDef.Validator listOf(String description, Function<String, Optional<String>> check,
                                              boolean allowEmpty) {
        return new ConfigDef.Validator() {
            @Override
            public void ensureValid(String name, Object value) {
                if (!(value instanceof List<?> list)) {
                    return; // missing value: ConfigDef reports "required" on its own
                }
                if (list.isEmpty() && !allowEmpty) {
                    throw new ConfigException(name, value, "expected " + description + ", got none");
                }
                for (Object item : list) {
                    Optional<String> problem = check.apply(String.valueOf(item).strip());
                    if (problem.isPresent()) {
                        throw new ConfigException(name, item, problem.get());
                    }
                }
            }

            @Override
            public String toString() {
                return description;
            }
        };
    }

    private static ConfigDef.Validator single(String description, Function<String, Optional<String>> check) {
        return new ConfigDef.Validator() {
            @Override
            public void ensureValid(String name, Object value) {
                if (value == null) {
                    return;
                }
                Optional<String> problem = check.apply(String.valueOf(value).strip());
                if (problem.isPresent()) {
                    throw new ConfigException(name, value, problem.get());
                }
            }

            @Override
            public String toString() {
                return description;
            }
        };
    }

    /** Empty (no Host Application role) or one MQTT topic level without wildcards: spBv1.0/STATE/{host_id}. */
    public static ConfigDef.Validator sparkplugHostId() {
        return new ConfigDef.Validator() {
            @Override
            public void ensureValid(String name, Object value) {
                String v = value == null ? "" : String.valueOf(value);
                if (!v.isEmpty() && (v.isBlank() || v.contains("/") || v.contains("+") || v.contains("#")
                        || !v.strip().equals(v))) {
                    throw new ConfigException(name, value, "a Sparkplug host id is one MQTT topic level: not blank,"
                            + " no '/', '+' or '#', no leading or trailing spaces"
                            + " (it becomes spBv1.0/STATE/{host_id})");
                }
            }

            @Override
            public String toString() {
                return "empty, or one MQTT topic level without / + #";
            }
        };
    }

    /** Empty, $ (the message is the array) or a dotted path of non-empty segments. */
    public static ConfigDef.Validator jsonRecordsPath() {
        return new ConfigDef.Validator() {
            @Override
            public void ensureValid(String name, Object value) {
                String v = value == null ? "" : String.valueOf(value).strip();
                if (!v.isEmpty() && !v.equals("$") && java.util.Arrays.stream(v.split("\\.", -1))
                        .anyMatch(String::isEmpty)) {
                    throw new ConfigException(name, value, "must be empty, $ or a dotted path such as readings or"
                            + " data.samples (no empty segments)");
                }
            }

            @Override
            public String toString() {
                return "empty, $, or a dotted path (readings, data.samples)";
            }
        };
    }

    /** Entries field or field->name, the field a dotted path from the message's top level. */
    public static ConfigDef.Validator jsonRecordsCopy() {
        return listOf("entries field or path->name, e.g. device,site.id->site,ts->batch_ts", entry -> {
            try {
                dev.iotstream.connect.mqtt.payload.JsonBatching.parse("x", List.of(entry), 1);
                return Optional.empty();
            } catch (IllegalArgumentException e) {
                return Optional.of(e.getMessage());
            }
        }, true);
    }
}
