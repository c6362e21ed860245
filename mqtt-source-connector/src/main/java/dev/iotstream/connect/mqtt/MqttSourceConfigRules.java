package dev.iotstream.connect.mqtt;

import dev.iotstream.connect.mqtt.client.MqttClientConfig;
import dev.iotstream.connect.mqtt.client.TopicFilters;
import org.apache.kafka.common.config.types.Password;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.iotstream.connect.mqtt.MqttSourceConfig.*;

/**
 * Rules that involve more than one key (single-key rules are validators in the ConfigDef). Works on parsed
 * values so that {@code validate()} can report each problem against the field a user has to change.
 */
public final class MqttSourceConfigRules {
    private MqttSourceConfigRules() {
    }

    /** @return field name to problem, in a stable order; empty when the combination is consistent */
    public static Map<String, String> problems(Map<String, Object> v) {
        Map<String, String> out = new LinkedHashMap<>();
        List<String> topics = list(v.get(TOPICS));
        if (!"5".equals(v.get(VERSION))) {
            topics.stream().filter(TopicFilters::isShared).findFirst().ifPresent(f -> out.put(TOPICS,
                    "'" + f + "' is a shared subscription, which needs mqtt.version=5 (MQTT 3.1.1 has none, and auto may"
                            + " fall back to it)"));
        }
        for (String entry : list(v.get(TOPIC_QOS))) {
            int eq = entry.lastIndexOf('=');
            String filter = eq < 0 ? entry : entry.substring(0, eq).strip();
            if (!entry.isEmpty() && !topics.contains(filter)) {
                out.put(TOPIC_QOS, "'" + filter + "' is not one of the filters in " + TOPICS);
                break;
            }
        }
        MqttClientConfig.tlsProblems(v, out);
        Object key = v.get(KAFKA_KEY);
        Object format = v.get(PAYLOAD_FORMAT);
        if (key instanceof String k && k.strip().startsWith("field:") && format instanceof String f
                && !f.equals("json") && !f.equals("senml")) {
            out.put(KAFKA_KEY, "'" + k.strip() + "' takes the key from the decoded payload, which needs "
                    + PAYLOAD_FORMAT + "=json or senml (it is " + f + ")");
        }
        MqttClientConfig.credentialAndBackoffProblems(v, out);
        Object dlq = v.get(PAYLOAD_DEAD_LETTER_TOPIC);
        if (set(dlq) && String.valueOf(dlq).strip().equals(String.valueOf(v.get(KAFKA_TOPIC)).strip())
                && "dlq".equals(v.get(PAYLOAD_ON_ERROR))) {
            out.put(PAYLOAD_DEAD_LETTER_TOPIC, "must differ from " + KAFKA_TOPIC);
        }
        return out;
    }

    private static boolean set(Object value) {
        if (value instanceof Password p) {
            return p.value() != null && !p.value().isEmpty();
        }
        return value != null && !String.valueOf(value).isBlank();
    }

    @SuppressWarnings("unchecked")
    private static List<String> list(Object value) {
        return value instanceof List<?> l ? ((List<Object>) l).stream().map(o -> String.valueOf(o).strip()).toList()
                : List.of();
    }
}
