package dev.iotstream.connect.mqtt.sink.topic;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An MQTT topic with placeholders filled from each record: {@code ${topic}} (the Kafka topic), {@code ${key}},
 * {@code ${field:path}} (a field of the value, dots into nested Structs/maps) and {@code ${header:name}}. Anything
 * else is literal text. Parsed once from the config; {@link #render} never throws on data.
 */
public final class TopicTemplate {
    private final List<Part> parts;
    private final String source;
    /** A template without placeholders renders the same for every record: checked once (null: has placeholders). */
    private final Result fixed;

    private sealed interface Part permits Literal, Placeholder {
    }

    private record Literal(String text) implements Part {
    }

    private record Placeholder(String kind, String arg, String text) implements Part {
    }

    /** The MQTT topic, or why the record cannot have one (for the dead letter queue). */
    public record Result(String topic, String problem) {
        public boolean ok() {
            return problem == null;
        }
    }

    private TopicTemplate(String source, List<Part> parts) {
        this.source = source;
        this.parts = parts;
        this.fixed = isFixed() ? checked(source) : null;
    }

    /** @throws IllegalArgumentException naming the bad placeholder */
    public static TopicTemplate parse(String template) {
        List<Part> parts = new ArrayList<>();
        int i = 0;
        StringBuilder literal = new StringBuilder();
        while (i < template.length()) {
            int start = template.indexOf("${", i);
            if (start < 0) {
                literal.append(template, i, template.length());
                break;
            }
            literal.append(template, i, start);
            int end = template.indexOf('}', start);
            if (end < 0) {
                throw new IllegalArgumentException("'" + template + "': the placeholder at position " + start
                        + " has no closing }");
            }
            String inner = template.substring(start + 2, end);
            Placeholder p = placeholder(inner, template);
            if (!literal.isEmpty()) {
                parts.add(new Literal(literal.toString()));
                literal.setLength(0);
            }
            parts.add(p);
            i = end + 1;
        }
        if (!literal.isEmpty()) {
            parts.add(new Literal(literal.toString()));
        }
        return new TopicTemplate(template, List.copyOf(parts));
    }

    private static Placeholder placeholder(String inner, String template) {
        String text = "${" + inner + "}";
        if (inner.equals("topic") || inner.equals("key")) {
            return new Placeholder(inner, null, text);
        }
        for (String kind : List.of("field", "header")) {
            if (inner.startsWith(kind + ":")) {
                String arg = inner.substring(kind.length() + 1);
                if (arg.isBlank()) {
                    throw new IllegalArgumentException("'" + template + "': " + text + " names no " + kind);
                }
                return new Placeholder(kind, arg, text);
            }
        }
        throw new IllegalArgumentException("'" + template + "': unknown placeholder " + text
                + " (use ${topic}, ${key}, ${field:path} or ${header:name})");
    }

    /** @return why {@code template} is not a valid template, or empty */
    public static Optional<String> problem(String template) {
        try {
            TopicTemplate t = parse(template);
            if (t.isFixed()) {
                return MqttTopicName.problem(template);
            }
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage());
        }
    }

    public boolean isFixed() {
        return parts.stream().allMatch(p -> p instanceof Literal);
    }

    public Result render(RecordView record) {
        if (fixed != null) {
            return fixed;
        }
        StringBuilder out = new StringBuilder();
        for (Part part : parts) {
            if (part instanceof Literal l) {
                out.append(l.text());
                continue;
            }
            Placeholder p = (Placeholder) part;
            Object value = switch (p.kind()) {
                case "topic" -> record.topic();
                case "key" -> record.key();
                case "field" -> record.field(p.arg());
                default -> record.header(p.arg());
            };
            Optional<String> text = value == RecordView.MISSING || value == null ? Optional.empty()
                    : Scalars.text(value);
            if (text.isEmpty()) {
                return new Result(null, "topic template '" + source + "': " + p.text() + " is "
                        + (value == RecordView.MISSING ? "missing" : value == null ? "null"
                        : "not a scalar (" + Scalars.kind(value) + ")") + " in this record");
            }
            out.append(text.get());
        }
        return checked(out.toString());
    }

    private Result checked(String topic) {
        Optional<String> problem = MqttTopicName.problem(topic);
        return problem.map(s -> new Result(null, "topic template '" + source + "': " + s))
                .orElseGet(() -> new Result(topic, null));
    }

    @Override
    public String toString() {
        return source;
    }
}
