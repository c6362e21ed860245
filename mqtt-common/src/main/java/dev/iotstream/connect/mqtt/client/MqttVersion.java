package dev.iotstream.connect.mqtt.client;

import java.util.Locale;

/** The {@code mqtt.version} setting. */
public enum MqttVersion {
    V3_1_1("3.1.1"),
    V5("5"),
    /**
     * MQTT 5, falling back to 3.1.1 for a broker that refuses it. MQTT 5 first because its Receive Maximum lets the
     * client size the broker's in-flight window; over 3.1.1 only the broker's setting does (Mosquitto: 20), and with
     * acknowledgements sent after Kafka a small window loses much of a burst at a broker left at its defaults.
     */
    AUTO("auto");

    private final String configName;

    MqttVersion(String configName) {
        this.configName = configName;
    }

    public String configName() {
        return configName;
    }

    public static MqttVersion parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        for (MqttVersion v : values()) {
            if (v.configName.equals(t)) {
                return v;
            }
        }
        throw new IllegalArgumentException("'" + text + "' is not an MQTT version: 3.1.1, 5 or auto");
    }
}
