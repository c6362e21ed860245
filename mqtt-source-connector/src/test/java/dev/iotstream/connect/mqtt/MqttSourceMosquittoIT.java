package dev.iotstream.connect.mqtt;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.iotstream.connect.common.MqttHeaders;
import dev.iotstream.connect.mqtt.client.ConnectionSupervisor;
import dev.iotstream.connect.mqtt.client.TlsContexts;
import dev.iotstream.connect.mqtt.client.TlsSettings;
import dev.iotstream.connect.mqtt.mapping.DeadLetterHeaders;
import dev.iotstream.connect.testing.ConnectClusters;
import dev.iotstream.connect.testing.MosquittoBroker;
import dev.iotstream.connect.testing.ServerRuntime;
import dev.iotstream.connect.testing.TestCertificates;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Against Mosquitto: mutual TLS, hostname verification, credentials, payload decoding with dead letters, topic
 * mapping and keys.
 */
class MqttSourceMosquittoIT {
    private static final String USER = "iot";
    private static final String SECRET = "s3cret";
    private static EmbeddedConnectCluster connect;
    private static TestCertificates certs;
    private static MosquittoBroker tls;
    private static MosquittoBroker plain;
    /** TLS with a certificate from the trusted test CA that names only other.example, reached at 127.0.0.1. */
    private static MosquittoBroker otherHost;

    @BeforeAll
    static void start() {
        if (!ServerRuntime.allAvailable(ServerRuntime.MOSQUITTO)) {
            return; // requireServers() then fails (CI) or skips each test with the reason
        }
        certs = TestCertificates.generate();
        tls = MosquittoBroker.builder().tls(certs.caPem(), certs.serverCertPem(), certs.serverKeyPem(), true).start();
        plain = MosquittoBroker.builder().user(USER, SECRET).start();
        TestCertificates.ServerPem otherHostCert = certs.serverCertificateFor("other.example");
        otherHost = MosquittoBroker.builder().tls(certs.caPem(), otherHostCert.certificate(), otherHostCert.key(), false)
                .start();
        connect = ConnectClusters.start("mqtt-mosquitto-it");
    }

    @BeforeEach
    void requireServers() {
        ServerRuntime.requireAll(ServerRuntime.MOSQUITTO);
    }

    @AfterAll
    static void stop() {
        if (connect != null) {
            connect.stop();
        }
        for (AutoCloseable c : new AutoCloseable[] {tls, plain, otherHost, certs}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception ignored) {
                // best effort
            }
        }
    }

    private static Consumer<MqttConnectOptions> tlsPublisher() {
        return o -> o.setSocketFactory(TlsContexts.socketFactory(new TlsSettings("", null, "PKCS12", "", null,
                "PKCS12", null, certs.caPem().toString(), certs.clientCertPem().toString(),
                certs.clientKeyPem().toString(), true, "TLS")));
    }

    private static Consumer<MqttConnectOptions> login() {
        return o -> {
            o.setUserName(USER);
            o.setPassword(SECRET.toCharArray());
        };
    }

    private static Map<String, String> props(String uri, String filters, String topic) {
        ConnectClusters.createTopic(connect, topic, 1);
        return MqttIt.connectorProps(uri, filters, topic);
    }

    private static void runTlsPipeline(String name, Map<String, String> p) throws Exception {
        runPipeline(name, p, tls.uri(), tlsPublisher());
    }

    /** Starts the connector, publishes 100 QoS 1 messages to {@code publishTo}, expects all 100 in Kafka. */
    private static void runPipeline(String name, Map<String, String> p, String publishTo,
                                    Consumer<MqttConnectOptions> publisher) throws Exception {
        connect.configureConnector(name, p);
        MqttIt.awaitConnected(name);
        MqttIt.publish(publishTo, 1, 100, i -> name + "/x", i -> name + "-" + i, publisher);
        await().atMost(Duration.ofSeconds(60)).until(() -> MqttIt.readAll(connect, name).size() >= 100);
        assertThat(MqttIt.readAll(connect, name).stream().map(MqttIt::value).collect(Collectors.toSet())).hasSize(100);
        connect.deleteConnector(name);
    }

    @Test
    void mutualTlsWithPemFilesAndHostnameVerification() throws Exception {
        Map<String, String> p = props(tls.uri(), "pem/#", "pem");
        p.put("mqtt.ssl.ca.file", certs.caPem().toString());
        p.put("mqtt.ssl.certificate.file", certs.clientCertPem().toString());
        p.put("mqtt.ssl.key.file", certs.clientKeyPem().toString());
        runTlsPipeline("pem", p);
    }

    @Test
    void mutualTlsWithPkcs12TruststoreAndJksKeystore() throws Exception {
        Map<String, String> p = props(tls.uri(), "stores/#", "stores");
        p.put("mqtt.ssl.truststore.location", certs.truststore("PKCS12").toString());
        p.put("mqtt.ssl.truststore.password", TestCertificates.PASSWORD);
        p.put("mqtt.ssl.keystore.location", certs.clientKeystore("JKS").toString());
        p.put("mqtt.ssl.keystore.type", "JKS");
        p.put("mqtt.ssl.keystore.password", TestCertificates.PASSWORD);
        runTlsPipeline("stores", p);
    }

    /**
     * A failover list may mix tcp:// and ssl:// brokers. Paho refuses an SSL socket factory for a tcp:// URI (and a
     * plain one for ssl://), so the factory is chosen per URI: with TLS material configured, the tcp:// broker
     * first in the list is still reached (before, every attempt on it failed and the task went to the TLS broker).
     */
    @ParameterizedTest
    @ValueSource(strings = {"3.1.1", "5"})
    void failoverListMixingTcpAndTlsReachesTheTcpBrokerWithTlsConfigured(String version) throws Exception {
        String name = "mixed" + version.replace(".", "");
        Map<String, String> p = props(plain.uri() + "," + tls.uri(), name + "/#", name);
        p.put("mqtt.version", version);
        p.put("mqtt.username", USER);
        p.put("mqtt.password", SECRET);
        p.put("mqtt.ssl.ca.file", certs.caPem().toString());
        runPipeline(name, p, plain.uri(), login());
    }

    @Test
    void untrustedBrokerCertificateEndsInClearFailure() throws Exception {
        String name = "untrusted";
        Map<String, String> p = props(tls.uri(), "u/#", name);
        p.put("mqtt.ssl.ca.file", certs.otherCaPem().toString());
        p.put("mqtt.ssl.certificate.file", certs.clientCertPem().toString());
        p.put("mqtt.ssl.key.file", certs.clientKeyPem().toString());
        p.put("mqtt.connect.timeout.ms", "3000");
        connect.configureConnector(name, p);
        connect.assertions().assertConnectorIsRunningAndTasksHaveFailed(name, 1, "task should fail");
        String trace = connect.connectorStatus(name).tasks().get(0).trace();
        assertThat(trace).contains("mqtt.connect.timeout.ms").containsIgnoringCase("certif");
        connect.deleteConnector(name);
    }

    /**
     * A certificate that the task trusts (signed by its CA) but that names another host is what a man in the middle
     * holding any certificate of that CA would present: with default settings the task never connects, tells why
     * in its log at every attempt (so an operator sees it long before mqtt.connect.timeout.ms) and then fails with
     * the same reason in its status trace.
     */
    @ParameterizedTest
    @ValueSource(strings = {"3.1.1", "5"})
    void brokerCertificateForAnotherHostIsRejectedByDefaultNamingHostnameVerification(String version)
            throws Exception {
        String name = "otherhost" + version.replace(".", "");
        Map<String, String> p = props(otherHost.uri(), name + "/#", name);
        p.put("mqtt.version", version);
        p.put("mqtt.ssl.ca.file", certs.caPem().toString());
        p.put("mqtt.connect.timeout.ms", "3000");
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        supervisorLogger().addAppender(logs);
        try {
            connect.configureConnector(name, p);
            await().atMost(Duration.ofSeconds(30)).until(() -> warnings(logs, name).stream()
                    .anyMatch(w -> w.contains("hostname verification failed")));
            // right after a failed attempt, while the task retries: not connected, nothing taken from the broker
            assertThat(MqttIt.metric(name, 0, "Connected")).isEqualTo(false);
            assertThat(MqttIt.metric(name, 0, "MessagesReceived")).isEqualTo(0L);
            assertThat(warnings(logs, name)).anySatisfy(w -> assertThat(w).contains(otherHost.uri())
                    .contains("mqtt.ssl.hostname.verification=false").contains("retrying in"));

            connect.assertions().assertConnectorIsRunningAndTasksHaveFailed(name, 1, "task should fail");
            String trace = connect.connectorStatus(name).tasks().get(0).trace();
            assertThat(trace).contains("mqtt.connect.timeout.ms").contains(otherHost.uri())
                    .contains("hostname verification failed").contains("mqtt.ssl.hostname.verification=false");
            connect.deleteConnector(name);
        } finally {
            supervisorLogger().detachAppender(logs);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"3.1.1", "5"})
    void brokerCertificateForAnotherHostIsAcceptedWithHostnameVerificationOff(String version) throws Exception {
        String name = "otherhostok" + version.replace(".", "");
        Map<String, String> p = props(otherHost.uri(), name + "/#", name);
        p.put("mqtt.version", version);
        p.put("mqtt.ssl.ca.file", certs.caPem().toString());
        p.put("mqtt.ssl.hostname.verification", "false");
        runPipeline(name, p, otherHost.uri(), o -> {
            o.setSocketFactory(TlsContexts.socketFactory(new TlsSettings("", null, "PKCS12", "", null, "PKCS12",
                    null, certs.caPem().toString(), "", "", false, "TLS")));
            o.setHttpsHostnameVerificationEnabled(false);
        });
    }

    private static ch.qos.logback.classic.Logger supervisorLogger() {
        return (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(ConnectionSupervisor.class);
    }

    /** The supervisor's WARN lines about the given connector's task, formatted as the worker log shows them. */
    private static List<String> warnings(ListAppender<ILoggingEvent> logs, String connector) {
        List<ILoggingEvent> events;
        synchronized (logs) { // AppenderBase appends under the appender's lock
            events = new ArrayList<>(logs.list);
        }
        return events.stream().filter(e -> e.getLevel() == Level.WARN)
                .map(ILoggingEvent::getFormattedMessage)
                .filter(m -> m.startsWith("MQTT source " + connector + " task ")).toList();
    }

    @Test
    void wrongPasswordFailsTheTaskAtOnceWithAClearMessage() throws Exception {
        String name = "badpass";
        Map<String, String> p = props(plain.uri(), "b/#", name);
        p.put("mqtt.username", USER);
        p.put("mqtt.password", "wrong");
        connect.configureConnector(name, p);
        connect.assertions().assertConnectorIsRunningAndTasksHaveFailed(name, 1, "task should fail");
        String trace = connect.connectorStatus(name).tasks().get(0).trace();
        assertThat(trace).contains("user 'iot'").contains("Retrying cannot help")
                .contains("mqtt.username / mqtt.password").doesNotContain("wrong");
        connect.deleteConnector(name);

        String ok = "goodpass";
        Map<String, String> good = props(plain.uri(), "g/#", ok);
        good.put("mqtt.username", USER);
        good.put("mqtt.password", SECRET);
        connect.configureConnector(ok, good);
        MqttIt.awaitConnected(ok);
        MqttIt.publish(plain.uri(), 1, 10, i -> "g/x", i -> "g-" + i, login());
        await().atMost(Duration.ofSeconds(30)).until(() -> MqttIt.readAll(connect, ok).size() >= 10);
        connect.deleteConnector(ok);
    }

    @Test
    void undecodablePayloadsGoToTheDeadLetterTopicAndAreAcknowledged() throws Exception {
        String name = "json";
        Map<String, String> p = props(plain.uri(), "json/#", "json");
        ConnectClusters.createTopic(connect, "json-dead", 1);
        p.put("mqtt.username", USER);
        p.put("mqtt.password", SECRET);
        p.put("payload.format", "json");
        p.put("payload.dead.letter.topic", "json-dead");
        p.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        p.put("value.converter.schemas.enable", "false");
        connect.configureConnector(name, p);
        MqttIt.awaitConnected(name);
        MqttIt.publishRaw(plain.uri(), "json/a", "{\"t\":21.5}".getBytes(StandardCharsets.UTF_8), false, login());
        MqttIt.publishRaw(plain.uri(), "json/b", "{\"t\":".getBytes(StandardCharsets.UTF_8), false, login());
        MqttIt.publishRaw(plain.uri(), "json/c", new byte[] {(byte) 0xC3, (byte) 0x28}, false, login());
        MqttIt.publishRaw(plain.uri(), "json/d", "[1,2]".getBytes(StandardCharsets.UTF_8), false, login());

        await().atMost(Duration.ofSeconds(30)).until(() -> MqttIt.readAll(connect, "json").size() >= 2
                && MqttIt.readAll(connect, "json-dead").size() >= 2);
        assertThat(MqttIt.readAll(connect, "json")).extracting(MqttIt::value).containsExactly("{\"t\":21.5}", "[1,2]");
        List<ConsumerRecord<byte[], byte[]>> dead = MqttIt.readAll(connect, "json-dead");
        assertThat(dead).hasSize(2);
        assertThat(MqttIt.header(dead.get(0), MqttHeaders.TOPIC)).isEqualTo("json/b");
        assertThat(MqttIt.header(dead.get(0), DeadLetterHeaders.REASON)).contains("not JSON");
        assertThat(MqttIt.header(dead.get(0), DeadLetterHeaders.INTENDED_TOPIC)).isEqualTo("json");
        // the dead letter is a BYTES-schema record, serialised by the connector's value converter: JsonConverter
        // writes bytes as a base64 JSON string (ByteArrayConverter would write them as they are)
        assertThat(MqttIt.value(dead.get(1))).isEqualTo("\"" + java.util.Base64.getEncoder().encodeToString(
                new byte[] {(byte) 0xC3, (byte) 0x28}) + "\"");
        assertThat(MqttIt.header(dead.get(1), DeadLetterHeaders.REASON)).contains("UTF-8");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(MqttIt.metric(name, 0, "DecodeFailures")).isEqualTo(2L);
            assertThat(MqttIt.metric(name, 0, "MessagesAcknowledged")).isEqualTo(4L);
            assertThat(MqttIt.metric(name, 0, "MessagesInFlight")).isEqualTo(0);
        });
        connect.deleteConnector(name);
    }

    /**
     * A 1.5 MB payload is more than Kafka's default max.request.size: written as it is, its send fails, the task
     * dies and the broker redelivers it to every restart. Over payload.max.bytes (default 1,000,000) it becomes a
     * dead letter without its bytes, is acknowledged, and the messages after it flow on.
     */
    @Test
    void payloadOverTheLimitBecomesADeadLetterWithoutItsBytesAndIsAcknowledged() throws Exception {
        String name = "big";
        Map<String, String> p = props(plain.uri(), "big/#", name);
        ConnectClusters.createTopic(connect, "big.dlq", 1);
        p.put("mqtt.username", USER);
        p.put("mqtt.password", SECRET);
        connect.configureConnector(name, p);
        MqttIt.awaitConnected(name);
        MqttIt.publishRaw(plain.uri(), "big/a", "small-1".getBytes(StandardCharsets.UTF_8), false, login());
        MqttIt.publishRaw(plain.uri(), "big/b", new byte[1_500_000], false, login());
        MqttIt.publishRaw(plain.uri(), "big/c", "small-2".getBytes(StandardCharsets.UTF_8), false, login());

        await().atMost(Duration.ofSeconds(30)).until(() -> MqttIt.readAll(connect, name).size() >= 2
                && !MqttIt.readAll(connect, "big.dlq").isEmpty());
        assertThat(MqttIt.readAll(connect, name)).extracting(MqttIt::value).containsExactly("small-1", "small-2");
        List<ConsumerRecord<byte[], byte[]>> dead = MqttIt.readAll(connect, "big.dlq");
        assertThat(dead).hasSize(1);
        assertThat(dead.get(0).value()).isNull();
        assertThat(MqttIt.header(dead.get(0), MqttHeaders.TOPIC)).isEqualTo("big/b");
        assertThat(MqttIt.header(dead.get(0), DeadLetterHeaders.REASON)).contains("1500000 bytes")
                .contains("payload.max.bytes (1000000)");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(MqttIt.metric(name, 0, "DecodeFailures")).isEqualTo(1L);
            assertThat(MqttIt.metric(name, 0, "MessagesAcknowledged")).isEqualTo(3L);
            assertThat(MqttIt.metric(name, 0, "MessagesInFlight")).isEqualTo(0);
        });
        connect.assertions().assertConnectorAndExactlyNumTasksAreRunning(name, 1, "task keeps running");
        connect.deleteConnector(name);
    }

    @Test
    void undecodablePayloadFailsTheTaskWhenConfigured() throws Exception {
        String name = "strict";
        Map<String, String> p = props(plain.uri(), "strict/#", name);
        p.put("mqtt.username", USER);
        p.put("mqtt.password", SECRET);
        p.put("payload.format", "senml");
        p.put("payload.on.error", "fail");
        connect.configureConnector(name, p);
        MqttIt.awaitConnected(name);
        MqttIt.publishRaw(plain.uri(), "strict/dev9", "{\"not\":\"a pack\"}".getBytes(StandardCharsets.UTF_8), false,
                login());
        connect.assertions().assertConnectorIsRunningAndTasksHaveFailed(name, 1, "task should fail");
        assertThat(connect.connectorStatus(name).tasks().get(0).trace()).contains("'strict/dev9'").contains("senml")
                .contains("JSON array");
        connect.deleteConnector(name);
    }

    @Test
    void senmlPackBecomesOneRecordPerEntryRoutedByTemplateWithSegmentKey() throws Exception {
        String name = "senml";
        Map<String, String> p = props(plain.uri(), "sensors/#", "senml-default");
        ConnectClusters.createTopic(connect, "iot.plant_1", 1);
        p.put("mqtt.username", USER);
        p.put("mqtt.password", SECRET);
        p.put("payload.format", "senml");
        p.put("kafka.topic.mappings", "sensors/{site}/{device}/#->iot.{site}");
        p.put("kafka.key", "segment:device");
        p.put("mqtt.skip.retained", "true");
        p.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        p.put("value.converter.schemas.enable", "false");
        // retained before the connector subscribes: delivered with the retained flag, and skipped
        MqttIt.publishRaw(plain.uri(), "sensors/plant 1/d0/old", "[{\"n\":\"old\",\"v\":1}]".getBytes(
                StandardCharsets.UTF_8), true, login());
        connect.configureConnector(name, p);
        MqttIt.awaitConnected(name);
        MqttIt.publishRaw(plain.uri(), "sensors/plant 1/d7/env", """
                [{"bn":"d7:","bt":1700000000,"bu":"Cel","n":"temp","v":21.5},{"n":"hum","u":"%RH","v":40},
                 {"n":"door","vb":true}]""".getBytes(StandardCharsets.UTF_8), false, login());
        await().atMost(Duration.ofSeconds(30)).until(() -> MqttIt.readAll(connect, "iot.plant_1").size() >= 3);
        List<ConsumerRecord<byte[], byte[]>> records = MqttIt.readAll(connect, "iot.plant_1");
        assertThat(records).hasSize(3);
        assertThat(records).extracting(r -> new String(r.key(), StandardCharsets.UTF_8)).containsOnly("d7");
        assertThat(MqttIt.value(records.get(0))).isEqualTo("{\"n\":\"d7:temp\",\"t\":1.7E9,\"u\":\"Cel\",\"v\":21.5}");
        assertThat(MqttIt.value(records.get(2))).contains("\"vb\":true");
        assertThat(MqttIt.metric(name, 0, "MessagesSkipped")).isEqualTo(1L);
        connect.deleteConnector(name);
    }
}
