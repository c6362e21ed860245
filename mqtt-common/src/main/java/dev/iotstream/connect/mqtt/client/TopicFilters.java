package dev.iotstream.connect.mqtt.client;

import java.util.Optional;

/**
 * MQTT topic filter rules (MQTT 3.1.1 section 4.7, MQTT 5 section 4.8.2 for shared subscriptions), checked at
 * validation time so a malformed filter is a per-field error in the REST validate answer instead of a broker
 * disconnect at runtime.
 */
public final class TopicFilters {
    public static final String SHARE_PREFIX = "$share/";

    private TopicFilters() {
    }

    /** @return an explanation of what is wrong with {@code filter}, or empty when it is a valid filter */
    public static Optional<String> problem(String filter) {
        if (filter == null || filter.isEmpty()) {
            return Optional.of("a topic filter must not be empty");
        }
        if (filter.indexOf('\u0000') >= 0) {
            return Optional.of("'" + filter + "' contains the NUL character");
        }
        if (filter.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 65535) {
            return Optional.of("a topic filter must be at most 65535 bytes");
        }
        String plain = filter;
        if (isShared(filter)) {
            String rest = filter.substring(SHARE_PREFIX.length());
            int slash = rest.indexOf('/');
            if (slash <= 0) {
                return Optional.of("'" + filter + "': a shared subscription is $share/{group}/{filter} with a"
                        + " non-empty group name and a filter");
            }
            String group = rest.substring(0, slash);
            if (group.contains("+") || group.contains("#")) {
                return Optional.of("'" + filter + "': the share group name '" + group + "' must not contain + or #");
            }
            plain = rest.substring(slash + 1);
            if (plain.isEmpty()) {
                return Optional.of("'" + filter + "': the filter after the share group is empty");
            }
        } else if (filter.startsWith("$share")) {
            return Optional.of("'" + filter + "': a shared subscription is $share/{group}/{filter}");
        }
        String[] levels = plain.split("/", -1);
        for (int i = 0; i < levels.length; i++) {
            String level = levels[i];
            if (level.contains("#") && (!level.equals("#") || i != levels.length - 1)) {
                return Optional.of("'" + filter + "': '#' must be alone in the last level (as in a/b/#)");
            }
            if (level.contains("+") && !level.equals("+")) {
                return Optional.of("'" + filter + "': '+' must occupy a whole level (as in a/+/c)");
            }
        }
        return Optional.empty();
    }

    public static boolean isShared(String filter) {
        return filter.startsWith(SHARE_PREFIX);
    }

    /** The filter the broker matches topics against: a shared subscription without its {@code $share/group/}. */
    public static String matchingPart(String filter) {
        if (!isShared(filter)) {
            return filter;
        }
        String rest = filter.substring(SHARE_PREFIX.length());
        return rest.substring(rest.indexOf('/') + 1);
    }
}
