package dev.iotstream.connect.mqtt.sparkplug;

/**
 * Ask an edge node to publish its BIRTH certificates again: publish {@code payload} to {@code topic} (QoS 0 or 1,
 * not retained; Sparkplug 3.0 says NCMD is not retained).
 *
 * @param topic   {@code spBv1.0/{group}/NCMD/{edge_node}}
 * @param payload the encoded NCMD payload, metric {@code Node Control/Rebirth} = true
 * @param reason  why it was requested (unknown alias, sequence gap), for the log
 */
public record RebirthRequest(String group, String edgeNode, String topic, byte[] payload, String reason) {
}
