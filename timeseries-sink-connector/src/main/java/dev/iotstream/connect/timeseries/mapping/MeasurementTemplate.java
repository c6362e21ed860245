package dev.iotstream.connect.timeseries.mapping;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.LinkedHashSet;

/**
 * A measurement name: a constant, or a template with {@code ${topic}} and {@code ${field.path}} placeholders.
 * Not thread-safe (it caches the last rendered topic): one per task, like the mapper that uses it.
 */
public final class MeasurementTemplate {
    private static final String TOPIC = "topic";
    private final List<String> literals;
    private final List<String> placeholders;
    private final String constant;
    /** Only {@code ${topic}} placeholders: the name depends on the topic alone and is cached for the last one. */
    private final boolean topicOnly;
    private String lastTopic;
    private String lastRendered;

    private MeasurementTemplate(List<String> literals, List<String> placeholders) {
        this.literals = literals;
        this.placeholders = placeholders;
        this.constant = placeholders.isEmpty() ? literals.get(0) : null;
        this.topicOnly = !placeholders.isEmpty() && placeholders.stream().allMatch(TOPIC::equals);
    }

    public static MeasurementTemplate parse(String template) {
        List<String> literals = new ArrayList<>();
        List<String> placeholders = new ArrayList<>();
        int pos = 0;
        while (true) {
            int start = template.indexOf("${", pos);
            if (start < 0) {
                literals.add(template.substring(pos));
                break;
            }
            int end = template.indexOf('}', start);
            if (end < 0) {
                throw new IllegalArgumentException("unclosed ${ in measurement template '" + template + "'");
            }
            String name = template.substring(start + 2, end).trim();
            if (name.isEmpty()) {
                throw new IllegalArgumentException("empty ${} in measurement template '" + template + "'");
            }
            literals.add(template.substring(pos, start));
            placeholders.add(name);
            pos = end + 1;
        }
        return new MeasurementTemplate(literals, placeholders);
    }

    /** Field paths the template reads (everything but {@code topic}). */
    public Set<String> fieldPaths() {
        Set<String> paths = new LinkedHashSet<>(placeholders);
        paths.remove(TOPIC);
        return paths;
    }

    public String render(String topic, Map<String, Object> values) {
        if (constant != null) {
            return constant;
        }
        if (topicOnly) {
            // The default ${topic}: one builder and string per record was visible in the allocation profile.
            if (topic != null && topic.equals(lastTopic)) {
                return lastRendered;
            }
            String rendered = renderNow(topic, values);
            lastTopic = topic;
            lastRendered = rendered;
            return rendered;
        }
        return renderNow(topic, values);
    }

    private String renderNow(String topic, Map<String, Object> values) {
        StringBuilder out = new StringBuilder(literals.get(0));
        for (int i = 0; i < placeholders.size(); i++) {
            String name = placeholders.get(i);
            Object value = TOPIC.equals(name) ? topic : values.get(name);
            if (value == null) {
                throw new MappingException("measurement template needs field '" + name + "', which is missing or null");
            }
            out.append(value).append(literals.get(i + 1));
        }
        if (out.isEmpty()) {
            throw new MappingException("measurement template rendered an empty name");
        }
        return out.toString();
    }
}
