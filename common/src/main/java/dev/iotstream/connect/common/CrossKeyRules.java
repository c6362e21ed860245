package dev.iotstream.connect.common;

import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * How every plugin applies its cross-key rules (checks that need several settings at once): the same rules answer
 * validate(), per key, and stop start() at the first problem, so a configuration PUT without validating cannot start
 * a connector that validate() would refuse. The rules take the parsed values and return problems by the key to change.
 */
public final class CrossKeyRules {
    private CrossKeyRules() {
    }

    /** validate(): adds each problem to its key; keys whose own validation failed are not given to the rules. */
    public static Config report(Config config, Function<Map<String, Object>, Map<String, String>> rules) {
        Map<String, ConfigValue> byName = new HashMap<>();
        Map<String, Object> parsed = new HashMap<>();
        for (ConfigValue v : config.configValues()) {
            byName.put(v.name(), v);
            if (v.errorMessages().isEmpty()) {
                parsed.put(v.name(), v.value());
            }
        }
        rules.apply(parsed).forEach((key, problem) -> {
            ConfigValue v = byName.get(key);
            if (v != null) {
                v.addErrorMessage(problem);
            }
        });
        return config;
    }

    /** start(): the first problem as the ConfigException Connect reports. */
    public static void enforce(Map<String, ?> parsed, Map<String, String> props,
                               Function<Map<String, Object>, Map<String, String>> rules) {
        rules.apply(new HashMap<>(parsed)).entrySet().stream().findFirst().ifPresent(first -> {
            throw new ConfigException(first.getKey(), props.get(first.getKey()), first.getValue());
        });
    }

    /** Task configurations that differ only in the task index (tasks that find their share through Kafka). */
    public static List<Map<String, String>> perTask(Map<String, String> props, int maxTasks, String taskIndexKey) {
        List<Map<String, String>> configs = new ArrayList<>(maxTasks);
        for (int i = 0; i < maxTasks; i++) {
            Map<String, String> task = new HashMap<>(props);
            task.put(taskIndexKey, Integer.toString(i));
            configs.add(task);
        }
        return configs;
    }
}
