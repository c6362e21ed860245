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
                    "'" + f + "' is a shared subscription, which needs mqtt.version=5 (MQTT 3.1.1 has none, and"
                            + " auto may fall back to it)"));
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
        if ("sparkplugb".equals(format)) {
            sparkplugProblems(v, topics, out);
        }
        Object recordsPath = v.get(PAYLOAD_JSON_RECORDS_PATH);
        if (set(recordsPath) && format instanceof String f && !f.equals("json")) {
            out.put(PAYLOAD_JSON_RECORDS_PATH, "fans out json messages only, and " + PAYLOAD_FORMAT + " is " + f);
        }
        if (!list(v.get(PAYLOAD_JSON_RECORDS_COPY)).stream().allMatch(String::isEmpty) && !set(recordsPath)) {
            out.put(PAYLOAD_JSON_RECORDS_COPY, "copies fields into the elements of " + PAYLOAD_JSON_RECORDS_PATH
                    + ", which is not set");
        }
        MqttClientConfig.credentialAndBackoffProblems(v, out);
        Object dlq = v.get(PAYLOAD_DEAD_LETTER_TOPIC);
        if (set(dlq) && String.valueOf(dlq).strip().equals(String.valueOf(v.get(KAFKA_TOPIC)).strip())
                && "dlq".equals(v.get(PAYLOAD_ON_ERROR))) {
            out.put(PAYLOAD_DEAD_LETTER_TOPIC, "must differ from " + KAFKA_TOPIC);
        }
        return out;
    }

    /**
     * The decoder's state (aliases, seq) is per task: each task must see every message of the edge nodes it gets,
     * BIRTH and DATA alike, and deaths must not be lost while it is down.
     */
    private static void sparkplugProblems(Map<String, Object> v, List<String> topics, Map<String, String> out) {
        for (String filter : topics) {
            if (TopicFilters.isShared(filter)) {
                out.put(TOPICS, "'" + filter + "': a shared subscription spreads one edge node's messages over"
                        + " tasks, but Sparkplug B aliases and seq are learned per task from the BIRTH; subscribe"
                        + " each task to whole groups or edge nodes, e.g. spBv1.0/plant1/#");
                break;
            }
            String[] levels = filter.split("/", -1);
            if (!levels[0].equals("spBv1.0") && !levels[0].equals("#") && !levels[0].equals("+")) {
                out.put(TOPICS, "'" + filter + "' is outside the Sparkplug B namespace spBv1.0/... (its messages"
                        + " would all be dead letters)");
                break;
            }
            if (levels.length >= 3 && !levels[1].equals("STATE") && !levels[2].equals("+")
                    && !levels[2].equals("#")) {
                out.put(TOPICS, "'" + filter + "' names one message type; BIRTH, DATA and DEATH of an edge node"
                        + " must reach the same task (filters are divided among tasks and aliases are learned from"
                        + " the BIRTH): use + or # at the message type level, e.g. spBv1.0/plant1/+/gw7/#");
                break;
            }
        }
        Object qos = v.get(QOS);
        if (qos instanceof Integer q && q == 0) {
            out.put(QOS, "sparkplugb needs QoS 1 or 2: edge nodes publish their NDEATH (their MQTT will) at QoS 1,"
                    + " and a QoS 0 subscription downgrades it, so a death could be lost while the task reconnects"
                    + " and the store would show a dead node online");
        }
        Object key = v.get(KAFKA_KEY);
        if (key instanceof String k && !k.strip().equals("none")) {
            out.put(KAFKA_KEY, "sparkplugb records have their own keys (group/edge_node/device/metric, or"
                    + " group/edge_node[/device] for message and status records): leave it at none");
        }
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
