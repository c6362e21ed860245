package dev.iotstream.connect.mqtt.sparkplug;

import java.time.Duration;

/**
 * Settings of one {@link SparkplugDecoder}.
 *
 * @param output                 one record per metric or per message
 * @param rebirthRequests        false: never ask an edge node to rebirth (unresolvable metrics still become
 *                               failures)
 * @param rebirthMinInterval     at most one rebirth request per edge node within this interval
 * @param maxEdgeNodes           edge node sessions remembered; past it the least recently seen one is forgotten
 * @param maxDevicesPerEdgeNode  device sessions remembered per edge node; past it the least recently seen device
 *                               of that node is forgotten
 * @param maxAliases             alias/name entries remembered over all sessions; a BIRTH that needs more makes
 *                               the least recently seen other edge nodes forgotten, and what still does not fit
 *                               is not remembered (reported as a failure)
 */
public record SparkplugSettings(SparkplugOutput output, boolean rebirthRequests, Duration rebirthMinInterval,
                                int maxEdgeNodes, int maxDevicesPerEdgeNode, int maxAliases) {
    public SparkplugSettings {
        if (output == null || rebirthMinInterval == null || rebirthMinInterval.isNegative()) {
            throw new IllegalArgumentException("output and a non-negative rebirthMinInterval are required");
        }
        if (maxEdgeNodes < 1 || maxDevicesPerEdgeNode < 1 || maxAliases < 1) {
            throw new IllegalArgumentException("maxEdgeNodes, maxDevicesPerEdgeNode and maxAliases must be >= 1");
        }
    }

    public static SparkplugSettings defaults() {
        return new SparkplugSettings(SparkplugOutput.METRIC, true, Duration.ofSeconds(30), 10_000, 10_000,
                1_000_000);
    }

    public SparkplugSettings withOutput(SparkplugOutput newOutput) {
        return new SparkplugSettings(newOutput, rebirthRequests, rebirthMinInterval, maxEdgeNodes,
                maxDevicesPerEdgeNode, maxAliases);
    }

    public SparkplugSettings withRebirthRequests(boolean enabled, Duration minInterval) {
        return new SparkplugSettings(output, enabled, minInterval, maxEdgeNodes, maxDevicesPerEdgeNode, maxAliases);
    }

    public SparkplugSettings withLimits(int edgeNodes, int devicesPerEdgeNode, int aliases) {
        return new SparkplugSettings(output, rebirthRequests, rebirthMinInterval, edgeNodes, devicesPerEdgeNode,
                aliases);
    }
}
