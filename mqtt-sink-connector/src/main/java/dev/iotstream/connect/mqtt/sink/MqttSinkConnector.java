package dev.iotstream.connect.mqtt.sink;

import dev.iotstream.connect.common.ProjectVersion;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.sink.SinkConnector;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Kafka to MQTT, at least once: alerts, commands and replies back to devices. A record's offset is committed only
 * after the broker acknowledged its message and every earlier one of its partition.
 */
public class MqttSinkConnector extends SinkConnector {
    private Map<String, String> props;

    @Override
    public String version() {
        return ProjectVersion.get();
    }

    @Override
    public void start(Map<String, String> props) {
        MqttSinkConfig config = new MqttSinkConfig(props);
        Map<String, String> problems = MqttSinkConfig.problems(new HashMap<>(config.values()));
        if (!problems.isEmpty()) {
            Map.Entry<String, String> first = problems.entrySet().iterator().next();
            throw new ConfigException(first.getKey(), props.get(first.getKey()), first.getValue());
        }
        this.props = Map.copyOf(props);
    }

    @Override
    public Class<? extends Task> taskClass() {
        return MqttSinkTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        List<Map<String, String>> configs = new ArrayList<>(maxTasks);
        for (int i = 0; i < maxTasks; i++) {
            Map<String, String> task = new HashMap<>(props);
            task.put(MqttSinkConfig.TASK_INDEX, Integer.toString(i));
            configs.add(task);
        }
        return configs;
    }

    @Override
    public void stop() {
        // tasks own the connections
    }

    @Override
    public ConfigDef config() {
        return MqttSinkConfig.configDef();
    }

    @Override
    public Config validate(Map<String, String> connectorConfigs) {
        Config config = super.validate(connectorConfigs);
        Map<String, ConfigValue> byName = new HashMap<>();
        Map<String, Object> parsed = new HashMap<>();
        for (ConfigValue v : config.configValues()) {
            byName.put(v.name(), v);
            if (v.errorMessages().isEmpty()) {
                parsed.put(v.name(), v.value());
            }
        }
        MqttSinkConfig.problems(parsed).forEach((key, problem) -> {
            ConfigValue v = byName.get(key);
            if (v != null) {
                v.addErrorMessage(problem);
            }
        });
        return config;
    }
}
