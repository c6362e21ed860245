package dev.iotstream.connect.mqtt.client;

import java.util.List;
import java.util.Map;

/**
 * What an adapter needs to connect one task's client, built by the connector from its config once.
 *
 * @param receiveMaximum the in-flight window in both directions: MQTT 5 Receive Maximum for incoming QoS 1/2
 *     messages, and the most outgoing QoS 1/2 messages waiting for their acknowledgement
 * @param filters topic filters to subscribe to; empty for a client that only publishes
 * @param will the MQTT will message the broker publishes when the connection ends without a DISCONNECT, or null
 */
public record ClientSettings(List<String> serverUris, String clientId, String username, char[] password,
                             boolean cleanSession, long sessionExpirySeconds, int receiveMaximum,
                             int keepAliveSeconds, int attemptTimeoutMs, List<String> filters, int qos,
                             Map<String, Integer> qosOverrides,
                             TlsSettings tls, OutboundMessage will) {

    public ClientSettings(List<String> serverUris, String clientId, String username, char[] password,
                          boolean cleanSession, long sessionExpirySeconds, int receiveMaximum,
                          int keepAliveSeconds, int attemptTimeoutMs, List<String> filters, int qos,
                          Map<String, Integer> qosOverrides, TlsSettings tls) {
        this(serverUris, clientId, username, password, cleanSession, sessionExpirySeconds, receiveMaximum,
                keepAliveSeconds, attemptTimeoutMs, filters, qos, qosOverrides, tls, null);
    }

    public ClientSettings withWill(OutboundMessage message) {
        return new ClientSettings(serverUris, clientId, username, password, cleanSession, sessionExpirySeconds,
                receiveMaximum, keepAliveSeconds, attemptTimeoutMs, filters, qos, qosOverrides, tls, message);
    }

    /** QoS of one filter: its entry in mqtt.topic.qos, else mqtt.qos. */
    public int qosOf(String filter) {
        return qosOverrides.getOrDefault(filter, qos);
    }

    public int attemptTimeoutSeconds() {
        return Math.max(1, (attemptTimeoutMs + 999) / 1000);
    }
}
