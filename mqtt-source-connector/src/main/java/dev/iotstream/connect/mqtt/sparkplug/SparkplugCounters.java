package dev.iotstream.connect.mqtt.sparkplug;

/**
 * A snapshot of a decoder's counters since it was created (for JMX).
 *
 * @param seqGaps              messages whose seq was not the previous one + 1 (mod 256)
 * @param unknownAliases       metrics sent by an alias no remembered BIRTH defined
 * @param rebirthsRequested    rebirth requests handed out
 * @param rebirthsSuppressed   rebirth requests not handed out: rate limit or disabled
 * @param staleDeaths          NDEATHs ignored because their bdSeq is not the current session's
 * @param forgottenEdgeNodes   edge node sessions dropped to stay within the limits
 * @param forgottenDevices     device sessions dropped to stay within the limits
 */
public record SparkplugCounters(long seqGaps, long unknownAliases, long rebirthsRequested, long rebirthsSuppressed,
                                long staleDeaths, long forgottenEdgeNodes, long forgottenDevices) {
    public static final SparkplugCounters NONE = new SparkplugCounters(0, 0, 0, 0, 0, 0, 0);
}
