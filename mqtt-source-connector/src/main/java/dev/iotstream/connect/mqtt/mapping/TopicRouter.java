package dev.iotstream.connect.mqtt.mapping;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Chooses the Kafka topic for an MQTT topic: the first matching rule, else the default topic. */
public final class TopicRouter {
    public record Route(String kafkaTopic, Map<String, String> segments) {
    }

    private final List<TopicMappingRule> rules;
    private final Route defaultRoute;

    public TopicRouter(String defaultTopic, List<TopicMappingRule> rules) {
        this.rules = List.copyOf(rules);
        this.defaultRoute = new Route(defaultTopic, Map.of());
    }

    public Route route(String mqttTopic) {
        for (TopicMappingRule rule : rules) {
            Optional<Map<String, String>> segments = rule.match(mqttTopic);
            if (segments.isPresent()) {
                return new Route(rule.render(segments.get()), segments.get());
            }
        }
        return defaultRoute;
    }
}
