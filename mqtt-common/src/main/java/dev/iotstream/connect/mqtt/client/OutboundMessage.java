package dev.iotstream.connect.mqtt.client;

import java.util.List;
import java.util.Map;

/**
 * One PUBLISH to send, independent of the protocol version. The MQTT 5 fields are ignored by an MQTT 3.1.1 client.
 *
 * @param messageExpirySeconds MQTT 5 message expiry interval; null for none
 * @param utf8Payload MQTT 5 payload format indicator: true says the payload is UTF-8 text; null leaves it unset
 * @param userProperties MQTT 5 user properties in order (names may repeat)
 */
public record OutboundMessage(String topic, byte[] payload, int qos, boolean retained, String contentType,
                              Long messageExpirySeconds, Boolean utf8Payload, String responseTopic,
                              byte[] correlationData, List<Map.Entry<String, String>> userProperties) {

    public static OutboundMessage plain(String topic, byte[] payload, int qos, boolean retained) {
        return new OutboundMessage(topic, payload, qos, retained, null, null, null, null, null, List.of());
    }
}
