package dev.iotstream.connect.mqtt;

import dev.iotstream.connect.mqtt.mapping.HeaderSelection;
import dev.iotstream.connect.mqtt.mapping.KeyStrategy;
import dev.iotstream.connect.mqtt.mapping.TopicMappingRule;
import dev.iotstream.connect.common.json.JsonNumbers;
import dev.iotstream.connect.common.json.JsonOptions;
import dev.iotstream.connect.mqtt.payload.PayloadFormat;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.types.Password;

import java.util.List;
import java.util.Map;

/** Configuration of {@link MqttSourceConnector}, with typed getters. Cross-field rules are in {@link MqttSourceConfigRules}. */
public final class MqttSourceConfig extends AbstractConfig {
    public static final String SERVER_URIS = "mqtt.server.uris";
    public static final String VERSION = "mqtt.version";
    public static final String USERNAME = "mqtt.username";
    public static final String PASSWORD = "mqtt.password";
    public static final String CLIENT_ID_PREFIX = "mqtt.client.id.prefix";
    public static final String KEEPALIVE_SECONDS = "mqtt.keepalive.seconds";
    public static final String CONNECT_ATTEMPT_TIMEOUT_MS = "mqtt.connect.attempt.timeout.ms";
    public static final String CONNECT_TIMEOUT_MS = "mqtt.connect.timeout.ms";
    public static final String BACKOFF_INITIAL_MS = "mqtt.reconnect.backoff.initial.ms";
    public static final String BACKOFF_MAX_MS = "mqtt.reconnect.backoff.max.ms";

    public static final String TOPICS = "mqtt.topics";
    public static final String QOS = "mqtt.qos";
    public static final String TOPIC_QOS = "mqtt.topic.qos";
    public static final String CLEAN_SESSION = "mqtt.clean.session";
    public static final String SESSION_EXPIRY_SECONDS = "mqtt.session.expiry.seconds";
    public static final String MAX_INFLIGHT = "mqtt.max.inflight";
    public static final String SKIP_RETAINED = "mqtt.skip.retained";

    public static final String SSL_TRUSTSTORE_LOCATION = "mqtt.ssl.truststore.location";
    public static final String SSL_TRUSTSTORE_PASSWORD = "mqtt.ssl.truststore.password";
    public static final String SSL_TRUSTSTORE_TYPE = "mqtt.ssl.truststore.type";
    public static final String SSL_KEYSTORE_LOCATION = "mqtt.ssl.keystore.location";
    public static final String SSL_KEYSTORE_PASSWORD = "mqtt.ssl.keystore.password";
    public static final String SSL_KEYSTORE_TYPE = "mqtt.ssl.keystore.type";
    public static final String SSL_KEY_PASSWORD = "mqtt.ssl.key.password";
    public static final String SSL_CA_FILE = "mqtt.ssl.ca.file";
    public static final String SSL_CERT_FILE = "mqtt.ssl.certificate.file";
    public static final String SSL_KEY_FILE = "mqtt.ssl.key.file";
    public static final String SSL_HOSTNAME_VERIFICATION = "mqtt.ssl.hostname.verification";
    public static final String SSL_PROTOCOL = "mqtt.ssl.protocol";

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

    /** Set by the connector in each task's config; not a user setting, so not in the ConfigDef (nor the docs). */
    public static final String TASK_INDEX = "task.index";

    private static final ConfigDef CONFIG_DEF = MqttSourceConfigDef.build();

    public MqttSourceConfig(Map<String, String> props) {
        super(CONFIG_DEF, props);
    }

    public static ConfigDef configDef() {
        return new ConfigDef(CONFIG_DEF);
    }


    public List<String> serverUris() {
        return getList(SERVER_URIS).stream().map(String::strip).toList();
    }

    public boolean isMqtt5() {
        return "5".equals(getString(VERSION));
    }

    public String username() {
        return getString(USERNAME);
    }

    public char[] password() {
        Password p = getPassword(PASSWORD);
        return p == null || p.value() == null ? null : p.value().toCharArray();
    }

    public String clientId(String connectorName) {
        String prefix = getString(CLIENT_ID_PREFIX).isBlank() ? connectorName : getString(CLIENT_ID_PREFIX).strip();
        return prefix + "-" + taskIndex();
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
        return new TlsSettings(getString(SSL_TRUSTSTORE_LOCATION), password(SSL_TRUSTSTORE_PASSWORD),
                getString(SSL_TRUSTSTORE_TYPE), getString(SSL_KEYSTORE_LOCATION), password(SSL_KEYSTORE_PASSWORD),
                getString(SSL_KEYSTORE_TYPE), password(SSL_KEY_PASSWORD), getString(SSL_CA_FILE),
                getString(SSL_CERT_FILE), getString(SSL_KEY_FILE), getBoolean(SSL_HOSTNAME_VERIFICATION),
                getString(SSL_PROTOCOL));
    }

    private char[] password(String key) {
        Password p = getPassword(key);
        return p == null || p.value() == null ? null : p.value().toCharArray();
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
}
