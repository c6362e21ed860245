package dev.iotstream.connect.mqtt.sparkplug;

import dev.iotstream.connect.mqtt.sparkplug.proto.SparkplugB.DataType;
import dev.iotstream.connect.mqtt.sparkplug.proto.SparkplugB.Payload;

import java.nio.charset.StandardCharsets;

/** The few Sparkplug B messages the connector itself publishes. */
public final class SparkplugEncoder {
    public static final String REBIRTH_METRIC = "Node Control/Rebirth";

    private SparkplugEncoder() {
    }

    /** NCMD payload asking an edge node to rebirth: metric {@code Node Control/Rebirth}, Boolean true. */
    public static byte[] rebirthCommand(long timestampMillis) {
        return Payload.newBuilder()
                .setTimestamp(timestampMillis)
                .addMetrics(Payload.Metric.newBuilder()
                        .setName(REBIRTH_METRIC)
                        .setTimestamp(timestampMillis)
                        .setDatatype(DataType.Boolean_VALUE)
                        .setBooleanValue(true))
                .build()
                .toByteArray();
    }

    /** The retained online STATE message of a Host Application (publish after connecting). */
    public static SparkplugHostState hostOnline(String hostId, long timestampMillis) {
        return hostState(hostId, true, timestampMillis);
    }

    /**
     * The retained offline STATE message: the MQTT will message of the connection whose online message carried
     * the same {@code timestampMillis}.
     */
    public static SparkplugHostState hostOffline(String hostId, long timestampMillis) {
        return hostState(hostId, false, timestampMillis);
    }

    private static SparkplugHostState hostState(String hostId, boolean online, long timestampMillis) {
        if (hostId == null || hostId.isEmpty() || hostId.contains("/") || hostId.contains("+")
                || hostId.contains("#")) {
            throw new IllegalArgumentException("a Sparkplug host id is one non-empty MQTT topic level without "
                    + "wildcards, got '" + hostId + "'");
        }
        String json = "{\"online\":" + online + ",\"timestamp\":" + timestampMillis + "}";
        return new SparkplugHostState(SparkplugTopic.stateTopic(hostId), json.getBytes(StandardCharsets.UTF_8), 1,
                true);
    }
}
