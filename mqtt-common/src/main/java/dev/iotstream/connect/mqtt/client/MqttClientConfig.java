package dev.iotstream.connect.mqtt.client;

import dev.iotstream.connect.common.config.Validators;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.types.Password;

import java.util.List;
import java.util.Map;

/**
 * The broker connection keys both MQTT connectors share: names, docs, validators, cross-key rules and typed
 * readers, defined once so the source and the sink cannot drift apart. Each connector adds the two groups to its
 * own ConfigDef; the few sentences that only apply to one connector come in as {@link Notes}.
 */
public final class MqttClientConfig {
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

    /** Connector-specific sentences appended to a shared key's doc; empty strings for none. */
    public record Notes(String version, String keepAlive) {
    }

    private MqttClientConfig() {
    }

    /** Defines the connection keys in {@code group}, in reference order. */
    public static void defineConnection(ConfigDef d, String group, Notes notes) {
        int o = 0;
        d.define(SERVER_URIS, Type.LIST, ConfigDef.NO_DEFAULT_VALUE, serverUrisValidator(), Importance.HIGH,
                "Broker URIs (tcp://host:1883, ssl://host:8883, ws://host:8080/mqtt, wss://...). With several,"
                        + " a task's first connect tries them in this order, and every later round of attempts starts"
                        + " at the URI that connected last and goes round the list from there; each URI gets one"
                        + " attempt of up to mqtt.connect.attempt.timeout.ms per round, and the task stays on the"
                        + " first that connects: when that broker stops or hangs, the task moves to the next one."
                        + " Sessions are per broker: messages queued for the task on one broker are not delivered by"
                        + " another.",
                group, ++o, Width.LONG, "Server URIs");
        d.define(VERSION, Type.STRING, MqttVersion.AUTO.configName(), ConfigDef.ValidString.in("auto", "5", "3.1.1"),
                Importance.HIGH,
                "MQTT protocol version: auto (MQTT 5, and 3.1.1 when the broker refuses 5; the version that first"
                        + " connects is kept for the life of the task), 5 (Paho v5 client) or 3.1.1 (Paho v3 client)."
                        + " MQTT 5 lets the client set the broker's in-flight window (Receive Maximum); over 3.1.1"
                        + " the broker's own limit applies (Mosquitto max_inflight_messages, default 20)."
                        + notes.version(),
                group, ++o, Width.SHORT, "MQTT version");
        d.define(USERNAME, Type.STRING, "", Importance.MEDIUM, "User name for the broker; empty for none.",
                group, ++o, Width.MEDIUM, "User name");
        d.define(PASSWORD, Type.PASSWORD, null, Importance.MEDIUM,
                "Password for the broker (masked in the REST API and logs; ConfigProviders such as ${file:...} work).",
                group, ++o, Width.MEDIUM, "Password");
        d.define(CLIENT_ID_PREFIX, Type.STRING, "", Importance.MEDIUM,
                "Prefix of the MQTT client ids; empty means the connector name. Task i uses <prefix>-<i>, so ids"
                        + " are stable across restarts and rebalances (the broker finds each task's persistent"
                        + " session again) and unique within the connector.",
                group, ++o, Width.MEDIUM, "Client id prefix");
        d.define(KEEPALIVE_SECONDS, Type.INT, 60, ConfigDef.Range.between(0, 65535), Importance.LOW,
                "MQTT keep-alive interval in seconds (0 disables keep-alive)." + notes.keepAlive(),
                group, ++o, Width.SHORT, "Keep-alive");
        d.define(CONNECT_ATTEMPT_TIMEOUT_MS, Type.INT, 10_000, ConfigDef.Range.between(1000, 600_000), Importance.LOW,
                "How long one connection attempt to one server URI (TCP, TLS, CONNECT/CONNACK and SUBSCRIBE) may"
                        + " take; a broker that accepts TCP but never answers costs this long before the next URI.",
                group, ++o, Width.SHORT, "Connect attempt timeout");
        d.define(CONNECT_TIMEOUT_MS, Type.LONG, 300_000L, ConfigDef.Range.atLeast(0), Importance.MEDIUM,
                "How long the task keeps trying to connect (at start) or reconnect (after losing the connection)"
                        + " before it fails with an error naming the broker and the last failure. While trying, the"
                        + " task stays RUNNING and retries with exponential backoff and jitter. Rejected credentials"
                        + " fail the task at once.",
                group, ++o, Width.SHORT, "Give up after");
        d.define(BACKOFF_INITIAL_MS, Type.LONG, 500L, ConfigDef.Range.atLeast(1), Importance.LOW,
                "First delay between connection attempts; doubles per failed attempt up to "
                        + BACKOFF_MAX_MS + ", each delay randomised to between half and all of it.",
                group, ++o, Width.SHORT, "Backoff initial");
        d.define(BACKOFF_MAX_MS, Type.LONG, 30_000L, ConfigDef.Range.atLeast(1), Importance.LOW,
                "Largest delay between connection attempts.", group, ++o, Width.SHORT, "Backoff max");
    }

    /** Defines the TLS keys (keystores or PEM files) in {@code group}, in reference order. */
    public static void defineTls(ConfigDef d, String group) {
        int o = 0;
        d.define(SSL_TRUSTSTORE_LOCATION, Type.STRING, "", Importance.MEDIUM,
                "Truststore (JKS or PKCS12) with the CA certificates that sign the broker's certificate. Empty:"
                        + " the JVM's default CAs, unless " + SSL_CA_FILE + " is set.",
                group, ++o, Width.LONG, "Truststore");
        d.define(SSL_TRUSTSTORE_PASSWORD, Type.PASSWORD, null, Importance.MEDIUM, "Truststore password.",
                group, ++o, Width.MEDIUM, "Truststore password");
        d.define(SSL_TRUSTSTORE_TYPE, Type.STRING, "PKCS12", ConfigDef.ValidString.in("PKCS12", "JKS"),
                Importance.LOW, "Truststore type.", group, ++o, Width.SHORT, "Truststore type");
        d.define(SSL_KEYSTORE_LOCATION, Type.STRING, "", Importance.MEDIUM,
                "Keystore (JKS or PKCS12) with the client certificate and key, for mutual TLS.",
                group, ++o, Width.LONG, "Keystore");
        d.define(SSL_KEYSTORE_PASSWORD, Type.PASSWORD, null, Importance.MEDIUM, "Keystore password.",
                group, ++o, Width.MEDIUM, "Keystore password");
        d.define(SSL_KEYSTORE_TYPE, Type.STRING, "PKCS12", ConfigDef.ValidString.in("PKCS12", "JKS"),
                Importance.LOW, "Keystore type.", group, ++o, Width.SHORT, "Keystore type");
        d.define(SSL_KEY_PASSWORD, Type.PASSWORD, null, Importance.LOW,
                "Password of the private key in the keystore, when it differs from the keystore password.",
                group, ++o, Width.MEDIUM, "Key password");
        d.define(SSL_CA_FILE, Type.STRING, "", Importance.MEDIUM,
                "PEM file with the CA certificate(s) that sign the broker's certificate (instead of a truststore).",
                group, ++o, Width.LONG, "CA file (PEM)");
        d.define(SSL_CERT_FILE, Type.STRING, "", Importance.MEDIUM,
                "PEM file with the client certificate (chain), for mutual TLS; needs " + SSL_KEY_FILE + ".",
                group, ++o, Width.LONG, "Client certificate (PEM)");
        d.define(SSL_KEY_FILE, Type.STRING, "", Importance.MEDIUM,
                "PEM file with the client's unencrypted PKCS#8 private key (BEGIN PRIVATE KEY), RSA or EC.",
                group, ++o, Width.LONG, "Client key (PEM)");
        d.define(SSL_HOSTNAME_VERIFICATION, Type.BOOLEAN, true, Importance.MEDIUM,
                "Check that the broker's certificate names the host in the URI. Turn off only for test brokers.",
                group, ++o, Width.SHORT, "Hostname verification");
        d.define(SSL_PROTOCOL, Type.STRING, "TLS", ConfigDef.ValidString.in("TLS", "TLSv1.2", "TLSv1.3"),
                Importance.LOW, "SSLContext protocol.", group, ++o, Width.SHORT, "TLS protocol");
    }

    public static ConfigDef.Validator serverUrisValidator() {
        return Validators.atLeastOneEntry("one or more tcp://, ssl://, ws:// or wss:// URIs", ServerUris::problem);
    }

    /**
     * Cross-key rules on TLS material and the URIs it applies to, keyed by the field a user has to change.
     * Works on the parsed values {@code validate()} sees.
     */
    public static void tlsProblems(Map<String, Object> v, Map<String, String> out) {
        if (set(v.get(SSL_TRUSTSTORE_LOCATION)) && set(v.get(SSL_CA_FILE))) {
            String msg = "set either " + SSL_TRUSTSTORE_LOCATION + " or " + SSL_CA_FILE + ", not both";
            out.put(SSL_TRUSTSTORE_LOCATION, msg);
            out.put(SSL_CA_FILE, msg);
        }
        if (set(v.get(SSL_KEYSTORE_LOCATION)) && (set(v.get(SSL_CERT_FILE)) || set(v.get(SSL_KEY_FILE)))) {
            String msg = "set either " + SSL_KEYSTORE_LOCATION + " or " + SSL_CERT_FILE + "/" + SSL_KEY_FILE
                    + ", not both";
            out.put(SSL_KEYSTORE_LOCATION, msg);
            out.putIfAbsent(set(v.get(SSL_CERT_FILE)) ? SSL_CERT_FILE : SSL_KEY_FILE, msg);
        } else if (set(v.get(SSL_CERT_FILE)) != set(v.get(SSL_KEY_FILE))) {
            String missing = set(v.get(SSL_CERT_FILE)) ? SSL_KEY_FILE : SSL_CERT_FILE;
            out.put(missing, "mutual TLS with PEM files needs both " + SSL_CERT_FILE + " and " + SSL_KEY_FILE);
        }
        boolean tlsMaterial = set(v.get(SSL_TRUSTSTORE_LOCATION)) || set(v.get(SSL_CA_FILE))
                || set(v.get(SSL_KEYSTORE_LOCATION)) || set(v.get(SSL_CERT_FILE));
        List<String> uris = list(v.get(SERVER_URIS));
        if (tlsMaterial && !uris.isEmpty() && uris.stream().noneMatch(ServerUris::isTls)) {
            out.putIfAbsent(SERVER_URIS, "TLS settings (truststore, keystore, CA or certificate files) are set but no"
                    + " URI uses ssl:// or wss://; they would be ignored");
        }
    }

    /** Cross-key rules on credentials and backoff. */
    public static void credentialAndBackoffProblems(Map<String, Object> v, Map<String, String> out) {
        if (set(v.get(PASSWORD)) && !set(v.get(USERNAME))) {
            out.put(USERNAME, "a password is set without a user name; MQTT requires a user name with a password");
        }
        Object initial = v.get(BACKOFF_INITIAL_MS);
        Object max = v.get(BACKOFF_MAX_MS);
        if (initial instanceof Long i && max instanceof Long m && m < i) {
            out.put(BACKOFF_MAX_MS, "must be >= " + BACKOFF_INITIAL_MS + " (" + i + ")");
        }
    }

    public static List<String> serverUris(AbstractConfig c) {
        return c.getList(SERVER_URIS).stream().map(String::strip).toList();
    }

    /** True only for mqtt.version=5; with auto the version is known once connected. */
    public static boolean isMqtt5(AbstractConfig c) {
        return version(c) == MqttVersion.V5;
    }

    public static MqttVersion version(AbstractConfig c) {
        return MqttVersion.parse(c.getString(VERSION));
    }

    public static char[] password(AbstractConfig c, String key) {
        Password p = c.getPassword(key);
        return p == null || p.value() == null ? null : p.value().toCharArray();
    }

    /** {@code <prefix>-<taskIndex>}, the prefix defaulting to the connector name. */
    public static String clientId(AbstractConfig c, String connectorName, int taskIndex) {
        String prefix = c.getString(CLIENT_ID_PREFIX).isBlank() ? connectorName : c.getString(CLIENT_ID_PREFIX).strip();
        return prefix + "-" + taskIndex;
    }

    public static TlsSettings tls(AbstractConfig c) {
        return new TlsSettings(c.getString(SSL_TRUSTSTORE_LOCATION), password(c, SSL_TRUSTSTORE_PASSWORD),
                c.getString(SSL_TRUSTSTORE_TYPE), c.getString(SSL_KEYSTORE_LOCATION),
                password(c, SSL_KEYSTORE_PASSWORD), c.getString(SSL_KEYSTORE_TYPE), password(c, SSL_KEY_PASSWORD),
                c.getString(SSL_CA_FILE), c.getString(SSL_CERT_FILE), c.getString(SSL_KEY_FILE),
                c.getBoolean(SSL_HOSTNAME_VERIFICATION), c.getString(SSL_PROTOCOL));
    }

    static boolean set(Object value) {
        if (value instanceof Password p) {
            return p.value() != null && !p.value().isEmpty();
        }
        return value != null && !String.valueOf(value).isBlank();
    }

    @SuppressWarnings("unchecked")
    private static List<String> list(Object value) {
        return value instanceof List<?> l ? ((List<Object>) l).stream().map(o -> String.valueOf(o).strip()).toList()
                : List.of();
    }
}
