package dev.iotstream.connect.mqtt.mapping;

import dev.iotstream.connect.common.MqttHeaders;
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
 * One MQTT message to zero or more Kafka records: Kafka topic and key from the MQTT topic, headers from the MQTT
 * metadata, values from the payload decoder. A payload that does not decode becomes one dead-letter record (raw
 * bytes plus reason headers) or, when so configured, fails the task. Pure: no I/O.
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

    public RecordMapper(Map<String, ?> sourcePartition, Map<String, ?> sourceOffset, TopicRouter router,
                        KeyStrategy keyStrategy, PayloadDecoder decoder, String formatName, boolean skipRetained,
                        String deadLetterTopic, String sourceName) {
        this.sourcePartition = sourcePartition;
        this.sourceOffset = sourceOffset;
        this.router = router;
        this.keyStrategy = keyStrategy;
        this.decoder = decoder;
        this.formatName = formatName;
        this.skipRetained = skipRetained;
        this.deadLetterTopic = deadLetterTopic;
        this.sourceName = sourceName;
    }

    public Result map(InboundMessage message, long arrivalMillis) {
        if (skipRetained && message.retained()) {
            return new Result(List.of(), true, false);
        }
        TopicRouter.Route route = router.route(message.topic());
        String key = keyStrategy.key(message.topic(), route.segments());
        Schema keySchema = keyStrategy.isNone() ? null : Schema.OPTIONAL_STRING_SCHEMA;
        List<PayloadDecoder.Decoded> values;
        try {
            values = decoder.decode(message.payload());
        } catch (PayloadDecodeException e) {
            if (deadLetterTopic == null) {
                throw new ConnectException(sourceName + ": payload of MQTT message on topic '" + message.topic()
                        + "' (message id " + message.messageId() + ") cannot be decoded as " + formatName + ": "
                        + e.getMessage() + ". Set payload.on.error=dlq to send such payloads to a dead-letter topic.", e);
            }
            ConnectHeaders headers = headers(message);
            headers.addString(DeadLetterHeaders.REASON, e.getMessage());
            headers.addString(DeadLetterHeaders.FORMAT, formatName);
            headers.addString(DeadLetterHeaders.INTENDED_TOPIC, route.kafkaTopic());
            headers.addString(DeadLetterHeaders.SOURCE, sourceName);
            return new Result(List.of(new SourceRecord(sourcePartition, sourceOffset, deadLetterTopic, null,
                    keySchema, key, Schema.OPTIONAL_BYTES_SCHEMA, message.payload(), arrivalMillis, headers)),
                    false, true);
        }
        List<SourceRecord> records = new ArrayList<>(values.size());
        for (PayloadDecoder.Decoded value : values) {
            records.add(new SourceRecord(sourcePartition, sourceOffset, route.kafkaTopic(), null, keySchema, key,
                    value.schema(), value.value(), arrivalMillis, headers(message)));
        }
        return new Result(records, false, false);
    }

    private static ConnectHeaders headers(InboundMessage m) {
        ConnectHeaders h = new ConnectHeaders();
        h.addString(MqttHeaders.TOPIC, m.topic());
        h.addInt(MqttHeaders.QOS, m.qos());
        h.addBoolean(MqttHeaders.RETAINED, m.retained());
        h.addBoolean(MqttHeaders.DUPLICATE, m.duplicate());
        h.addInt(MqttHeaders.MESSAGE_ID, m.messageId());
        if (m.contentType() != null) {
            h.addString(MqttHeaders.CONTENT_TYPE, m.contentType());
        }
        if (m.responseTopic() != null) {
            h.addString(MqttHeaders.RESPONSE_TOPIC, m.responseTopic());
        }
        if (m.correlationData() != null) {
            h.addBytes(MqttHeaders.CORRELATION_DATA, m.correlationData());
        }
        for (Map.Entry<String, String> p : m.userProperties()) {
            h.addString(MqttHeaders.USER_PROPERTY_PREFIX + p.getKey(), p.getValue());
        }
        return h;
    }
}
