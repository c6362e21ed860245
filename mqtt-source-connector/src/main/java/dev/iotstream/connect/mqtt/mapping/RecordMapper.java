package dev.iotstream.connect.mqtt.mapping;

import dev.iotstream.connect.common.MqttHeaders;
import dev.iotstream.connect.mqtt.ack.OrderedAckTracker.Ticket;
import dev.iotstream.connect.mqtt.ack.TrackedSourceRecord;
import dev.iotstream.connect.mqtt.client.InboundMessage;
import dev.iotstream.connect.mqtt.payload.PayloadDecodeException;
import dev.iotstream.connect.mqtt.payload.PayloadDecoder;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.source.SourceRecord;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One MQTT message to zero or more Kafka records: Kafka topic and key from the MQTT topic (or the key from a field
 * of each decoded value; a dead letter then has none), headers from the MQTT
 * metadata (those the {@link HeaderSelection} names), values from the payload decoder. A payload that does not
 * decode becomes one dead-letter record (raw bytes plus reason headers) or, when so configured, fails the task. No I/O; not thread-safe (it keeps a cache of
 * header objects), so one task's poll thread uses it.
 */
public final class RecordMapper {

    /** What became of one message. */
    public record Result(List<SourceRecord> records, boolean skipped, boolean decodeFailed) {
    }

    private final Map<String, ?> sourcePartition;
    private final Map<String, ?> sourceOffset;
    private final TopicRouter router;
    private final KeyStrategy keyStrategy;
    private final PayloadDecoder decoder;
    private final String formatName;
    private final boolean skipRetained;
    private final String deadLetterTopic; // null = fail on undecodable payloads
    private final String sourceName;
    private final HeaderSelection selection;
    private final HeaderCache headerCache = new HeaderCache(MqttHeaders.TOPIC, MqttHeaders.QOS, MqttHeaders.RETAINED,
            MqttHeaders.DUPLICATE, MqttHeaders.MESSAGE_ID);

    /**
     * Where the records come from, as Connect sees it.
     *
     * @param sourceName connector name and task index, named in dead letters and errors
     */
    public record Origin(Map<String, ?> sourcePartition, Map<String, ?> sourceOffset, String sourceName) {
    }

    /** Which Kafka topic and key each record gets. */
    public record Routing(TopicRouter router, KeyStrategy keyStrategy) {
    }

    /**
     * How payloads become values, and what happens when they cannot.
     *
     * @param formatName      the payload.format, named in dead letters
     * @param deadLetterTopic null: undecodable payloads fail the task (payload.on.error=fail)
     */
    public record Decoding(PayloadDecoder decoder, String formatName, boolean skipRetained, String deadLetterTopic) {
    }

    public RecordMapper(Origin origin, Routing routing, Decoding decoding, HeaderSelection selection) {
        this.sourcePartition = origin.sourcePartition();
        this.sourceOffset = origin.sourceOffset();
        this.sourceName = origin.sourceName();
        this.router = routing.router();
        this.keyStrategy = routing.keyStrategy();
        this.decoder = decoding.decoder();
        this.formatName = decoding.formatName();
        this.skipRetained = decoding.skipRetained();
        this.deadLetterTopic = decoding.deadLetterTopic();
        this.selection = selection;
    }

    public Result map(InboundMessage message, long arrivalMillis) {
        return map(message, arrivalMillis, null);
    }

    /**
     * @param ticket the message's ack ticket, carried by every record made from it ({@link TrackedSourceRecord}),
     *               or null when the message needs no acknowledgement (plain records)
     */
    public Result map(InboundMessage message, long arrivalMillis, Ticket<InboundMessage> ticket) {
        if (skipRetained && message.retained()) {
            return new Result(List.of(), true, false);
        }
        TopicRouter.Route route = router.route(message.topic());
        String key = keyStrategy.key(message.topic(), route.segments());
        Schema keySchema = keyStrategy.isNone() ? null : Schema.OPTIONAL_STRING_SCHEMA;
        PayloadDecoder.Batch batch;
        try {
            batch = decoder.decodeMessage(message.topic(), message.payload());
        } catch (PayloadDecodeException e) {
            return deadLetter(message, route, key, keySchema, arrivalMillis, ticket, e.getMessage(),
                    e.payloadFitsKafka() ? Payload.VALUE : Payload.NONE, e);
        } catch (RuntimeException | StackOverflowError e) {
            // Any library failing on hostile input: the message would come back to every restart of a failed task.
            return deadLetter(message, route, key, keySchema, arrivalMillis, ticket,
                    "decoding failed unexpectedly: " + e, Payload.VALUE, e);
        }
        List<SourceRecord> records;
        try {
            records = records(message, route, key, keySchema, batch.values(), arrivalMillis, ticket);
        } catch (RuntimeException e) {
            return deadLetter(message, route, key, keySchema, arrivalMillis, ticket,
                    "mapping the decoded payload failed: " + e, Payload.VALUE, e);
        }
        if (batch.failures().isEmpty()) {
            return new Result(records, false, false);
        }
        List<SourceRecord> all = new ArrayList<>(records.size() + batch.failures().size());
        all.addAll(records);
        for (PayloadDecoder.ElementFailure f : batch.failures()) {
            all.add(elementDeadLetter(message, route, key, keySchema, arrivalMillis, ticket, f));
        }
        return new Result(all, false, true);
    }

    private List<SourceRecord> records(InboundMessage message, TopicRouter.Route route, String key, Schema keySchema,
                                       List<PayloadDecoder.Decoded> values, long arrivalMillis,
                                       Ticket<InboundMessage> ticket) {
        if (values.size() == 1) { // the common case: no intermediate list
            return List.of(record(message, route, key, keySchema, values.get(0), arrivalMillis, ticket));
        }
        List<SourceRecord> records = new ArrayList<>(values.size());
        for (PayloadDecoder.Decoded value : values) {
            records.add(record(message, route, key, keySchema, value, arrivalMillis, ticket));
        }
        return records;
    }

    private SourceRecord record(InboundMessage message, TopicRouter.Route route, String key, Schema keySchema,
                                PayloadDecoder.Decoded value, long arrivalMillis, Ticket<InboundMessage> ticket) {
        if (value.key() != null) { // the format's own key (Sparkplug B group/edge/device/metric)
            return record(ticket, route.kafkaTopic(), Schema.OPTIONAL_STRING_SCHEMA, value.key(), value.schema(),
                    value.value(), value.timestamp() != null ? value.timestamp() : arrivalMillis,
                    headers(message, false));
        }
        return record(ticket, route.kafkaTopic(), keySchema,
                keyStrategy.fromPayload() ? keyStrategy.keyOf(value.value()) : key, value.schema(), value.value(),
                value.timestamp() != null ? value.timestamp() : arrivalMillis, headers(message, false));
    }

    /**
     * A part of the message that cannot become a record while the rest did: a dead letter with the whole message's
     * bytes and the element named, or with payload.on.error=fail a task failure.
     */
    private SourceRecord elementDeadLetter(InboundMessage message, TopicRouter.Route route, String key,
                                           Schema keySchema, long arrivalMillis, Ticket<InboundMessage> ticket,
                                           PayloadDecoder.ElementFailure failure) {
        if (deadLetterTopic == null) {
            throw new ConnectException(sourceName + ": MQTT message on topic '" + message.topic() + "' (message id "
                    + message.messageId() + "): " + failure.element() + " cannot be decoded as " + formatName + ": "
                    + failure.reason() + ". Set payload.on.error=dlq to send such elements to a dead-letter topic.");
        }
        ConnectHeaders headers = headers(message, true);
        headers.addString(DeadLetterHeaders.REASON, failure.element() + ": " + failure.reason());
        headers.addString(DeadLetterHeaders.ELEMENT, failure.element());
        headers.addString(DeadLetterHeaders.FORMAT, formatName);
        headers.addString(DeadLetterHeaders.INTENDED_TOPIC, route.kafkaTopic());
        headers.addString(DeadLetterHeaders.SOURCE, sourceName);
        return record(ticket, deadLetterTopic, keyStrategy.fromPayload() ? null : keySchema,
                keyStrategy.fromPayload() ? null : key, Schema.OPTIONAL_BYTES_SCHEMA, message.payload(),
                arrivalMillis, headers);
    }

    /** Where a dead letter carries the payload's bytes. */
    public enum Payload {
        /** As the record value (decode failures: the raw bytes, as bytes). */
        VALUE,
        /**
         * In the {@link DeadLetterHeaders#PAYLOAD} header, the value null: for messages something downstream
         * rejected, which may well reject any value made from them again (a transform that parses every value).
         */
        HEADER,
        /** Not at all (too large for Kafka, or rejected even in a header). */
        NONE
    }

    /**
     * The message's records were refused downstream of the connector (a converter, transform or the producer) in
     * earlier runs of this task: one dead letter instead of them, or the task error with payload.on.error=fail.
     */
    public Result rejectedDownstream(InboundMessage message, long arrivalMillis, Ticket<InboundMessage> ticket,
                                     String reason, Payload payload) {
        TopicRouter.Route route = router.route(message.topic());
        String key = keyStrategy.key(message.topic(), route.segments());
        Schema keySchema = keyStrategy.isNone() ? null : Schema.OPTIONAL_STRING_SCHEMA;
        return deadLetter(message, route, key, keySchema, arrivalMillis, ticket, reason, payload, null);
    }

    /**
     * One dead letter for the whole message (reason headers, and the raw bytes where {@code payload} says), or, with
     * payload.on.error=fail, a task failure naming the MQTT topic.
     */
    private Result deadLetter(InboundMessage message, TopicRouter.Route route, String key, Schema keySchema,
                              long arrivalMillis, Ticket<InboundMessage> ticket, String reason, Payload payload,
                              Throwable cause) {
        if (deadLetterTopic == null) {
            throw new ConnectException(sourceName + ": payload of MQTT message on topic '" + message.topic()
                    + "' (message id " + message.messageId() + ") cannot be decoded as " + formatName + ": "
                    + reason + ". Set payload.on.error=dlq to send such payloads to a dead-letter topic.", cause);
        }
        ConnectHeaders headers = headers(message, true);
        headers.addString(DeadLetterHeaders.REASON, reason);
        headers.addString(DeadLetterHeaders.FORMAT, formatName);
        headers.addString(DeadLetterHeaders.INTENDED_TOPIC, route.kafkaTopic());
        headers.addString(DeadLetterHeaders.SOURCE, sourceName);
        if (payload == Payload.HEADER) {
            headers.addBytes(DeadLetterHeaders.PAYLOAD, message.payload());
        }
        // A message rejected downstream (no cause here) gets no value schema either: the schema-based transform
        // that refused its records passes a null schema and value through, but may fail on a bytes schema.
        boolean rejectedDownstream = cause == null;
        return new Result(List.of(record(ticket, deadLetterTopic, keySchema, key,
                rejectedDownstream ? null : Schema.OPTIONAL_BYTES_SCHEMA,
                payload == Payload.VALUE ? message.payload() : null, arrivalMillis, headers)), false, true);
    }

    private SourceRecord record(Ticket<InboundMessage> ticket, String topic, Schema keySchema, Object key,
                                Schema valueSchema, Object value, long timestamp, ConnectHeaders headers) {
        return ticket == null
                ? new SourceRecord(sourcePartition, sourceOffset, topic, null, keySchema, key, valueSchema, value,
                        timestamp, headers)
                : new TrackedSourceRecord<>(ticket, sourcePartition, sourceOffset, topic, keySchema, key, valueSchema,
                        value, timestamp, headers);
    }

    /**
     * Each record gets its own (mutable) Headers; the Header objects in it are immutable and shared. A dead letter
     * always has mqtt.topic: its reason headers name the Kafka topic and the task, not the MQTT topic, and the
     * MQTT topic is what identifies the device that sent the bad payload.
     */
    private ConnectHeaders headers(InboundMessage m, boolean deadLetter) {
        HeaderSelection s = selection;
        ConnectHeaders h = new ConnectHeaders();
        if (s.topic || deadLetter) {
            h.add(headerCache.topic(m.topic()));
        }
        if (s.qos) {
            h.add(headerCache.qos(m.qos()));
        }
        if (s.retained) {
            h.add(headerCache.retained(m.retained()));
        }
        if (s.duplicate) {
            h.add(headerCache.duplicate(m.duplicate()));
        }
        if (s.messageId) {
            h.add(headerCache.messageId(m.messageId()));
        }
        if (s.contentType && m.contentType() != null) {
            h.addString(MqttHeaders.CONTENT_TYPE, m.contentType());
        }
        if (s.responseTopic && m.responseTopic() != null) {
            h.addString(MqttHeaders.RESPONSE_TOPIC, m.responseTopic());
        }
        if (s.correlationData && m.correlationData() != null) {
            h.addBytes(MqttHeaders.CORRELATION_DATA, m.correlationData());
        }
        if (s.userProperties) {
            for (Map.Entry<String, String> p : m.userProperties()) {
                h.addString(MqttHeaders.USER_PROPERTY_PREFIX + p.getKey(), p.getValue());
            }
        }
        return h;
    }
}
