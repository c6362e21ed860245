package dev.iotstream.connect.mqtt.client;

import dev.iotstream.connect.mqtt.MqttSourceConfig;
import dev.iotstream.connect.mqtt.TlsSettings;

import java.util.List;

/** What an adapter needs to connect one task's client, taken from the config once. */
public record ClientSettings(List<String> serverUris, String clientId, String username, char[] password,
                             boolean cleanSession, long sessionExpirySeconds, int receiveMaximum,
                             int keepAliveSeconds, int attemptTimeoutMs, List<String> filters, int qos,
                             java.util.Map<String, Integer> qosOverrides,
                             TlsSettings tls) {

    public static ClientSettings of(MqttSourceConfig config, String clientId, List<String> filters) {
        return new ClientSettings(config.serverUris(), clientId, config.username(), config.password(),
                config.cleanSession(), config.sessionExpirySeconds(), config.maxInflight(),
                config.keepAliveSeconds(), config.connectAttemptTimeoutMs(), filters, config.qos(), config.qosOverrides(),
                config.tls());
    }

    /** QoS of one filter: its entry in mqtt.topic.qos, else mqtt.qos. */
    public int qosOf(String filter) {
        return qosOverrides.getOrDefault(filter, qos);
    }

    public int attemptTimeoutSeconds() {
        return Math.max(1, (attemptTimeoutMs + 999) / 1000);
    }
}
