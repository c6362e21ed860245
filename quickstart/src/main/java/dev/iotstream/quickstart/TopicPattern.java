package dev.iotstream.quickstart;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A publish topic with {@code {site}} and {@code {device}} placeholders, checked once at start-up. */
record TopicPattern(String pattern) {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^}]*)}");

    static TopicPattern parse(String pattern) {
        if (pattern.isEmpty()) {
            throw new IllegalArgumentException("--topic-pattern must not be empty");
        }
        if (pattern.contains("+") || pattern.contains("#")) {
            throw new IllegalArgumentException("--topic-pattern '" + pattern
                    + "' contains a wildcard (+ or #): MQTT does not allow them in topics you publish to");
        }
        Matcher m = PLACEHOLDER.matcher(pattern);
        while (m.find()) {
            String name = m.group(1);
            if (!name.equals("site") && !name.equals("device")) {
                throw new IllegalArgumentException("--topic-pattern '" + pattern + "' has unknown placeholder {"
                        + name + "}: only {site} and {device} are supported");
            }
        }
        return new TopicPattern(pattern);
    }

    String topic(String site, String device) {
        return pattern.replace("{site}", site).replace("{device}", device);
    }
}
