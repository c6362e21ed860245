package dev.iotstream.connect.mqtt.sink.message;

import dev.iotstream.connect.mqtt.sink.payload.PayloadFormat;

import java.util.List;

/**
 * Everything that turns a record into an MQTT message, taken from the config once.
 *
 * @param topic fixed topic or template; unused in reply mode
 * @param reply publish to the record's mqtt.response.topic header with its mqtt.correlation.data
 * @param clearRetainedOnNull a null value publishes an empty retained message instead of being skipped
 * @param messageExpirySeconds MQTT 5 message expiry; negative for none
 * @param utf8Indicator MQTT 5: mark JSON and string payloads with payload format indicator 1 (UTF-8)
 * @param userPropertyHeaders Kafka headers copied as MQTT 5 user properties
 * @param correlationBase64 the mqtt.correlation.data header holds base64 text (Connect's SimpleHeaderConverter
 *     writes the source's bytes header so); false: its bytes are the correlation data
 */
public record MessageSettings(String topic, boolean reply, PayloadFormat payloadFormat, String payloadField,
                              boolean clearRetainedOnNull, int qos, ValueSource qosFrom, boolean retained,
                              ValueSource retainedFrom, boolean mqtt5, String contentType, long messageExpirySeconds,
                              boolean utf8Indicator, List<String> userPropertyHeaders,
                              boolean correlationBase64) {
}
