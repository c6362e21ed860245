package dev.iotstream.connect.mqtt.sink;

import dev.iotstream.connect.common.MqttHeaders;
import dev.iotstream.connect.testing.ConnectClusters;
import dev.iotstream.connect.testing.EmbeddedHiveMqBroker;
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

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sink against embedded HiveMQ (MQTT 5): the request/response loop through Kafka (device request with a
 * response topic -> MQTT source -> Kafka -> a plain consumer/producer application -> MQTT sink in reply mode ->
 * the device receives the reply with its correlation data), and MQTT 5 properties reaching a subscriber.
 */
class MqttSinkHiveMqIT {
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static EmbeddedHiveMqBroker broker;
    private static EmbeddedConnectCluster connect;

    @BeforeAll
    static void start() {
        broker = EmbeddedHiveMqBroker.start();
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
}
