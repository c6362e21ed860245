package dev.iotstream.connect.mqtt;

import dev.iotstream.connect.mqtt.ack.OrderedAckTracker.Ticket;
import dev.iotstream.connect.mqtt.ack.RedeliveryGuard;
import dev.iotstream.connect.mqtt.ack.TrackedSourceRecord;
import dev.iotstream.connect.mqtt.client.InboundMessage;
import dev.iotstream.connect.mqtt.flow.MessageMapper;
import dev.iotstream.connect.mqtt.mapping.RecordMapper;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The task's mapper for the flow: {@link RecordMapper}, except for a QoS 1/2 message that earlier runs of this task
 * stopped on ({@link RedeliveryGuard}), which becomes a dead letter or a task error instead. That decision stays here,
 * not in the flow, because both its outcomes are Connect's: dead-letter records and a ConnectException whose advice
 * names Connect settings. On the poll thread only (RecordMapper is not thread-safe).
 */
final class GuardedRecordMapper implements MessageMapper<SourceRecord> {
    private static final Logger log = LoggerFactory.getLogger(MqttSourceTask.class); // the task's log lines

    private final RecordMapper mapper;
    private final RedeliveryGuard redeliveryGuard;
    private final String name;

    GuardedRecordMapper(RecordMapper mapper, RedeliveryGuard redeliveryGuard, String name) {
        this.mapper = mapper;
        this.redeliveryGuard = redeliveryGuard;
        this.name = name;
    }

    /** The ticket a record of this mapper carries (QoS 1/2), or null (QoS 0). */
    @SuppressWarnings("unchecked")
    static Ticket<InboundMessage> ticketOf(SourceRecord record) {
        return record instanceof TrackedSourceRecord<?> tracked ? (Ticket<InboundMessage>) tracked.ticket() : null;
    }

    @Override
    public Mapped<SourceRecord> map(InboundMessage message, long arrivalMillis, Ticket<InboundMessage> ticket) {
        RecordMapper.Result result = ticket != null && redeliveryGuard.watching()
                ? mapGuarded(message, arrivalMillis, ticket) : mapper.map(message, arrivalMillis, ticket);
        return new Mapped<>(result.records(), result.skipped(), result.decodeFailed());
    }

    /** After earlier runs of this task stopped on a message: that message is not handed to Connect again as is. */
    private RecordMapper.Result mapGuarded(InboundMessage message, long now, Ticket<InboundMessage> ticket) {
        RedeliveryGuard.Verdict verdict = redeliveryGuard.verdict(message.topic(), message.payload());
        if (verdict == RedeliveryGuard.Verdict.PASS) {
            return mapper.map(message, now, ticket);
        }
        String reason = "the records of this message were rejected downstream of the connector (a converter, a"
                + " transform or the producer; see the task's earlier errors) in " + redeliveryGuard.maxFailures()
                + " runs of the task in a row";
        if (verdict == RedeliveryGuard.Verdict.FAIL) {
            throw new ConnectException(name + ": the MQTT message on topic '" + message.topic() + "' (" +
                    message.payload().length + " bytes) was rejected downstream of the connector in every run of"
                    + " this task, and so was its dead letter. To skip it: set errors.tolerance=all on the"
                    + " connector (Connect then drops what it cannot write and the message is acknowledged), or"
                    + " remove it from the broker session (clean session), or restart the worker");
        }
        log.warn("{}: the MQTT message on topic '{}' (message id {}) is redelivered after {}; it goes to the"
                        + " dead-letter topic{} and is acknowledged", name, message.topic(), message.messageId(),
                reason, verdict == RedeliveryGuard.Verdict.DEAD_LETTER ? "" : " without its payload");
        boolean withPayload = verdict == RedeliveryGuard.Verdict.DEAD_LETTER;
        return mapper.rejectedDownstream(message, now, ticket,
                withPayload ? reason : reason + "; its dead letter carrying the payload was rejected too",
                withPayload ? RecordMapper.Payload.HEADER : RecordMapper.Payload.NONE);
    }
}
