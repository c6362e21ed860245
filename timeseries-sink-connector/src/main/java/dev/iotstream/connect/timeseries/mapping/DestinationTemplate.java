package dev.iotstream.connect.timeseries.mapping;

import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.sink.SinkRecord;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The bucket (v2) or database (v1) of a record: a constant, or a template with {@code ${topic}}, {@code ${key}},
 * {@code ${header:name}} and {@code ${field:path}} (a dotted path into the value). A record whose placeholders
 * cannot be filled (missing or empty value) cannot be routed: {@link MappingException} with the reason.
 */
public final class DestinationTemplate {
    private enum Kind { TEXT, TOPIC, KEY, HEADER, FIELD }

    private record Part(Kind kind, String arg) {
    }

    private final String setting;
    private final String template;
    private final List<Part> parts;
    private final boolean constant;

    private DestinationTemplate(String setting, String template, List<Part> parts) {
        this.setting = setting;
        this.template = template;
        this.parts = parts;
        this.constant = parts.stream().allMatch(p -> p.kind() == Kind.TEXT);
    }

    /** Parses {@code template}, the value of {@code setting}; throws IllegalArgumentException naming the problem. */
    public static DestinationTemplate parse(String setting, String template) {
        List<Part> parts = new ArrayList<>();
        int pos = 0;
        while (pos < template.length()) {
            int start = template.indexOf("${", pos);
            if (start < 0) {
                parts.add(new Part(Kind.TEXT, template.substring(pos)));
                break;
            }
            if (start > pos) {
                parts.add(new Part(Kind.TEXT, template.substring(pos, start)));
            }
            int end = template.indexOf('}', start);
            if (end < 0) {
                throw new IllegalArgumentException("unclosed ${ in '" + template + "'");
            }
            parts.add(placeholder(template.substring(start + 2, end).trim(), template));
            pos = end + 1;
        }
        return new DestinationTemplate(setting, template, parts);
    }

    private static Part placeholder(String name, String template) {
        if (name.equals("topic")) {
            return new Part(Kind.TOPIC, "");
        }
        if (name.equals("key")) {
            return new Part(Kind.KEY, "");
        }
        if (name.startsWith("header:") && name.length() > 7) {
            return new Part(Kind.HEADER, name.substring(7));
        }
        if (name.startsWith("field:") && name.length() > 6) {
            return new Part(Kind.FIELD, name.substring(6));
        }
        throw new IllegalArgumentException("unknown placeholder ${" + name + "} in '" + template + "'; use "
                + "${topic}, ${key}, ${header:name} or ${field:path}");
    }

    public boolean isConstant() {
        return constant;
    }

    /** True when a placeholder reads the record's value ({@code ${field:...}}). */
    public boolean readsFields() {
        return parts.stream().anyMatch(p -> p.kind() == Kind.FIELD);
    }

    /** The destination of {@code record}; {@code values} (flattened value) may be null when no field is read. */
    public String render(SinkRecord record, Map<String, Object> values) {
        if (constant) {
            return template;
        }
        StringBuilder out = new StringBuilder();
        for (Part part : parts) {
            Object value = switch (part.kind()) {
                case TEXT -> part.arg();
                case TOPIC -> record.topic();
                case KEY -> record.key();
                case HEADER -> {
                    Header header = record.headers().lastWithName(part.arg());
                    yield header == null ? null : header.value();
                }
                case FIELD -> values == null ? null : values.get(part.arg());
            };
            String text = value instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8)
                    : value == null ? null : value.toString();
            if (text == null || (part.kind() != Kind.TEXT && text.isEmpty())) {
                throw new MappingException("cannot route the record: " + setting + " '" + template + "' needs "
                        + describe(part) + ", which is missing or empty");
            }
            out.append(text);
        }
        return out.toString();
    }

    private static String describe(Part part) {
        return switch (part.kind()) {
            case TOPIC -> "the topic";
            case KEY -> "the record key";
            case HEADER -> "header '" + part.arg() + "'";
            case FIELD -> "field '" + part.arg() + "'";
            case TEXT -> "text";
        };
    }
}
