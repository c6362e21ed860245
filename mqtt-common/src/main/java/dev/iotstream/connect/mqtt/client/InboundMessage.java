package dev.iotstream.connect.mqtt.client;

import java.util.List;
import java.util.Map;

/**
 * One PUBLISH received from the broker, independent of the protocol version. {@code connectionEpoch} identifies
 * the connection it arrived on: MQTT message ids are only meaningful within that connection, so an ack for a
 * message from an earlier connection must never be sent.
 *
 * @param userProperties MQTT 5 user properties in arrival order (names may repeat); empty for MQTT 3.1.1
 */
public record InboundMessage(String topic, byte[] payload, int qos, boolean retained, boolean duplicate,
                             int messageId, long connectionEpoch, String contentType, String responseTopic,
                             byte[] correlationData, List<Map.Entry<String, String>> userProperties) {

    public static InboundMessage v3(String topic, byte[] payload, int qos, boolean retained, boolean duplicate,
                                    int messageId, long connectionEpoch) {
        return new InboundMessage(topic, payload, qos, retained, duplicate, messageId, connectionEpoch, null, null,
                null, List.of());
    }
}
