package dev.iotstream.connect.mqtt.sink.topic;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** The rules of MQTT 5 section 4.7 for a topic NAME (a PUBLISH target, not a filter). */
public final class MqttTopicName {
    public static final int MAX_BYTES = 65_535;

    private MqttTopicName() {
    }

    /** @return why {@code topic} cannot be published to, or empty when it can */
    public static Optional<String> problem(String topic) {
        if (topic == null || topic.isEmpty()) {
            return Optional.of("the MQTT topic is empty");
        }
        for (int i = 0; i < topic.length(); i++) {
            char c = topic.charAt(i);
            if (c == '+' || c == '#') {
                return Optional.of("the MQTT topic '" + topic + "' contains the wildcard '" + c
                        + "', which only topic filters may have");
            }
            if (c == '\0') {
                return Optional.of("the MQTT topic contains a NUL character");
            }
            if (Character.isSurrogate(c) && !(Character.isHighSurrogate(c) && i + 1 < topic.length()
                    && Character.isLowSurrogate(topic.charAt(i + 1)))
                    && !(Character.isLowSurrogate(c) && i > 0 && Character.isHighSurrogate(topic.charAt(i - 1)))) {
                return Optional.of("the MQTT topic contains an unpaired UTF-16 surrogate (not valid UTF-8)");
            }
        }
        if (topic.length() <= MAX_BYTES / 3) {
            return Optional.empty(); // at most 3 UTF-8 bytes per UTF-16 char: no copy per message to count them
        }
        int bytes = topic.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_BYTES) {
            return Optional.of("the MQTT topic is " + bytes + " bytes long; at most " + MAX_BYTES + " are allowed");
        }
        return Optional.empty();
    }
}
