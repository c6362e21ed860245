package dev.iotstream.connect.mqtt.sink.message;

import dev.iotstream.connect.common.MqttHeaders;
import dev.iotstream.connect.mqtt.client.OutboundMessage;
import dev.iotstream.connect.mqtt.sink.payload.PayloadEncoder;
import dev.iotstream.connect.mqtt.sink.topic.MqttTopicName;
import dev.iotstream.connect.mqtt.sink.topic.RecordView;
import dev.iotstream.connect.mqtt.sink.topic.Scalars;
import dev.iotstream.connect.mqtt.sink.topic.TopicTemplate;

import java.nio.charset.StandardCharsets;
import java.util.AbstractMap;
import java.util.Base64;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Turns one record into the MQTT message to publish, or says why it cannot be one (that reason goes with the
 * record to the dead letter queue), or says to skip it (a null value with the default null handling).
 */
public final class MessageFactory {
    /** Exactly one of message, problem, skip. */
    public record Outcome(OutboundMessage message, String problem, boolean skip) {
        static Outcome of(OutboundMessage m) {
            return new Outcome(m, null, false);
        }

        static Outcome refused(String problem) {
            return new Outcome(null, problem, false);
        }
    }

    private static final Outcome SKIP = new Outcome(null, null, true);

    private final MessageSettings s;
    private final TopicTemplate template;
    private final PayloadEncoder encoder;

    public MessageFactory(MessageSettings settings) {
        this.s = settings;
        this.template = settings.reply() ? null : TopicTemplate.parse(settings.topic());
        this.encoder = new PayloadEncoder(settings.payloadFormat(), settings.payloadField());
    }

    public Outcome build(RecordView record) {
        String topic;
        byte[] correlation = null;
        if (s.reply()) {
            Object rt = record.header(MqttHeaders.RESPONSE_TOPIC);
            Optional<String> text = rt == RecordView.MISSING || rt == null ? Optional.empty() : Scalars.text(rt);
            if (text.isEmpty()) {
                return Outcome.refused("reply mode: the record has no " + MqttHeaders.RESPONSE_TOPIC + " header");
            }
            Optional<String> bad = MqttTopicName.problem(text.get());
            if (bad.isPresent()) {
                return Outcome.refused("reply mode: " + MqttHeaders.RESPONSE_TOPIC + ": " + bad.get());
            }
            topic = text.get();
            Object cd = record.header(MqttHeaders.CORRELATION_DATA);
            if (cd != RecordView.MISSING && cd != null) {
                correlation = correlationData(cd);
                if (correlation == null) {
                    return Outcome.refused("reply mode: the " + MqttHeaders.CORRELATION_DATA + " header is not "
                            + (s.correlationBase64() ? "base64 text (see mqtt.correlation.data.encoding)"
                            : "bytes or text"));
                }
            }
        } else {
            TopicTemplate.Result r = template.render(record);
            if (!r.ok()) {
                return Outcome.refused(r.problem());
            }
            topic = r.topic();
        }
        int qos = s.qos();
        if (s.qosFrom().isSet()) {
            Object v = s.qosFrom().read(record);
            if (v != RecordView.MISSING && v != null) {
                Optional<Integer> q = Scalars.text(v).map(String::strip)
                        .filter(t -> t.equals("0") || t.equals("1") || t.equals("2")).map(Integer::parseInt);
                if (q.isEmpty()) {
                    return Outcome.refused("QoS override " + s.qosFrom() + " is '" + Scalars.text(v).orElse(
                            Scalars.kind(v)) + "'; it must be 0, 1 or 2");
                }
                qos = q.get();
            }
        }
        boolean retained = s.retained();
        if (s.retainedFrom().isSet()) {
            Object v = s.retainedFrom().read(record);
            if (v != RecordView.MISSING && v != null) {
                String t = Scalars.text(v).map(x -> x.strip().toLowerCase(Locale.ROOT)).orElse("");
                if (t.equals("true") || t.equals("1")) {
                    retained = true;
                } else if (t.equals("false") || t.equals("0")) {
                    retained = false;
                } else {
                    return Outcome.refused("retained override " + s.retainedFrom() + " is '"
                            + Scalars.text(v).orElse(Scalars.kind(v)) + "'; it must be true or false");
                }
            }
        }
        byte[] payload;
        boolean text;
        if (record.value() == null) {
            if (!s.clearRetainedOnNull()) {
                return SKIP;
            }
            payload = new byte[0];
            text = false;
            retained = true;
        } else {
            PayloadEncoder.Encoded e = encoder.encode(record);
            if (!e.ok()) {
                return Outcome.refused(e.problem());
            }
            payload = e.payload();
            text = e.text();
        }
        if (!s.mqtt5()) {
            return Outcome.of(OutboundMessage.plain(topic, payload, qos, retained));
        }
        return Outcome.of(new OutboundMessage(topic, payload, qos, retained,
                s.contentType().isEmpty() ? null : s.contentType(),
                s.messageExpirySeconds() < 0 ? null : s.messageExpirySeconds(),
                s.utf8Indicator() && text ? Boolean.TRUE : null, null, correlation, userProperties(record)));
    }

    /** Without mqtt.user.properties.headers (the default) no list per message: the profile showed the copy. */
    private List<Map.Entry<String, String>> userProperties(RecordView record) {
        if (s.userPropertyHeaders().isEmpty()) {
            return List.of();
        }
        List<Map.Entry<String, String>> user = new ArrayList<>();
        for (String h : s.userPropertyHeaders()) {
            Object v = record.header(h);
            if (v != RecordView.MISSING && v != null) {
                Scalars.text(v).ifPresent(t -> user.add(new AbstractMap.SimpleImmutableEntry<>(h, t)));
            }
        }
        return List.copyOf(user);
    }

    /** The correlation data of a header value, or null when it cannot be read. */
    private byte[] correlationData(Object v) {
        if (!s.correlationBase64()) {
            return v instanceof byte[] b ? b
                    : Scalars.text(v).map(t -> t.getBytes(StandardCharsets.UTF_8)).orElse(null);
        }
        Optional<String> text = v instanceof byte[] b ? Optional.of(new String(b, StandardCharsets.UTF_8))
                : Scalars.text(v);
        try {
            return text.map(t -> Base64.getDecoder().decode(t.strip())).orElse(null);
        } catch (IllegalArgumentException notBase64) {
            return null;
        }
    }
}
