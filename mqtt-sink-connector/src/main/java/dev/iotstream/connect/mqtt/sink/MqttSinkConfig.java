package dev.iotstream.connect.mqtt.sink;

import dev.iotstream.connect.common.config.Validators;
import dev.iotstream.connect.mqtt.client.ClientSettings;
import dev.iotstream.connect.mqtt.client.MqttClientConfig;
import dev.iotstream.connect.mqtt.client.MqttVersion;
import dev.iotstream.connect.mqtt.sink.message.MessageSettings;
import dev.iotstream.connect.mqtt.sink.message.ValueSource;
import dev.iotstream.connect.mqtt.sink.payload.PayloadFormat;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import dev.iotstream.connect.mqtt.sink.topic.TopicTemplate;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Configuration of {@link MqttSinkConnector}: the shared MQTT connection keys plus topics, payloads, delivery. */
public final class MqttSinkConfig extends AbstractConfig {
    public static final String TOPIC = "mqtt.topic";
    public static final String REPLY = "mqtt.reply";
    public static final String QOS = "mqtt.qos";
    public static final String QOS_FROM = "mqtt.qos.from";
    public static final String RETAINED = "mqtt.retained";
    public static final String RETAINED_FROM = "mqtt.retained.from";
    public static final String MAX_INFLIGHT = "mqtt.max.inflight";
    public static final String CONTENT_TYPE = "mqtt.content.type";
    public static final String MESSAGE_EXPIRY_SECONDS = "mqtt.message.expiry.seconds";
    public static final String PAYLOAD_FORMAT_INDICATOR = "mqtt.payload.format.indicator";
    public static final String USER_PROPERTY_HEADERS = "mqtt.user.properties.headers";
    public static final String PAYLOAD_FORMAT = "payload.format";
    public static final String PAYLOAD_FIELD = "payload.field";
    public static final String NULL_VALUES = "payload.null.values";
    public static final String CORRELATION_ENCODING = "mqtt.correlation.data.encoding";
    public static final String PUT_MAX_WAIT_MS = "mqtt.put.max.wait.ms";

    /** Set by the connector in each task's config; not a user setting. */
    public static final String TASK_INDEX = "task.index";

    private static final String G_CONN = "Connection";
    private static final String G_TLS = "TLS";
    private static final String G_TOPIC = "Topics";
    private static final String G_PUBLISH = "Publishing";
    private static final String G_PAYLOAD = "Payload";

    private static final ConfigDef CONFIG_DEF = build();

    public MqttSinkConfig(Map<String, String> props) {
        super(CONFIG_DEF, props);
    }

    public static ConfigDef configDef() {
        return new ConfigDef(CONFIG_DEF);
    }

    private static ConfigDef build() {
        ConfigDef d = new ConfigDef();
        MqttClientConfig.defineConnection(d, G_CONN, new MqttClientConfig.Notes(
                " Reply mode, user properties, content type, message expiry and the payload format indicator"
                        + " need 5, and so do the reason codes that tell one refused message from another.",
                ""));
        int o = 0;
        d.define(TOPIC, Type.STRING, "", Validators.valueUnlessBlank("a topic name or template with ${topic}, ${key},"
                        + " ${field:path}, ${header:name}", TopicTemplate::problem), Importance.HIGH,
                "MQTT topic for every record: fixed (alerts/all) or a template with ${topic} (the Kafka topic),"
                        + " ${key}, ${field:path} (a field of the value, dots into nested Structs or maps) and"
                        + " ${header:name} (the last Kafka header of that name), e.g."
                        + " alerts/${field:site}/${field:device}. A record whose placeholders cannot be filled"
                        + " (missing,"
                        + " null or not a scalar) or whose result is not a valid MQTT topic name (empty, + or #, NUL,"
                        + " over 65,535 bytes) goes to the dead letter queue with the reason. Required unless "
                        + REPLY + "=true.",
                G_TOPIC, ++o, Width.LONG, "Topic or template");
        d.define(REPLY, Type.BOOLEAN, false, Importance.MEDIUM,
                "Reply mode (MQTT 5): publish each record to the topic in its mqtt.response.topic header, with its"
                        + " mqtt.correlation.data header as correlation data: the headers the MQTT source writes for an"
                        + " MQTT 5 request, so a Kafka application answers a device by copying them onto its reply."
                        + " A record without a response topic goes to the dead letter queue.",
                G_TOPIC, ++o, Width.SHORT, "Reply mode");
        d.define(CORRELATION_ENCODING, Type.STRING, "base64", ConfigDef.ValidString.in("base64", "raw"),
                Importance.LOW,
                "Reply mode: how the mqtt.correlation.data header holds the correlation data. base64: as base64"
                        + " text, which is what the MQTT source's bytes header becomes with Connect's default"
                        + " SimpleHeaderConverter. raw: the header's bytes are the correlation data (with"
                        + " header.converter=org.apache.kafka.connect.converters.ByteArrayConverter on both sides). A"
                        + " header that cannot be read sends the record to the dead letter queue.",
                G_TOPIC, ++o, Width.SHORT, "Correlation data encoding");
        o = 0;
        d.define(QOS, Type.INT, 1, ConfigDef.Range.between(0, 2), Importance.HIGH,
                "QoS of the published messages. 1 and 2: a record's offset is committed only after the broker's"
                        + " PUBACK / PUBCOMP for it and every record before it in its partition.",
                G_PUBLISH, ++o, Width.SHORT, "QoS");
        d.define(QOS_FROM, Type.STRING, "",
                Validators.valueUnlessBlank("empty, header:<name> or field:<path>", ValueSource::problem),
                Importance.LOW,
                "Per-record QoS override: header:<name> or field:<path> holding 0, 1 or 2. Absent or null: " + QOS
                        + "; any other value sends the record to the dead letter queue.",
                G_PUBLISH, ++o, Width.MEDIUM, "QoS from");
        d.define(RETAINED, Type.BOOLEAN, false, Importance.MEDIUM, "Publish with the retained flag.",
                G_PUBLISH, ++o, Width.SHORT, "Retained");
        d.define(RETAINED_FROM, Type.STRING, "",
                Validators.valueUnlessBlank("empty, header:<name> or field:<path>", ValueSource::problem),
                Importance.LOW,
                "Per-record retained override: header:<name> or field:<path> holding true/false (or 1/0).",
                G_PUBLISH, ++o, Width.MEDIUM, "Retained from");
        d.define(MAX_INFLIGHT, Type.INT, 1000, ConfigDef.Range.between(1, 65535), Importance.MEDIUM,
                "Most QoS 1/2 messages per task waiting for the broker's acknowledgement (under MQTT 5 also at most"
                        + " the broker's Receive Maximum), and the most records a task holds before put() makes Connect"
                        + " pause and retry: backpressure instead of unbounded memory.",
                G_PUBLISH, ++o, Width.SHORT, "Max in-flight");
        d.define(PUT_MAX_WAIT_MS, Type.LONG, 5_000L, ConfigDef.Range.between(0, 60_000), Importance.LOW,
                "How long put() waits for room (or for the broker connection) before it hands the batch back to"
                        + " Connect, which pauses the partitions and offers the same records again.",
                G_PUBLISH, ++o, Width.SHORT, "Put max wait");
        d.define(CONTENT_TYPE, Type.STRING, "", Importance.LOW, "MQTT 5 content type of every message; empty for none.",
                G_PUBLISH, ++o, Width.MEDIUM, "Content type");
        d.define(MESSAGE_EXPIRY_SECONDS, Type.LONG, -1L, ConfigDef.Range.between(-1, 4_294_967_295L),
                Importance.LOW, "MQTT 5 message expiry interval in seconds; -1 for none.",
                G_PUBLISH, ++o, Width.SHORT, "Message expiry");
        d.define(PAYLOAD_FORMAT_INDICATOR, Type.BOOLEAN, false, Importance.LOW,
                "MQTT 5: mark JSON and string payloads as UTF-8 text (payload format indicator 1).",
                G_PUBLISH, ++o, Width.SHORT, "Payload format indicator");
        d.define(USER_PROPERTY_HEADERS, Type.LIST, "", Importance.LOW,
                "MQTT 5: Kafka headers copied as user properties (name = header name, value = its text).",
                G_PUBLISH, ++o, Width.LONG, "User property headers");
        o = 0;
        d.define(PAYLOAD_FORMAT, Type.STRING, "value", ConfigDef.ValidString.in("value", "json", "field"),
                Importance.HIGH,
                "value: the record value as is (bytes, or a string as UTF-8; anything else goes to the dead letter"
                        + " queue). json: the value written as JSON (Struct or map as an object, no schema envelope)."
                        + " field: the field " + PAYLOAD_FIELD + " of the value (bytes/string as is, else JSON).",
                G_PAYLOAD, ++o, Width.SHORT, "Payload format");
        d.define(PAYLOAD_FIELD, Type.STRING, "", Importance.MEDIUM,
                "Dotted path of the value field to publish with " + PAYLOAD_FORMAT + "=field.",
                G_PAYLOAD, ++o, Width.MEDIUM, "Payload field");
        d.define(NULL_VALUES, Type.STRING, "skip", ConfigDef.ValidString.in("skip", "clear.retained"),
                Importance.MEDIUM,
                "Records with a null value (tombstones): skip (counted in NullsSkipped, offset committed) or"
                        + " clear.retained (publish an empty retained message, which clears the topic's retained"
                        + " message).",
                G_PAYLOAD, ++o, Width.SHORT, "Null values");
        MqttClientConfig.defineTls(d, G_TLS);
        return d;
    }

    /** Cross-key rules, keyed by the field a user has to change. */
    public static Map<String, String> problems(Map<String, Object> v) {
        Map<String, String> out = new LinkedHashMap<>();
        boolean reply = Boolean.TRUE.equals(v.get(REPLY));
        boolean mqtt5 = "5".equals(v.get(MqttClientConfig.VERSION));
        Object topic = v.get(TOPIC);
        if (!reply && (topic == null || String.valueOf(topic).isBlank())) {
            out.put(TOPIC, "set a topic or template (e.g. alerts/${field:device}), or " + REPLY + "=true");
        }
        if (reply && !mqtt5) {
            out.put(REPLY, "reply mode needs " + MqttClientConfig.VERSION + "=5 (MQTT 3.1.1 has no response topic)");
        }
        if ("field".equals(v.get(PAYLOAD_FORMAT)) && (v.get(PAYLOAD_FIELD) == null
                || String.valueOf(v.get(PAYLOAD_FIELD)).isBlank())) {
            out.put(PAYLOAD_FIELD, "required with " + PAYLOAD_FORMAT + "=field");
        }
        MqttClientConfig.tlsProblems(v, out);
        MqttClientConfig.credentialAndBackoffProblems(v, out);
        return out;
    }

    public int taskIndex() {
        Object index = originals().get(TASK_INDEX);
        return index == null ? 0 : Integer.parseInt(String.valueOf(index).strip());
    }

    public MqttVersion mqttVersion() {
        return MqttClientConfig.version(this);
    }

    /** MQTT 5 properties are built unless the version is 3.1.1; a 3.1.1 connection (auto's fallback) ignores them. */
    public boolean isMqtt5() {
        return mqttVersion() != MqttVersion.V3_1_1;
    }

    public int maxInflight() {
        return getInt(MAX_INFLIGHT);
    }

    public long putMaxWaitMs() {
        return getLong(PUT_MAX_WAIT_MS);
    }

    /**
     * A clean session: the task itself resends whatever was not acknowledged after a reconnect (Paho's own resend
     * of a persistent session would send each such message twice, and the broker keeps nothing for a publisher
     * that a resend does not replace).
     */
    public ClientSettings clientSettings(String clientId) {
        return new ClientSettings(MqttClientConfig.serverUris(this), clientId,
                getString(MqttClientConfig.USERNAME), MqttClientConfig.password(this, MqttClientConfig.PASSWORD),
                true, 0, maxInflight(), getInt(MqttClientConfig.KEEPALIVE_SECONDS),
                getInt(MqttClientConfig.CONNECT_ATTEMPT_TIMEOUT_MS), List.of(), 0, Map.of(),
                MqttClientConfig.tls(this));
    }

    public String clientId(String connectorName) {
        return MqttClientConfig.clientId(this, connectorName, taskIndex());
    }

    public long backoffInitialMs() {
        return getLong(MqttClientConfig.BACKOFF_INITIAL_MS);
    }

    public long backoffMaxMs() {
        return getLong(MqttClientConfig.BACKOFF_MAX_MS);
    }

    public long connectTimeoutMs() {
        return getLong(MqttClientConfig.CONNECT_TIMEOUT_MS);
    }

    public MessageSettings messageSettings() {
        return new MessageSettings(getString(TOPIC).strip(), getBoolean(REPLY),
                PayloadFormat.parse(getString(PAYLOAD_FORMAT)), getString(PAYLOAD_FIELD).strip(),
                "clear.retained".equals(getString(NULL_VALUES)), getInt(QOS), ValueSource.parse(getString(QOS_FROM)),
                getBoolean(RETAINED), ValueSource.parse(getString(RETAINED_FROM)), isMqtt5(),
                getString(CONTENT_TYPE).strip(), getLong(MESSAGE_EXPIRY_SECONDS),
                getBoolean(PAYLOAD_FORMAT_INDICATOR),
                getList(USER_PROPERTY_HEADERS).stream().map(String::strip).filter(s -> !s.isEmpty()).toList(),
                "base64".equals(getString(CORRELATION_ENCODING)));
    }
}
