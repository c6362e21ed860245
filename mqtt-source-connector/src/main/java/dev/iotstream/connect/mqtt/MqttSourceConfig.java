package dev.iotstream.connect.mqtt;

import dev.iotstream.connect.mqtt.client.ClientSettings;
import dev.iotstream.connect.mqtt.client.MqttClientConfig;
import dev.iotstream.connect.mqtt.client.MqttVersion;
import dev.iotstream.connect.mqtt.client.TlsSettings;
import dev.iotstream.connect.mqtt.mapping.HeaderSelection;
import dev.iotstream.connect.mqtt.mapping.KeyStrategy;
import dev.iotstream.connect.mqtt.mapping.TopicMappingRule;
import dev.iotstream.connect.common.json.JsonNumbers;
import dev.iotstream.connect.common.json.JsonOptions;
import dev.iotstream.connect.mqtt.payload.JsonBatching;
import dev.iotstream.connect.mqtt.payload.PayloadFormat;
import dev.iotstream.connect.mqtt.sparkplug.SparkplugOutput;
import dev.iotstream.connect.mqtt.sparkplug.SparkplugSettings;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;

import java.util.List;
import java.util.Map;

/** Configuration of {@link MqttSourceConnector}, with typed getters. Cross-field rules are in {@link MqttSourceConfigRules}. */
public final class MqttSourceConfig extends AbstractConfig {
    public static final String SERVER_URIS = MqttClientConfig.SERVER_URIS;
    public static final String VERSION = MqttClientConfig.VERSION;
    public static final String USERNAME = MqttClientConfig.USERNAME;
    public static final String PASSWORD = MqttClientConfig.PASSWORD;
    public static final String CLIENT_ID_PREFIX = MqttClientConfig.CLIENT_ID_PREFIX;
    public static final String KEEPALIVE_SECONDS = MqttClientConfig.KEEPALIVE_SECONDS;
    public static final String CONNECT_ATTEMPT_TIMEOUT_MS = MqttClientConfig.CONNECT_ATTEMPT_TIMEOUT_MS;
    public static final String CONNECT_TIMEOUT_MS = MqttClientConfig.CONNECT_TIMEOUT_MS;
    public static final String BACKOFF_INITIAL_MS = MqttClientConfig.BACKOFF_INITIAL_MS;
    public static final String BACKOFF_MAX_MS = MqttClientConfig.BACKOFF_MAX_MS;

    public static final String TOPICS = "mqtt.topics";
    public static final String QOS = "mqtt.qos";
    public static final String TOPIC_QOS = "mqtt.topic.qos";
    public static final String CLEAN_SESSION = "mqtt.clean.session";
    public static final String SESSION_EXPIRY_SECONDS = "mqtt.session.expiry.seconds";
    public static final String MAX_INFLIGHT = "mqtt.max.inflight";
    public static final String SKIP_RETAINED = "mqtt.skip.retained";

    public static final String SSL_TRUSTSTORE_LOCATION = MqttClientConfig.SSL_TRUSTSTORE_LOCATION;
    public static final String SSL_TRUSTSTORE_PASSWORD = MqttClientConfig.SSL_TRUSTSTORE_PASSWORD;
    public static final String SSL_TRUSTSTORE_TYPE = MqttClientConfig.SSL_TRUSTSTORE_TYPE;
    public static final String SSL_KEYSTORE_LOCATION = MqttClientConfig.SSL_KEYSTORE_LOCATION;
    public static final String SSL_KEYSTORE_PASSWORD = MqttClientConfig.SSL_KEYSTORE_PASSWORD;
    public static final String SSL_KEYSTORE_TYPE = MqttClientConfig.SSL_KEYSTORE_TYPE;
    public static final String SSL_KEY_PASSWORD = MqttClientConfig.SSL_KEY_PASSWORD;
    public static final String SSL_CA_FILE = MqttClientConfig.SSL_CA_FILE;
    public static final String SSL_CERT_FILE = MqttClientConfig.SSL_CERT_FILE;
    public static final String SSL_KEY_FILE = MqttClientConfig.SSL_KEY_FILE;
    public static final String SSL_HOSTNAME_VERIFICATION = MqttClientConfig.SSL_HOSTNAME_VERIFICATION;
    public static final String SSL_PROTOCOL = MqttClientConfig.SSL_PROTOCOL;

    public static final String KAFKA_TOPIC = "kafka.topic";
    public static final String KAFKA_TOPIC_MAPPINGS = "kafka.topic.mappings";
    public static final String KAFKA_KEY = "kafka.key";
    public static final String KAFKA_BATCH_LINGER_MS = "kafka.batch.linger.ms";
    public static final String HEADERS = "mqtt.headers";

    public static final String PAYLOAD_FORMAT = "payload.format";
    public static final String PAYLOAD_JSON_OUTPUT = "payload.json.output";
    public static final String PAYLOAD_JSON_NUMBER_TYPE = "payload.json.number.type";
    public static final String PAYLOAD_JSON_MAX_DEPTH = "payload.json.max.depth";
    public static final String PAYLOAD_ON_ERROR = "payload.on.error";
    public static final String PAYLOAD_DEAD_LETTER_TOPIC = "payload.dead.letter.topic";
    public static final String PAYLOAD_MAX_BYTES = "payload.max.bytes";
    public static final String PAYLOAD_MAX_REJECTED_RUNS = "payload.max.rejected.runs";
    public static final String PAYLOAD_JSON_RECORDS_PATH = "payload.json.records.path";
    public static final String PAYLOAD_JSON_RECORDS_COPY = "payload.json.records.copy";
    public static final String PAYLOAD_MAX_RECORDS = "payload.max.records";

    public static final String SPARKPLUG_OUTPUT = "sparkplug.output";
    public static final String SPARKPLUG_REBIRTH_REQUESTS = "sparkplug.rebirth.requests";
    public static final String SPARKPLUG_REBIRTH_MIN_INTERVAL_MS = "sparkplug.rebirth.min.interval.ms";
    public static final String SPARKPLUG_MAX_EDGE_NODES = "sparkplug.max.edge.nodes";
    public static final String SPARKPLUG_MAX_DEVICES_PER_EDGE_NODE = "sparkplug.max.devices.per.edge.node";
    public static final String SPARKPLUG_MAX_ALIASES = "sparkplug.max.aliases";
    public static final String SPARKPLUG_HOST_ID = "sparkplug.host.id";

    /** Set by the connector in each task's config; not a user setting, so not in the ConfigDef (nor the docs). */
    public static final String TASK_INDEX = "task.index";

    private static final ConfigDef CONFIG_DEF = MqttSourceConfigDef.build();

    public MqttSourceConfig(Map<String, String> props) {
        super(CONFIG_DEF, props);
    }

    public static ConfigDef configDef() {
        return new ConfigDef(CONFIG_DEF);
    }


    /** What the shared MQTT client needs, for one task's client id and filters. */
    public ClientSettings clientSettings(String clientId, List<String> filters) {
        return new ClientSettings(serverUris(), clientId, username(), password(), cleanSession(),
                sessionExpirySeconds(), maxInflight(), keepAliveSeconds(), connectAttemptTimeoutMs(), filters, qos(),
                qosOverrides(), tls());
    }

    public List<String> serverUris() {
        return MqttClientConfig.serverUris(this);
    }

    /**
     * The configured version, except that auto with a QoS 2 subscription is 3.1.1: Paho's v5 client stalls inbound
     * QoS 2 flows completed later by manual acks (QoS 0 and further QoS 2 messages then stop arriving; seen with
     * HiveMQ and Mosquitto, with plain Paho too), which 3.1.1 does not.
     */
    public MqttVersion mqttVersion() {
        MqttVersion v = MqttClientConfig.version(this);
        boolean anyQos2 = qos() == 2 || qosOverrides().values().stream().anyMatch(q -> q == 2);
        return v == MqttVersion.AUTO && anyQos2 ? MqttVersion.V3_1_1 : v;
    }

    public boolean isMqtt5() {
        return MqttClientConfig.isMqtt5(this);
    }

    public String username() {
        return getString(USERNAME);
    }

    public char[] password() {
        return MqttClientConfig.password(this, PASSWORD);
    }

    public String clientId(String connectorName) {
        return MqttClientConfig.clientId(this, connectorName, taskIndex());
    }

    public int taskIndex() {
        Object index = originals().get(TASK_INDEX);
        return index == null ? 0 : Integer.parseInt(String.valueOf(index).strip());
    }

    public int keepAliveSeconds() {
        return getInt(KEEPALIVE_SECONDS);
    }

    public int connectAttemptTimeoutMs() {
        return getInt(CONNECT_ATTEMPT_TIMEOUT_MS);
    }

    public long connectTimeoutMs() {
        return getLong(CONNECT_TIMEOUT_MS);
    }

    public long backoffInitialMs() {
        return getLong(BACKOFF_INITIAL_MS);
    }

    public long backoffMaxMs() {
        return getLong(BACKOFF_MAX_MS);
    }

    public List<String> topicFilters() {
        return getList(TOPICS).stream().map(String::strip).toList();
    }

    public int qos() {
        return getInt(QOS);
    }

    public boolean cleanSession() {
        String v = getString(CLEAN_SESSION);
        boolean anyAtLeastOnce = qos() > 0 || qosOverrides().values().stream().anyMatch(q -> q > 0);
        return v.equals("auto") ? !anyAtLeastOnce : Boolean.parseBoolean(v);
    }

    /** Filter to QoS from mqtt.topic.qos (the filter is everything before the last '='). */
    public Map<String, Integer> qosOverrides() {
        Map<String, Integer> out = new java.util.LinkedHashMap<>();
        for (String entry : getList(TOPIC_QOS)) {
            if (!entry.isBlank()) {
                int eq = entry.lastIndexOf('=');
                out.put(entry.substring(0, eq).strip(), Integer.parseInt(entry.substring(eq + 1).strip()));
            }
        }
        return out;
    }

    public long sessionExpirySeconds() {
        return getLong(SESSION_EXPIRY_SECONDS);
    }

    public int maxInflight() {
        return getInt(MAX_INFLIGHT);
    }

    public boolean skipRetained() {
        return getBoolean(SKIP_RETAINED);
    }

    public TlsSettings tls() {
        return MqttClientConfig.tls(this);
    }

    public String kafkaTopic() {
        return getString(KAFKA_TOPIC).strip();
    }

    public List<TopicMappingRule> topicMappings() {
        return getList(KAFKA_TOPIC_MAPPINGS).stream().filter(s -> !s.isBlank()).map(TopicMappingRule::parse).toList();
    }

    public int batchLingerMs() {
        return getInt(KAFKA_BATCH_LINGER_MS);
    }

    public HeaderSelection headerSelection() {
        return HeaderSelection.of(getList(HEADERS));
    }

    public KeyStrategy keyStrategy() {
        return KeyStrategy.parse(getString(KAFKA_KEY));
    }

    public PayloadFormat payloadFormat() {
        return PayloadFormat.parse(getString(PAYLOAD_FORMAT));
    }

    public int payloadMaxRejectedRuns() {
        return getInt(PAYLOAD_MAX_REJECTED_RUNS);
    }

    public int payloadMaxBytes() {
        return getInt(PAYLOAD_MAX_BYTES);
    }

    /** How the json format reads payloads: the same reader ParseJson uses. */
    public JsonOptions jsonOptions() {
        return new JsonOptions(JsonNumbers.parse(getString(PAYLOAD_JSON_NUMBER_TYPE)), getInt(PAYLOAD_JSON_MAX_DEPTH),
                false);
    }

    public boolean jsonAsStruct() {
        return "struct".equals(getString(PAYLOAD_JSON_OUTPUT));
    }

    /** @return the dead-letter topic, or null when undecodable payloads must fail the task */
    public String deadLetterTopic() {
        if ("fail".equals(getString(PAYLOAD_ON_ERROR))) {
            return null;
        }
        String t = getString(PAYLOAD_DEAD_LETTER_TOPIC).strip();
        return t.isEmpty() ? kafkaTopic() + ".dlq" : t;
    }

    /** payload.format=json fan-out: the records path, the copied fields and payload.max.records. */
    public JsonBatching jsonBatching() {
        return JsonBatching.parse(getString(PAYLOAD_JSON_RECORDS_PATH), getList(PAYLOAD_JSON_RECORDS_COPY),
                getInt(PAYLOAD_MAX_RECORDS));
    }

    public SparkplugSettings sparkplugSettings() {
        return SparkplugSettings.defaults()
                .withOutput(SparkplugOutput.valueOf(getString(SPARKPLUG_OUTPUT).toUpperCase(java.util.Locale.ROOT)))
                .withRebirthRequests(getBoolean(SPARKPLUG_REBIRTH_REQUESTS),
                        java.time.Duration.ofMillis(getLong(SPARKPLUG_REBIRTH_MIN_INTERVAL_MS)))
                .withLimits(getInt(SPARKPLUG_MAX_EDGE_NODES), getInt(SPARKPLUG_MAX_DEVICES_PER_EDGE_NODE),
                        getInt(SPARKPLUG_MAX_ALIASES));
    }

    /** @return the Sparkplug Host Application id, or null when the connector does not act as one */
    public String sparkplugHostId() {
        String id = getString(SPARKPLUG_HOST_ID);
        return id.isEmpty() || payloadFormat() != PayloadFormat.SPARKPLUGB ? null : id;
    }
}
