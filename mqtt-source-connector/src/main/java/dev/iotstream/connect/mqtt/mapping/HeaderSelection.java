package dev.iotstream.connect.mqtt.mapping;

import dev.iotstream.connect.common.MqttHeaders;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which MQTT metadata headers the records get ({@code mqtt.headers}), resolved once into flags so that mapping a
 * message compares no strings. Each name is the header's name without the {@code mqtt.} prefix, so the setting
 * reads like the headers it produces. Immutable.
 */
public final class HeaderSelection {

    /** The vocabulary of {@code mqtt.headers}, in the order the headers are written. */
    public enum Name {
        TOPIC("topic", MqttHeaders.TOPIC),
        QOS("qos", MqttHeaders.QOS),
        RETAINED("retained", MqttHeaders.RETAINED),
        DUPLICATE("duplicate", MqttHeaders.DUPLICATE),
        MESSAGE_ID("message.id", MqttHeaders.MESSAGE_ID),
        CONTENT_TYPE("content.type", MqttHeaders.CONTENT_TYPE),
        RESPONSE_TOPIC("response.topic", MqttHeaders.RESPONSE_TOPIC),
        CORRELATION_DATA("correlation.data", MqttHeaders.CORRELATION_DATA),
        /** All user properties, each as {@code mqtt.user.<property name>}. */
        USER("user", MqttHeaders.USER_PROPERTY_PREFIX + "<name>");

        private final String configName;
        private final String header;

        Name(String configName, String header) {
            this.configName = configName;
            this.header = header;
        }

        /** As written in {@code mqtt.headers}. */
        public String configName() {
            return configName;
        }

        /** The Kafka header it produces ({@code mqtt.user.<name>} for user properties). */
        public String header() {
            return header;
        }
    }

    /** Every name, comma-separated: the default value of {@code mqtt.headers}. */
    public static final String ALL_NAMES = Arrays.stream(Name.values()).map(Name::configName)
            .collect(Collectors.joining(","));
    public static final HeaderSelection ALL = new HeaderSelection(EnumSet.allOf(Name.class));

    final boolean topic;
    final boolean qos;
    final boolean retained;
    final boolean duplicate;
    final boolean messageId;
    final boolean contentType;
    final boolean responseTopic;
    final boolean correlationData;
    final boolean userProperties;
    private final Set<Name> names;

    private HeaderSelection(EnumSet<Name> names) {
        this.names = Set.copyOf(names);
        topic = names.contains(Name.TOPIC);
        qos = names.contains(Name.QOS);
        retained = names.contains(Name.RETAINED);
        duplicate = names.contains(Name.DUPLICATE);
        messageId = names.contains(Name.MESSAGE_ID);
        contentType = names.contains(Name.CONTENT_TYPE);
        responseTopic = names.contains(Name.RESPONSE_TOPIC);
        correlationData = names.contains(Name.CORRELATION_DATA);
        userProperties = names.contains(Name.USER);
    }

    /**
     * @param configNames names from {@code mqtt.headers} (surrounding blanks ignored, repeats harmless)
     * @throws IllegalArgumentException for a name outside the vocabulary (the ConfigDef validator reports it first)
     */
    public static HeaderSelection of(List<String> configNames) {
        EnumSet<Name> names = EnumSet.noneOf(Name.class);
        for (String n : configNames) {
            String name = n.strip();
            names.add(parse(name).orElseThrow(() -> new IllegalArgumentException(problem(name).orElseThrow())));
        }
        return new HeaderSelection(names);
    }

    /** @return why {@code configName} is not a header name, or empty when it is one */
    public static Optional<String> problem(String configName) {
        return parse(configName).isPresent() ? Optional.empty()
                : Optional.of("'" + configName + "' is not a header name; allowed: "
                        + ALL_NAMES.replace(",", ", ") + " (or an empty list for none)");
    }

    private static Optional<Name> parse(String configName) {
        return Arrays.stream(Name.values()).filter(n -> n.configName.equals(configName)).findFirst();
    }

    public boolean contains(Name name) {
        return names.contains(name);
    }

    public boolean isEmpty() {
        return names.isEmpty();
    }

    @Override
    public String toString() {
        return Arrays.stream(Name.values()).filter(names::contains).map(Name::configName)
                .collect(Collectors.joining(",", "[", "]"));
    }
}
