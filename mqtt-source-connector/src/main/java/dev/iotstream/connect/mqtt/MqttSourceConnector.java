package dev.iotstream.connect.mqtt;

import dev.iotstream.connect.common.CrossKeyRules;
import dev.iotstream.connect.common.ProjectVersion;
import dev.iotstream.connect.mqtt.client.TopicFilters;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.source.ExactlyOnceSupport;
import org.apache.kafka.connect.source.SourceConnector;
import org.apache.kafka.connect.util.ConnectorUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * MQTT to Kafka, at least once: each MQTT message is acknowledged to the broker only after Kafka has its records.
 * Plain topic filters are divided among tasks; shared subscriptions go to every task (the broker balances).
 * <p>
 * Exactly-once is unsupported: MQTT brokers cannot replay from an offset, so Connect's source offsets carry no
 * position; a message is redelivered only while it is un-acknowledged in the session.
 */
public class MqttSourceConnector extends SourceConnector {
    private static final Logger log = LoggerFactory.getLogger(MqttSourceConnector.class);
    private Map<String, String> props;

    @Override
    public String version() {
        return ProjectVersion.get();
    }

    @Override
    public void start(Map<String, String> props) {
        CrossKeyRules.enforce(new MqttSourceConfig(props).values(), props, MqttSourceConfigRules::problems);
        this.props = Map.copyOf(props);
        if ("all".equalsIgnoreCase(props.getOrDefault("errors.tolerance", "none").trim())) {
            // Connect reports a tolerated failed send as commitRecord(record, null), exactly like a record a transform
            // dropped, which the task must acknowledge: the message is then gone from the broker but not in Kafka.
            log.warn("MQTT source {}: errors.tolerance=all: a record whose send to Kafka fails (for example expired"
                    + " after the producer's delivery.timeout.ms during a Kafka outage) is skipped and its MQTT message"
                    + " acknowledged, so it is lost. Connect's default delivery.timeout.ms never"
                    + " expires; do not lower it (producer.override.delivery.timeout.ms) with errors.tolerance=all.",
                    props.getOrDefault("name", "?"));
        }
    }

    @Override
    public Class<? extends Task> taskClass() {
        return MqttSourceTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        List<String> filters = new MqttSourceConfig(props).topicFilters();
        List<String> shared = filters.stream().filter(TopicFilters::isShared).toList();
        List<String> plain = filters.stream().filter(f -> !TopicFilters.isShared(f)).toList();
        int tasks = shared.isEmpty() ? Math.min(maxTasks, plain.size()) : maxTasks;
        List<List<String>> plainGroups = plain.isEmpty() ? List.of()
                : ConnectorUtils.groupPartitions(plain, Math.min(tasks, plain.size()));
        List<Map<String, String>> configs = new ArrayList<>(tasks);
        for (int i = 0; i < tasks; i++) {
            List<String> mine = new ArrayList<>(shared);
            if (i < plainGroups.size()) {
                mine.addAll(plainGroups.get(i));
            }
            Map<String, String> task = new HashMap<>(props);
            task.put(MqttSourceConfig.TOPICS, String.join(",", mine));
            task.put(MqttSourceConfig.TASK_INDEX, Integer.toString(i));
            configs.add(task);
        }
        return configs;
    }

    @Override
    public void stop() {
        // nothing to release: tasks own the connections
    }

    @Override
    public ConfigDef config() {
        return MqttSourceConfig.configDef();
    }

    @Override
    public Config validate(Map<String, String> connectorConfigs) {
        return CrossKeyRules.report(super.validate(connectorConfigs), MqttSourceConfigRules::problems);
    }

    @Override
    public ExactlyOnceSupport exactlyOnceSupport(Map<String, String> connectorConfig) {
        return ExactlyOnceSupport.UNSUPPORTED;
    }
}
