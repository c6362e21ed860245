package dev.iotstream.connect.mqtt.ack;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.header.Headers;
import org.apache.kafka.connect.source.SourceRecord;

import java.util.Map;

/**
 * A record that carries the ticket of the MQTT message it was made from. Connect hands the very object returned by
 * {@code poll()} back to {@code commitRecord()} (also for records a transform dropped), so the task finds the ticket
 * from the record itself instead of a synchronized identity map written and read once per record. Records that
 * need no acknowledgement (QoS 0) are plain {@link SourceRecord}s.
 */
public final class TrackedSourceRecord<M> extends SourceRecord {
    private final OrderedAckTracker.Ticket<M> ticket;

    public TrackedSourceRecord(OrderedAckTracker.Ticket<M> ticket, Map<String, ?> sourcePartition,
                               Map<String, ?> sourceOffset, String topic, Schema keySchema, Object key,
                               Schema valueSchema, Object value, Long timestamp, Headers headers) {
        super(sourcePartition, sourceOffset, topic, null, keySchema, key, valueSchema, value, timestamp, headers);
        this.ticket = ticket;
    }

    public OrderedAckTracker.Ticket<M> ticket() {
        return ticket;
    }
}
