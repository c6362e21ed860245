package dev.iotstream.connect.mqtt.mapping;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Chooses the Kafka topic for an MQTT topic: the first matching rule, else the default topic. */
public final class TopicRouter {
    public record Route(String kafkaTopic, Map<String, String> segments) {
    }

    private final String defaultTopic;
    private final List<TopicMappingRule> rules;

    public TopicRouter(String defaultTopic, List<TopicMappingRule> rules) {
        this.defaultTopic = defaultTopic;
        this.rules = List.copyOf(rules);
    }

    public Route route(String mqttTopic) {
        for (TopicMappingRule rule : rules) {
            Optional<Map<String, String>> segments = rule.match(mqttTopic);
            if (segments.isPresent()) {
                return new Route(rule.render(segments.get()), segments.get());
            }
        }
        return new Route(defaultTopic, Map.of());
    }
}
