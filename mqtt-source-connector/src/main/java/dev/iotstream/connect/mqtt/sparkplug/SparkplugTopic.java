package dev.iotstream.connect.mqtt.sparkplug;

/**
 * A parsed Sparkplug B topic: {@code spBv1.0/{group}/{type}/{edge_node}} for node messages,
 * {@code spBv1.0/{group}/{type}/{edge_node}/{device}} for device messages, {@code spBv1.0/STATE/{host_id}} for a
 * Host Application's state. Strict: a topic with a missing, empty or extra level, or an unknown message type, is
 * refused with the reason, because a guessed group or edge node would put data under the wrong name.
 *
 * @param group    the group id; null for STATE
 * @param edgeNode the edge node id; null for STATE
 * @param device   the device id for device-level types, else null
 * @param hostId   the host id for STATE, else null
 */
public record SparkplugTopic(SparkplugMessageType type, String group, String edgeNode, String device,
                             String hostId) {
    public static final String NAMESPACE = "spBv1.0";

    public static SparkplugTopic parse(String topic) throws SparkplugDecodeException {
        if (topic == null) {
            throw new SparkplugDecodeException("no MQTT topic");
        }
        String[] levels = topic.split("/", -1);
        if (!NAMESPACE.equals(levels[0])) {
            throw new SparkplugDecodeException("topic '" + topic + "' is not in the Sparkplug B namespace: it must "
                    + "start with " + NAMESPACE + "/");
        }
        if (levels.length == 3 && "STATE".equals(levels[1])) {
            return new SparkplugTopic(SparkplugMessageType.STATE, null, null, null,
                    level(topic, levels, 2, "host_id"));
        }
        if (levels.length < 4) {
            throw new SparkplugDecodeException("topic '" + topic + "' has " + levels.length + " levels; Sparkplug B "
                    + "topics are spBv1.0/{group}/{message_type}/{edge_node}[/{device}] or spBv1.0/STATE/{host_id}");
        }
        SparkplugMessageType type = messageType(topic, levels[2]);
        int expected = type.deviceLevel() ? 5 : 4;
        if (levels.length != expected) {
            throw new SparkplugDecodeException("topic '" + topic + "': a " + type + " topic has " + expected
                    + " levels (spBv1.0/{group}/" + type + "/{edge_node}" + (type.deviceLevel() ? "/{device}" : "")
                    + "), this one has " + levels.length);
        }
        String group = level(topic, levels, 1, "group");
        String edge = level(topic, levels, 3, "edge_node");
        String device = type.deviceLevel() ? level(topic, levels, 4, "device") : null;
        return new SparkplugTopic(type, group, edge, device, null);
    }

    private static SparkplugMessageType messageType(String topic, String level) throws SparkplugDecodeException {
        if (!"STATE".equals(level)) {
            for (SparkplugMessageType t : SparkplugMessageType.values()) {
                if (t.name().equals(level)) {
                    return t;
                }
            }
        }
        throw new SparkplugDecodeException("topic '" + topic + "': unknown Sparkplug B message type '" + level
                + "' (expected NBIRTH, NDEATH, NDATA, NCMD, DBIRTH, DDEATH, DDATA or DCMD)");
    }

    private static String level(String topic, String[] levels, int index, String what)
            throws SparkplugDecodeException {
        String value = levels[index];
        if (value.isEmpty()) {
            throw new SparkplugDecodeException("topic '" + topic + "': the " + what + " level is empty");
        }
        if (value.indexOf('+') >= 0 || value.indexOf('#') >= 0) {
            throw new SparkplugDecodeException("topic '" + topic + "': the " + what + " level contains an MQTT "
                    + "wildcard character");
        }
        return value;
    }

    /** {@code group/edge_node}: the key of the edge node's session state; null for STATE. */
    public String edgeNodeKey() {
        return group == null ? null : group + "/" + edgeNode;
    }

    /** The NCMD topic of an edge node: where a rebirth request goes. */
    public static String ncmdTopic(String group, String edgeNode) {
        return NAMESPACE + "/" + group + "/NCMD/" + edgeNode;
    }

    /** The retained topic of a Sparkplug 3.0 Host Application's state. */
    public static String stateTopic(String hostId) {
        return NAMESPACE + "/STATE/" + hostId;
    }
}
