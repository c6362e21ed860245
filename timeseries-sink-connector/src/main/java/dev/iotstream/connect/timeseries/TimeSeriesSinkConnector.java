package dev.iotstream.connect.timeseries;

import dev.iotstream.connect.common.CrossKeyRules;
import dev.iotstream.connect.common.ProjectVersion;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.sink.SinkConnector;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Kafka -> InfluxDB line protocol sink for InfluxDB 2.x/3.x/Cloud, InfluxDB 1.8+ (v2 API), VictoriaMetrics and
 * QuestDB. Each task has its own writer; see {@link TimeSeriesSinkTask}.
 */
public class TimeSeriesSinkConnector extends SinkConnector {
    private Map<String, String> props;

    @Override
    public String version() {
        return ProjectVersion.get();
    }

    @Override
    public void start(Map<String, String> props) {
        TimeSeriesSinkConfig config = new TimeSeriesSinkConfig(props);
        // the rules validate() reports, so a configuration PUT without validating cannot start contradictory
        ConfigCrossChecks.problems(config, false).entrySet().stream().findFirst().ifPresent(p -> {
            throw new ConfigException(p.getKey(), props.get(p.getKey()), String.join("; ", p.getValue()));
        });
        config.checkTarget();
        this.props = Map.copyOf(props);
    }

    @Override
    public Class<? extends Task> taskClass() {
        return TimeSeriesSinkTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        return CrossKeyRules.perTask(props, maxTasks, TimeSeriesSinkConfig.TASK_INDEX);
    }

    @Override
    public void stop() {
    }

    @Override
    public ConfigDef config() {
        return TimeSeriesSinkConfig.configDef();
    }

    @Override
    public Config validate(Map<String, String> connectorConfigs) {
        Config config = super.validate(connectorConfigs);
        Map<String, ConfigValue> values = new HashMap<>();
        config.configValues().forEach(v -> values.put(v.name(), v));
        if (config.configValues().stream().allMatch(v -> v.errorMessages().isEmpty())) {
            ConfigCrossChecks.report(ConfigCrossChecks.problems(new TimeSeriesSinkConfig(connectorConfigs), true),
                    values);
        }
        return config;
    }
}
