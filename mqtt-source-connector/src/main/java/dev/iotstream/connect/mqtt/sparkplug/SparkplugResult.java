package dev.iotstream.connect.mqtt.sparkplug;

import java.util.List;

/**
 * What one MQTT message decoded into. Every metric of the message is in {@code records} or {@code failures}
 * (template definitions and null template instances, which carry no data, in {@code notes}).
 *
 * @param records         data records: one per metric or one per message, per {@link SparkplugOutput}
 * @param statuses        online/offline status records (BIRTH, DEATH, host STATE)
 * @param failures        elements that could not be decoded, with the reason (dead letters or a task failure,
 *                        per payload.on.error)
 * @param rebirthRequests NCMD messages to publish (already rate limited)
 * @param notes           protocol events that are neither data nor errors and make no record (e.g. a stale
 *                        NDEATH whose bdSeq belongs to an earlier session, template definitions): worth a debug log
 */
public record SparkplugResult(List<SparkplugRecord> records, List<SparkplugRecord> statuses,
                              List<SparkplugFailure> failures, List<RebirthRequest> rebirthRequests,
                              List<String> notes) {
}
