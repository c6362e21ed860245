package dev.iotstream.connect.mqtt.sparkplug;

/**
 * A Sparkplug 3.0 Host Application STATE message to publish: the online one after connecting, the offline one as
 * the MQTT will message (and before a clean disconnect). Both carry the same timestamp, so edge nodes can tell
 * this session's death from an earlier one's.
 *
 * @param topic    {@code spBv1.0/STATE/{host_id}}
 * @param payload  UTF-8 JSON {@code {"online":true|false,"timestamp":<epoch ms>}}
 * @param qos      1, as the specification requires
 * @param retained true, as the specification requires
 */
public record SparkplugHostState(String topic, byte[] payload, int qos, boolean retained) {
}
