package dev.iotstream.connect.mqtt;

import dev.iotstream.connect.common.config.Validators;
import dev.iotstream.connect.mqtt.client.TopicFilters;
import dev.iotstream.connect.mqtt.mapping.HeaderSelection;
import dev.iotstream.connect.mqtt.mapping.KeyStrategy;
import dev.iotstream.connect.mqtt.mapping.TopicMappingRule;
import dev.iotstream.connect.mqtt.payload.JsonBatching;
import org.apache.kafka.common.config.ConfigDef;

import java.util.List;
import java.util.Optional;

/** The MQTT source's own rules, given to the shared {@link Validators}; generic rules are used from there directly. */
final class MqttSourceValidators {
    private MqttSourceValidators() {
    }

    static ConfigDef.Validator topicFilters() {
        return Validators.atLeastOneEntry("one or more MQTT topic filters (a/+/c, a/#, $share/group/a/#)",
                TopicFilters::problem);
    }

    static ConfigDef.Validator topicQos() {
        return Validators.eachEntry("entries filter=qos with qos 0, 1 or 2", MqttSourceValidators::topicQosProblem);
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

    static ConfigDef.Validator topicMappings() {
        return Validators.eachEntry("rules 'mqtt/{segment}/#->kafka.{segment}'", TopicMappingRule::problem);
    }

    static ConfigDef.Validator headerNames() {
        return Validators.eachEntry("header names from: " + HeaderSelection.ALL_NAMES.replace(",", ", ")
                + "; empty for none", HeaderSelection::problem);
    }

    static ConfigDef.Validator keyStrategy() {
        return Validators.value("none, topic, or segment:<name or 0-based index>", KeyStrategy::problem);
    }

    /** Empty (no Host Application role) or one MQTT topic level without wildcards: spBv1.0/STATE/{host_id}. */
    static ConfigDef.Validator sparkplugHostId() {
        return Validators.valueUnlessBlank("empty, or one MQTT topic level without / + #",
                v -> v.contains("/") || v.contains("+") || v.contains("#")
                        ? Optional.of("a Sparkplug host id is one MQTT topic level: not blank, no '/', '+' or '#',"
                        + " no leading or trailing spaces (it becomes spBv1.0/STATE/{host_id})")
                        : Optional.empty());
    }

    /** Empty, $ (the message is the array) or a dotted path of non-empty segments. */
    /** Entries field or field->name, the field a dotted path from the message's top level. */
    static ConfigDef.Validator jsonRecordsCopy() {
        return Validators.eachEntry("entries field or path->name, e.g. device,site.id->site,ts->batch_ts",
                Validators.parses(entry -> JsonBatching.parse("x", List.of(entry), 1)));
    }
}
