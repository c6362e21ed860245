package dev.iotstream.connect.mqtt;

import dev.iotstream.connect.common.MqttHeaders;
import dev.iotstream.connect.testing.ConnectClusters;
import dev.iotstream.connect.testing.EmbeddedHiveMqBroker;
import dev.iotstream.connect.testing.MosquittoBroker;
import dev.iotstream.connect.testing.ServerRuntime;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.connect.runtime.rest.entities.ConfigInfo;
import org.apache.kafka.connect.runtime.rest.entities.ConfigInfos;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** MQTT 5 (HiveMQ CE): metadata headers, shared subscriptions across tasks, and config validation through REST. */
class Mqtt5SourceConnectorIT {
    private static EmbeddedConnectCluster connect;
    private static EmbeddedHiveMqBroker broker;
    private static MosquittoBroker mosquitto;

    @BeforeAll
    static void start() {
        broker = EmbeddedHiveMqBroker.start();
        if (ServerRuntime.MOSQUITTO.available()) {
            mosquitto = MosquittoBroker.builder().limits(1000, 100_000).start();
        }
        connect = ConnectClusters.start("mqtt5-source-it");
    }

    @AfterAll
    static void stop() {
        if (connect != null) {
            connect.stop();
        }
        if (broker != null) {
            broker.close();
        }
        if (mosquitto != null) {
            mosquitto.close();
        }
    }

    private static Map<String, String> v5(String filters, String topic) {
        Map<String, String> p = MqttIt.connectorProps(broker.uri(), filters, topic);
        p.put("mqtt.version", "5");
        return p;
    }

    /** With mqtt.version left at its default (auto), a broker that speaks MQTT 5 gets an MQTT 5 connection. */
    @Test
    void mqtt5MetadataBecomesHeaders() throws Exception {
        String name = "v5meta";
        ConnectClusters.createTopic(connect, "v5meta", 1);
        Map<String, String> defaults = MqttIt.connectorProps(broker.uri(), "meta/#", "v5meta");
        assertThat(defaults).doesNotContainKey("mqtt.version");
        connect.configureConnector(name, defaults);
        MqttIt.awaitConnected(name);

        MqttClient pub = new MqttClient(broker.uri(), "v5pub", new MemoryPersistence());
        pub.connect(new MqttConnectionOptions());
        MqttMessage m = new MqttMessage("{\"t\":1}".getBytes(StandardCharsets.UTF_8));
        m.setQos(1);
        MqttProperties props = new MqttProperties();
        props.setContentType("application/json");
        props.setResponseTopic("reply/here");
        props.setCorrelationData(new byte[] {1, 2, 3});
        props.setUserProperties(List.of(new UserProperty("site", "berlin"), new UserProperty("line", "7")));
        m.setProperties(props);
        pub.publish("meta/dev1", m);
        pub.disconnect();
        pub.close();

        List<ConsumerRecord<byte[], byte[]>> records = toList(connect.kafka().consume(1, 30_000, "v5meta").records("v5meta"));
        ConsumerRecord<byte[], byte[]> r = records.get(0);
        assertThat(MqttIt.header(r, MqttHeaders.TOPIC)).isEqualTo("meta/dev1");
        assertThat(MqttIt.header(r, MqttHeaders.CONTENT_TYPE)).isEqualTo("application/json");
        assertThat(MqttIt.header(r, MqttHeaders.RESPONSE_TOPIC)).isEqualTo("reply/here");
        // Connect's default SimpleHeaderConverter writes a bytes header as base64 text
        assertThat(MqttIt.header(r, MqttHeaders.CORRELATION_DATA))
                .isEqualTo(java.util.Base64.getEncoder().encodeToString(new byte[] {1, 2, 3}));
        assertThat(MqttIt.header(r, "mqtt.user.site")).isEqualTo("berlin");
        assertThat(MqttIt.header(r, "mqtt.user.line")).isEqualTo("7");
        assertThat(MqttIt.header(r, MqttHeaders.QOS)).isEqualTo("1");
        connect.deleteConnector(name);
    }

    /** The same fully-decorated MQTT 5 message as above, through a connector that keeps only the topic header. */
    @Test
    void onlySelectedHeadersAreWritten() throws Exception {
        String name = "v5topiconly";
        ConnectClusters.createTopic(connect, "v5topiconly", 1);
        Map<String, String> p = v5("only/#", "v5topiconly");
        p.put("mqtt.headers", "topic");
        p.put("kafka.key", "topic");
        connect.configureConnector(name, p);
        MqttIt.awaitConnected(name);

        MqttClient pub = new MqttClient(broker.uri(), "v5pub-only", new MemoryPersistence());
        pub.connect(new MqttConnectionOptions());
        MqttMessage m = new MqttMessage("{\"t\":2}".getBytes(StandardCharsets.UTF_8));
        m.setQos(1);
        MqttProperties props = new MqttProperties();
        props.setContentType("application/json");
        props.setResponseTopic("reply/here");
        props.setCorrelationData(new byte[] {1, 2, 3});
        props.setUserProperties(List.of(new UserProperty("site", "berlin")));
        m.setProperties(props);
        pub.publish("only/dev2", m);
        pub.disconnect();
        pub.close();

        ConsumerRecord<byte[], byte[]> r = toList(connect.kafka().consume(1, 30_000, "v5topiconly")
                .records("v5topiconly")).get(0);
        List<String> headerNames = new java.util.ArrayList<>();
        r.headers().forEach(h -> headerNames.add(h.key()));
        assertThat(headerNames).containsExactly(MqttHeaders.TOPIC);
        assertThat(MqttIt.header(r, MqttHeaders.TOPIC)).isEqualTo("only/dev2");
        assertThat(MqttIt.value(r)).isEqualTo("{\"t\":2}");
        assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo("only/dev2");
        connect.deleteConnector(name);
    }

    private static <T> List<T> toList(Iterable<T> it) {
        List<T> out = new java.util.ArrayList<>();
        it.forEach(out::add);
        return out;
    }

    /**
     * Mosquitto, not HiveMQ: HiveMQ CE 2025.5 gave every message of a shared subscription to one of two idle
     * subscribers in our runs (allowed by MQTT 5), which cannot show the load being divided.
     */
    @Test
    void sharedSubscriptionDividesLoadAcrossTasksWithoutLoss() throws Exception {
        ServerRuntime.MOSQUITTO.require();
        String name = "shared";
        ConnectClusters.createTopic(connect, "shared", 3);
        Map<String, String> p = v5("$share/iot/shared/#", "shared");
        p.put("mqtt.server.uris", mosquitto.uri());
        p.put("tasks.max", "2");
        connect.configureConnector(name, p);
        connect.assertions().assertConnectorAndExactlyNumTasksAreRunning(name, 2, "2 tasks expected");
        await().atMost(Duration.ofSeconds(60)).until(() -> Boolean.TRUE.equals(MqttIt.metric(name, 0, "Connected"))
                && Boolean.TRUE.equals(MqttIt.metric(name, 1, "Connected")));

        int n = 2000;
        MqttIt.publish(mosquitto.uri(), 1, n, i -> "shared/dev" + (i % 20), i -> "s-" + i);
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).until(() ->
                MqttIt.readAll(connect, "shared").stream().map(MqttIt::value).collect(Collectors.toSet()).size() >= n);
        List<ConsumerRecord<byte[], byte[]>> all = MqttIt.readAll(connect, "shared");
        Set<String> distinct = new HashSet<>();
        all.forEach(r -> distinct.add(MqttIt.value(r)));
        long task0 = (Long) MqttIt.metric(name, 0, "MessagesReceived");
        long task1 = (Long) MqttIt.metric(name, 1, "MessagesReceived");
        System.out.printf("shared subscription: %d distinct of %d, %d records; task 0 received %d, task 1 received %d%n",
                distinct.size(), n, all.size(), task0, task1);
        assertThat(distinct).hasSize(n);
        assertThat(task0).isPositive();
        assertThat(task1).isPositive();
        assertThat(task0 + task1).isGreaterThanOrEqualTo(n);
        connect.deleteConnector(name);
    }

    private static Map<String, List<String>> restErrors(Map<String, String> overrides) {
        Map<String, String> p = MqttIt.connectorProps("tcp://127.0.0.1:1883", "a/#", "t");
        p.put("name", "validate-only");
        p.putAll(overrides);
        ConfigInfos infos = connect.validateConnectorConfig(MqttSourceConnector.class.getSimpleName(), p);
        Map<String, List<String>> out = new HashMap<>();
        for (ConfigInfo info : infos.values()) {
            if (!info.configValue().errors().isEmpty()) {
                out.put(info.configValue().name(), info.configValue().errors());
            }
        }
        return out;
    }

    @Test
    void badConfigsAreReportedPerFieldThroughRestValidate() {
        assertThat(restErrors(Map.of())).isEmpty();
        assertThat(restErrors(Map.of("mqtt.server.uris", "http://broker:1883"))).containsOnlyKeys("mqtt.server.uris")
                .extractingByKey("mqtt.server.uris").asString().contains("tcp://");
        assertThat(restErrors(Map.of("mqtt.qos", "3"))).containsOnlyKeys("mqtt.qos");
        assertThat(restErrors(Map.of("mqtt.topics", "a/#/b"))).containsOnlyKeys("mqtt.topics")
                .extractingByKey("mqtt.topics").asString().contains("'#' must be alone");
        assertThat(restErrors(Map.of("mqtt.topics", "a+"))).containsOnlyKeys("mqtt.topics")
                .extractingByKey("mqtt.topics").asString().contains("'+' must occupy a whole level");
        assertThat(restErrors(Map.of("mqtt.topics", "$share/g/a/#"))).containsOnlyKeys("mqtt.topics")
                .extractingByKey("mqtt.topics").asString().contains("mqtt.version=5");
        assertThat(restErrors(Map.of("mqtt.topics", "$share/g/a/#", "mqtt.version", "5"))).isEmpty();
        assertThat(restErrors(Map.of("mqtt.server.uris", "ssl://broker:8883", "mqtt.ssl.truststore.location", "/t.p12",
                "mqtt.ssl.ca.file", "/ca.pem"))).containsOnlyKeys("mqtt.ssl.truststore.location", "mqtt.ssl.ca.file");
        assertThat(restErrors(Map.of("mqtt.ssl.ca.file", "/ca.pem"))).containsOnlyKeys("mqtt.server.uris")
                .extractingByKey("mqtt.server.uris").asString().contains("ssl://");
        assertThat(restErrors(Map.of("mqtt.server.uris", "ssl://broker:8883", "mqtt.ssl.keystore.location", "/k.p12",
                "mqtt.ssl.certificate.file", "/c.pem", "mqtt.ssl.key.file", "/k.pem")))
                .containsKeys("mqtt.ssl.keystore.location");
        assertThat(restErrors(Map.of("mqtt.version", "4"))).containsOnlyKeys("mqtt.version");
        assertThat(restErrors(Map.of("payload.format", "senml", "payload.on.error", "ignore")))
                .containsOnlyKeys("payload.on.error");
        assertThat(restErrors(Map.of("mqtt.headers", "topic,mqtt5"))).containsOnlyKeys("mqtt.headers")
                .extractingByKey("mqtt.headers").asString().contains("'mqtt5' is not a header name")
                .contains("allowed: topic, qos, retained, duplicate, message.id, content.type, response.topic,"
                        + " correlation.data, user");
        assertThat(restErrors(Map.of("mqtt.headers", ""))).isEmpty();
    }
}
