package dev.iotstream.connect.mqtt.mapping;

import dev.iotstream.connect.mqtt.client.TopicFilters;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One rule {@code sensors/{site}/{device}/#->iot.{site}}: an MQTT topic template whose {@code {name}} levels
 * capture a segment (as {@code +} would match it), and a Kafka topic template that uses the captured names.
 */
public final class TopicMappingRule {
    public static final String ARROW = "->";
    private static final Pattern NAMED = Pattern.compile("\\{([A-Za-z0-9_.-]+)}");

    private final String source;
    private final String[] levels;
    private final String kafkaTemplate;

    private TopicMappingRule(String source, String[] levels, String kafkaTemplate) {
        this.source = source;
        this.levels = levels;
        this.kafkaTemplate = kafkaTemplate;
    }

    public static TopicMappingRule parse(String rule) {
        Optional<String> problem = problem(rule);
        if (problem.isPresent()) {
            throw new IllegalArgumentException(problem.get());
        }
        int arrow = rule.indexOf(ARROW);
        String mqtt = rule.substring(0, arrow).strip();
        return new TopicMappingRule(rule.strip(), TopicFilters.matchingPart(mqtt).split("/", -1),
                rule.substring(arrow + ARROW.length()).strip());
    }

    public static Optional<String> problem(String rule) {
        int arrow = rule == null ? -1 : rule.indexOf(ARROW);
        if (arrow < 0) {
            return Optional.of("'" + rule + "' must be 'mqtt/template/{name}/#->kafka.topic.{name}'");
        }
        String mqtt = rule.substring(0, arrow).strip();
        String kafka = rule.substring(arrow + ARROW.length()).strip();
        if (kafka.isEmpty()) {
            return Optional.of("'" + rule + "': the Kafka topic template after '->' is empty");
        }
        List<String> names = new ArrayList<>();
        StringBuilder asFilter = new StringBuilder();
        for (String level : TopicFilters.matchingPart(mqtt).split("/", -1)) {
            Matcher m = NAMED.matcher(level);
            if (m.matches()) {
                if (names.contains(m.group(1))) {
                    return Optional.of("'" + rule + "': segment name {" + m.group(1) + "} is used twice");
                }
                names.add(m.group(1));
                level = "+";
            } else if (level.contains("{") || level.contains("}")) {
                return Optional.of("'" + rule + "': a {name} placeholder must be a whole level, as in a/{site}/b");
            }
            asFilter.append(asFilter.isEmpty() ? "" : "/").append(level);
        }
        Optional<String> filterProblem = TopicFilters.problem(asFilter.toString());
        if (filterProblem.isPresent()) {
            return Optional.of("'" + rule + "': " + filterProblem.get());
        }
        Matcher used = NAMED.matcher(kafka);
        while (used.find()) {
            if (!names.contains(used.group(1))) {
                return Optional.of("'" + rule + "': the Kafka topic template uses {" + used.group(1)
                        + "} but the MQTT template has no such segment");
            }
        }
        return Optional.empty();
    }

    /** @return the named segments when {@code topic} matches this rule's MQTT template */
    public Optional<Map<String, String>> match(String topic) {
        String[] parts = topic.split("/", -1);
        Map<String, String> segments = new HashMap<>();
        for (int i = 0; i < levels.length; i++) {
            String level = levels[i];
            if (level.equals("#")) {
                return Optional.of(segments);
            }
            if (i >= parts.length) {
                return Optional.empty();
            }
            if (level.equals("+")) {
                continue;
            }
            Matcher m = NAMED.matcher(level);
            if (m.matches()) {
                segments.put(m.group(1), parts[i]);
            } else if (!level.equals(parts[i])) {
                return Optional.empty();
            }
        }
        return parts.length == levels.length ? Optional.of(segments) : Optional.empty();
    }

    public String render(Map<String, String> segments) {
        Matcher m = NAMED.matcher(kafkaTemplate);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(segments.getOrDefault(m.group(1), "")));
        }
        m.appendTail(out);
        return KafkaTopicNames.sanitize(out.toString());
    }

    @Override
    public String toString() {
        return source;
    }
}
