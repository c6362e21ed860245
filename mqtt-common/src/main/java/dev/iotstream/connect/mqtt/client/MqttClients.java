package dev.iotstream.connect.mqtt.client;

/** Makes the client adapter for a {@code mqtt.version}: the one place source and sink choose Paho v3 or v5. */
public final class MqttClients {
    private MqttClients() {
    }

    /** @param name how logs name the task (connector, task, client id) */
    public static MqttClientAdapter create(MqttVersion version, ClientSettings settings,
                                           MqttClientAdapter.Listener listener, String name) {
        return switch (version) {
            case V5 -> new PahoV5ClientAdapter(settings, listener);
            case V3_1_1 -> new PahoV3ClientAdapter(settings, listener);
            case AUTO -> new VersionFallbackAdapter(new PahoV5ClientAdapter(settings, listener),
                    () -> new PahoV3ClientAdapter(settings, listener), name);
        };
    }
}
