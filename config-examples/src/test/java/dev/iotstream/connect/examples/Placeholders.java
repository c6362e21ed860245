package dev.iotstream.connect.examples;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The readable placeholder endpoints, files and secrets the examples use, and their replacement by the real
 * servers and files a test started. Replacement is plain text replacement inside values, so
 * {@code ${file:/etc/kafka/secrets.properties:influx.token}} keeps working as a ConfigProvider reference to the
 * test's own secrets file. {@link #apply} refuses to hand out a config that still names a placeholder.
 */
final class Placeholders {
    static final String MQTT = "tcp://mqtt.example.com:1883";
    static final String MQTT_TLS = "ssl://mqtt.example.com:8883";
    static final String INFLUXDB = "http://influxdb:8086";
    static final String INFLUXDB_CLOUD = "https://us-east-1-1.aws.cloud2.influxdata.com";
    static final String INFLUXDB_V1 = "http://influxdb-v1:8086";
    /** InfluxDB 1.x through its native 1.x API (influx.api=v1); INFLUXDB_V1 is 1.8's v2 compatibility API. */
    static final String INFLUXDB_1X = "http://influxdb-1x:8086";
    static final String VICTORIA_METRICS = "http://victoriametrics:8428";
    static final String QUESTDB = "http://questdb:9000";
    static final String SECRETS_FILE = "/etc/kafka/secrets.properties";
    static final String CA_PEM = "/etc/kafka/certs/mqtt-ca.pem";
    static final String CLIENT_PEM = "/etc/kafka/certs/connect-client.pem";
    static final String CLIENT_KEY = "/etc/kafka/certs/connect-client.key";
    static final String TRUSTSTORE = "/etc/kafka/certs/mqtt-truststore.p12";
    static final String KEYSTORE = "/etc/kafka/certs/connect-client.p12";

    /** Endpoints an example may name in mqtt.server.uris or influx.url. */
    static final List<String> ENDPOINTS = List.of(MQTT, MQTT_TLS, INFLUXDB, INFLUXDB_CLOUD, INFLUXDB_V1,
            INFLUXDB_1X, VICTORIA_METRICS, QUESTDB);
    /** Every placeholder; none may survive {@link #apply}. */
    static final List<String> ALL = List.of(MQTT, MQTT_TLS, INFLUXDB, INFLUXDB_CLOUD, INFLUXDB_V1, INFLUXDB_1X,
            VICTORIA_METRICS, QUESTDB, SECRETS_FILE, CA_PEM, CLIENT_PEM, CLIENT_KEY, TRUSTSTORE, KEYSTORE,
            "/etc/kafka/");

    /** Keys of the secrets file the examples reference, with the values the tests use. */
    static final Map<String, String> SECRETS = Map.of(
            "mqtt.password", "mqtt-secret",
            "mqtt.truststore.password", "changeit",
            "mqtt.keystore.password", "changeit",
            "influx.token", "influxdb-token",
            "influx.cloud.token", "influxdb-cloud-token",
            "influx.v1.credentials", "telegraf:v1-secret",
            "influx.v1.password", "v1-native-secret");

    private final Map<String, String> replacements = new LinkedHashMap<>();

    Placeholders with(String placeholder, String real) {
        if (!ALL.contains(placeholder)) {
            throw new IllegalArgumentException("unknown placeholder " + placeholder);
        }
        replacements.put(placeholder, real);
        return this;
    }

    /** Writes the secrets file into {@code dir} and maps {@link #SECRETS_FILE} to it. */
    Placeholders withSecretsIn(Path dir) {
        Path file = dir.resolve("secrets.properties");
        StringBuilder text = new StringBuilder();
        SECRETS.forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
        try {
            Files.writeString(file, text.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return with(SECRETS_FILE, file.toAbsolutePath().toString());
    }

    /** The example's config with every placeholder replaced; fails naming a placeholder this test did not map. */
    Map<String, String> apply(Example example) {
        Map<String, String> config = example.config();
        config.replaceAll((key, value) -> {
            String out = value;
            for (Map.Entry<String, String> r : replacements.entrySet()) {
                out = out.replace(r.getKey(), r.getValue());
            }
            for (String placeholder : ALL) {
                if (out.contains(placeholder)) {
                    throw new IllegalStateException(example.id() + ": '" + key + "' still names " + placeholder
                            + " after substitution; the test has no real counterpart for it");
                }
            }
            return out;
        });
        return config;
    }
}
