package dev.iotstream.connect.mqtt.sink;

import com.hivemq.extension.sdk.api.packets.publish.AckReasonCode;
import dev.iotstream.connect.common.MqttHeaders;
import dev.iotstream.connect.mqtt.sink.SinkIt.Received;
import dev.iotstream.connect.mqtt.sink.SinkIt.Subscriber;
import dev.iotstream.connect.testing.ConnectClusters;
import dev.iotstream.connect.testing.EmbeddedHiveMqBroker;
import dev.iotstream.connect.testing.HiveMqPublishRefusals;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sink against embedded HiveMQ (MQTT 5): the request/response loop through Kafka (device request with a
 * response topic -> MQTT source -> Kafka -> a plain consumer/producer application -> MQTT sink in reply mode ->
 * the device receives the reply with its correlation data), MQTT 5 properties reaching a subscriber, the broker's
 * PUBACK / PUBREC reason codes (an embedded extension refuses chosen topics, and a Maximum Packet Size limits
 * sizes) and publishing over WebSocket with both Paho clients. One broker and one Connect cluster for the class.
 */
class MqttSinkHiveMqIT {
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final int MAX_PACKET_SIZE = 4096;
    private static final HiveMqPublishRefusals REFUSALS = new HiveMqPublishRefusals()
            .refuse("refused/topic-name-invalid/", AckReasonCode.TOPIC_NAME_INVALID)
            .refuse("refused/quota-exceeded/", AckReasonCode.QUOTA_EXCEEDED)
            .refuse("refused/payload-format-invalid/", AckReasonCode.PAYLOAD_FORMAT_INVALID)
            .refuseFirst("refused/unspecified-twice/", AckReasonCode.UNSPECIFIED_ERROR, 2)
            .refuse("refused/not-authorized/", AckReasonCode.NOT_AUTHORIZED);
    private static EmbeddedHiveMqBroker broker;
    private static EmbeddedConnectCluster connect;

    @BeforeAll
    static void start() {
        broker = EmbeddedHiveMqBroker.builder().extension(REFUSALS.extension()).maxPacketSize(MAX_PACKET_SIZE)
                .start();
        connect = ConnectClusters.start("mqtt-sink-hivemq-it");
    }

    @AfterAll
    static void stop() {
        if (connect != null) {
            connect.stop();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void aDeviceRequestIsAnsweredByAKafkaApplicationThroughSourceAndSink() throws Exception {
        ConnectClusters.createTopic(connect, "requests", 1);
        ConnectClusters.createTopic(connect, "replies", 1);
        Map<String, String> source = new HashMap<>();
        source.put("connector.class", "dev.iotstream.connect.mqtt.MqttSourceConnector");
        source.put("tasks.max", "1");
        source.put("mqtt.server.uris", broker.uri());
        source.put("mqtt.version", "5");
        source.put("mqtt.topics", "requests/#");
        source.put("kafka.topic", "requests");
        source.put("value.converter", "org.apache.kafka.connect.converters.ByteArrayConverter");
        connect.configureConnector("requests-source", source);
        Map<String, String> sink = SinkIt.props(broker.uri(), "replies", "");
        sink.put("mqtt.version", "5");
        sink.put("mqtt.reply", "true");
        sink.put("value.converter", "org.apache.kafka.connect.converters.ByteArrayConverter");
        sink.put("payload.format", "value");
        connect.configureConnector("replies-sink", sink);
        connect.assertions().assertConnectorAndExactlyNumTasksAreRunning("requests-source", 1, "source runs");
        connect.assertions().assertConnectorAndExactlyNumTasksAreRunning("replies-sink", 1, "sink runs");

        // The Kafka application: answers every request, copying the two reply headers as they are.
        Thread app = new Thread(() -> answerRequests(3));
        app.setDaemon(true);
        app.start();

        MqttClient device = new MqttClient(broker.uri(), "device-1", new MemoryPersistence());
        device.connect(new MqttConnectionOptions());
        List<MqttMessage> replies = new CopyOnWriteArrayList<>();
        device.subscribe(new MqttSubscription[] {new MqttSubscription("replies/device-1", 1)},
                new org.eclipse.paho.mqttv5.client.IMqttMessageListener[] {(t, m) -> replies.add(m)});
        // The source subscribes asynchronously: repeat the first request until its answer comes.
        await().atMost(WAIT).pollInterval(Duration.ofSeconds(2)).until(() -> {
            if (replies.isEmpty()) {
                request(device, "status?", new byte[] {7, 7, 7});
            }
            return !replies.isEmpty();
        });
        request(device, "temp?", new byte[] {1, 2, 3});
        await().atMost(WAIT).until(() -> replies.stream()
                .anyMatch(m -> m.getProperties().getCorrelationData()[0] == 1));
        MqttMessage status = replies.get(0);
        assertThat(new String(status.getPayload(), StandardCharsets.UTF_8)).isEqualTo("answer to status?");
        assertThat(status.getProperties().getCorrelationData()).containsExactly(7, 7, 7);
        MqttMessage temp = replies.stream().filter(m -> m.getProperties().getCorrelationData()[0] == 1).findFirst()
                .orElseThrow();
        assertThat(new String(temp.getPayload(), StandardCharsets.UTF_8)).isEqualTo("answer to temp?");
        assertThat(temp.getProperties().getCorrelationData()).containsExactly(1, 2, 3);
        device.disconnect();
        device.close();
        connect.deleteConnector("requests-source");
        connect.deleteConnector("replies-sink");
    }

    private static void request(MqttClient device, String body, byte[] correlation) throws Exception {
        MqttMessage m = new MqttMessage(body.getBytes(StandardCharsets.UTF_8), 1, false, new MqttProperties());
        m.getProperties().setResponseTopic("replies/device-1");
        m.getProperties().setCorrelationData(correlation);
        device.publish("requests/device-1", m);
    }

    /** A plain Kafka application: reads requests, writes one reply each with the request's reply headers. */
    private static void answerRequests(int max) {
        Map<String, Object> c = Map.of(ConsumerConfig.GROUP_ID_CONFIG, "answering-app",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<byte[], byte[]> consumer = connect.kafka().createConsumerAndSubscribeTo(c, "requests");
             KafkaProducer<byte[], byte[]> producer = connect.kafka().createProducer(Map.of())) {
            int answered = 0;
            long deadline = System.currentTimeMillis() + WAIT.toMillis();
            while (answered < max && System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    String body = new String(r.value(), StandardCharsets.UTF_8);
                    ProducerRecord<byte[], byte[]> reply = new ProducerRecord<>("replies",
                            ("answer to " + body).getBytes(StandardCharsets.UTF_8));
                    for (String name : List.of(MqttHeaders.RESPONSE_TOPIC, MqttHeaders.CORRELATION_DATA)) {
                        Header h = r.headers().lastHeader(name);
                        if (h != null) {
                            reply.headers().add(name, h.value());
                        }
                    }
                    producer.send(reply);
                    answered++;
                }
                producer.flush();
            }
        }
    }

    @Test
    void mqtt5PropertiesReachTheSubscriber() throws Exception {
        ConnectClusters.createTopic(connect, "props-in", 1);
        MqttClient sub = new MqttClient(broker.uri(), "props-sub", new MemoryPersistence());
        sub.connect(new MqttConnectionOptions());
        List<MqttMessage> got = new CopyOnWriteArrayList<>();
        sub.subscribe(new MqttSubscription[] {new MqttSubscription("props/#", 2)},
                new org.eclipse.paho.mqttv5.client.IMqttMessageListener[] {(t, m) -> got.add(m)});
        Map<String, String> p = SinkIt.props(broker.uri(), "props-in", "props/${field:device}");
        p.put("mqtt.version", "5");
        p.put("mqtt.qos", "2");
        p.put("payload.format", "json");
        p.put("mqtt.content.type", "application/json");
        p.put("mqtt.message.expiry.seconds", "3600");
        p.put("mqtt.payload.format.indicator", "true");
        p.put("mqtt.user.properties.headers", "trace");
        connect.configureConnector("props", p);
        try (KafkaProducer<byte[], byte[]> producer = connect.kafka().createProducer(Map.of())) {
            ProducerRecord<byte[], byte[]> r = new ProducerRecord<>("props-in",
                    "{\"device\":\"d1\",\"temp\":21.5}".getBytes(StandardCharsets.UTF_8));
            r.headers().add("trace", "t-42".getBytes(StandardCharsets.UTF_8));
            producer.send(r).get();
        }
        await().atMost(WAIT).until(() -> got.size() == 1);
        MqttMessage m = got.get(0);
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        assertThat(json.readTree(m.getPayload())).isEqualTo(json.readTree("{\"device\":\"d1\",\"temp\":21.5}"));
        assertThat(m.getQos()).isEqualTo(2);
        assertThat(m.getProperties().getContentType()).isEqualTo("application/json");
        assertThat(m.getProperties().getPayloadFormat()).isTrue();
        assertThat(m.getProperties().getMessageExpiryInterval()).isBetween(3500L, 3600L);
        assertThat(m.getProperties().getUserProperties()).extracting(UserProperty::getKey, UserProperty::getValue)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("trace", "t-42"));
        await().atMost(WAIT).until(() -> SinkIt.committed(connect, "props") == 1);
        sub.disconnect();
        sub.close();
        connect.deleteConnector("props");
    }

    /**
     * The broker answers with real reason codes: the per-message ones (0x90 at QoS 1 and at QoS 2 in a PUBREC, 0x97,
     * 0x99) and a message over the Maximum Packet Size the broker announced (0x95) each go to the dead letter queue
     * with the reason code's name; 0x80 (Unspecified error) is retried until the broker accepts; everything else is
     * delivered, and every offset is committed.
     */
    @Test
    void perMessageReasonCodesGoToTheDeadLetterQueueAndTheRestAreRetried() throws Exception {
        String topic = "codes-in";
        String dlq = "codes-dlq";
        ConnectClusters.createTopic(connect, topic, 1);
        try (Subscriber sub = new Subscriber(broker.uri(), "#", 1)) {
            Map<String, String> p = SinkIt.withDeadLetters(SinkIt.props(broker.uri(), topic, "${field:to}"), dlq);
            p.put("mqtt.version", "5");
            p.put("mqtt.qos.from", "field:qos");
            connect.configureConnector("codes", p);
            List<String> values = List.of(
                    "{\"to\":\"codes/ok/1\"}",
                    "{\"to\":\"refused/topic-name-invalid/a\"}",
                    "{\"to\":\"refused/quota-exceeded/a\"}",
                    "{\"to\":\"codes/ok/2\"}",
                    "{\"to\":\"refused/payload-format-invalid/a\"}",
                    "{\"to\":\"refused/topic-name-invalid/qos2\",\"qos\":2}",
                    "{\"to\":\"codes/big\",\"blob\":\"" + "x".repeat(2 * MAX_PACKET_SIZE) + "\"}",
                    "{\"to\":\"refused/unspecified-twice/a\"}",
                    "{\"to\":\"codes/ok/3\"}");
            for (String value : values) {
                connect.kafka().produce(topic, null, value);
            }
            var dead = connect.kafka().consume(5, WAIT.toMillis(), dlq);
            List<String> reasons = new ArrayList<>();
            for (ConsumerRecord<byte[], byte[]> r : dead) {
                reasons.add(new String(r.headers().lastHeader("__connect.errors.exception.message").value(),
                        StandardCharsets.UTF_8));
            }
            // the refusal Paho makes itself (0x95) can overtake the PUBACKs of the messages before it
            assertThat(reasons).hasSize(5).satisfiesExactlyInAnyOrder(
                    r -> assertThat(r).contains("'refused/topic-name-invalid/a'").contains("Topic Name invalid (0x90)"),
                    r -> assertThat(r).contains("'refused/quota-exceeded/a'").contains("Quota exceeded (0x97)"),
                    r -> assertThat(r).contains("'refused/payload-format-invalid/a'")
                            .contains("Payload format invalid (0x99)"),
                    r -> assertThat(r).contains("'refused/topic-name-invalid/qos2'")
                            .contains("Topic Name invalid (0x90)"),
                    r -> assertThat(r).contains("codes/big").contains("Packet too large (0x95)"));
            await().atMost(WAIT).until(() -> SinkIt.committed(connect, "codes") == values.size());
            // at least once: a message whose PUBACK went with a closed connection arrives twice
            assertThat(sub.list().stream().map(Received::topic).distinct()).containsExactlyInAnyOrder(
                    "codes/ok/1", "codes/ok/2", "refused/unspecified-twice/a", "codes/ok/3");
            assertThat(REFUSALS.seen("refused/unspecified-twice/")).isGreaterThanOrEqualTo(3);
            assertThat(SinkIt.metric("codes", "Retried")).isGreaterThanOrEqualTo(2);
            assertThat(SinkIt.metric("codes", "DeadLettered")).isEqualTo(5);
            connect.assertions().assertConnectorAndExactlyNumTasksAreRunning("codes", 1, "task keeps running");
            connect.deleteConnector("codes");
        }
    }

    @Test
    void notAuthorizedFailsTheTaskNamingTheCredentialToCheck() throws Exception {
        SinkIt.assertNotAuthorizedFailsTheTask(connect, broker.uri(), "unauthorized", "refused/not-authorized/x");
    }

    @ParameterizedTest(name = "MQTT {0}")
    @ValueSource(strings = {"3.1.1", "5"})
    void publishesOverWebSocket(String version) throws Exception {
        String topic = "ws-in-" + version;
        String name = "ws-" + version.replace('.', '-');
        ConnectClusters.createTopic(connect, topic, 1);
        try (Subscriber sub = new Subscriber(broker.uri(), "ws/" + version + "/#", 1)) {
            Map<String, String> p = SinkIt.props(broker.webSocketUri(), topic, "ws/" + version + "/${field:n}");
            p.put("mqtt.version", version);
            connect.configureConnector(name, p);
            SinkIt.produce(connect, topic, 20, i -> null, i -> "{\"n\":" + i + "}");
            await().atMost(WAIT).until(() -> sub.received.size() >= 20);
            assertThat(sub.list()).extracting(Received::topic)
                    .containsExactlyElementsOf(java.util.stream.IntStream.range(0, 20)
                            .mapToObj(i -> "ws/" + version + "/" + i).toList());
            await().atMost(WAIT).until(() -> SinkIt.committed(connect, name) == 20);
            connect.deleteConnector(name);
        }
    }
}
