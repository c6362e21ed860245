package dev.iotstream.connect.mqtt.sink;

import dev.iotstream.connect.common.CrossKeyRules;
import dev.iotstream.connect.common.ProjectVersion;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.sink.SinkConnector;

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
        CrossKeyRules.enforce(new MqttSinkConfig(props).values(), props, MqttSinkConfig::problems);
        this.props = Map.copyOf(props);
    }

    @Override
    public Class<? extends Task> taskClass() {
        return MqttSinkTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        return CrossKeyRules.perTask(props, maxTasks, MqttSinkConfig.TASK_INDEX);
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
        return CrossKeyRules.report(super.validate(connectorConfigs), MqttSinkConfig::problems);
    }
}
