package dev.iotstream.connect.mqtt.mapping;

/** Turns text taken from MQTT topics into a legal Kafka topic name. */
public final class KafkaTopicNames {
    public static final int MAX_LENGTH = 249;

    private KafkaTopicNames() {
    }

    /** Every character outside {@code [a-zA-Z0-9._-]} becomes {@code _}; the result is cut to 249 characters. */
    public static String sanitize(String name) {
        StringBuilder out = new StringBuilder(Math.min(name.length(), MAX_LENGTH));
        for (int i = 0; i < name.length() && out.length() < MAX_LENGTH; i++) {
            char c = name.charAt(i);
            boolean legal = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '_' || c == '-';
            out.append(legal ? c : '_');
        }
        String result = out.toString();
        if (result.isEmpty() || result.equals(".") || result.equals("..")) {
            return "_" + result;
        }
        return result;
    }
}
