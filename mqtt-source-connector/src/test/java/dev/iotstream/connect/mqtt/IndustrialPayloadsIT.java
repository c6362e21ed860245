package dev.iotstream.connect.mqtt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.iotstream.connect.mqtt.mapping.DeadLetterHeaders;
import dev.iotstream.connect.mqtt.sparkplug.EdgeNodeSim;
import dev.iotstream.connect.mqtt.sparkplug.proto.SparkplugB.DataType;
import dev.iotstream.connect.mqtt.sparkplug.proto.SparkplugB.Payload;
import dev.iotstream.connect.testing.Cleanup;
import dev.iotstream.connect.testing.ConnectClusters;
import dev.iotstream.connect.testing.EmbeddedHiveMqBroker;
import dev.iotstream.connect.testing.MosquittoBroker;
import dev.iotstream.connect.testing.ServerRuntime;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Messages that become many records, on real brokers (Mosquitto and embedded HiveMQ) into a real Kafka: Sparkplug B
 * from an edge node publishing payloads encoded with the specification's protobuf classes, and batched JSON.
 */
class IndustrialPayloadsIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static EmbeddedConnectCluster connect;
    private static EmbeddedHiveMqBroker hivemq;
    private static MosquittoBroker mosquitto;

    @BeforeAll
    static void start() {
        ServerRuntime.requireAll(ServerRuntime.MOSQUITTO);
        hivemq = EmbeddedHiveMqBroker.start();
        mosquitto = MosquittoBroker.start();
        connect = ConnectClusters.start("industrial-payloads-it");
    }

    @AfterAll
    static void stop() {
        Cleanup.closeAll(() -> {
            if (connect != null) {
                connect.stop();
            }
        }, mosquitto, hivemq);
    }

    private static String uri(String broker) {
        return broker.equals("hivemq") ? hivemq.uri() : mosquitto.uri();
    }

    private static Map<String, String> sparkplugProps(String uri, String filters, String topic) {
        ConnectClusters.createTopic(connect, topic, 1);
        ConnectClusters.createTopic(connect, topic + ".dlq", 1);
        Map<String, String> p = MqttIt.connectorProps(uri, filters, topic);
        p.put("payload.format", "sparkplugb");
        p.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        p.put("value.converter.schemas.enable", "false");
        return p;
    }

    /** A connected MQTT client: the edge node publishing, or a watcher collecting what arrives on a filter. */
    private static final class Client implements AutoCloseable {
        final MqttClient paho;
        final List<MqttMessage> received = new CopyOnWriteArrayList<>();
        final List<String> topics = new CopyOnWriteArrayList<>();

        Client(String uri) throws Exception {
            paho = new MqttClient(uri, "it-" + UUID.randomUUID(), new MemoryPersistence());
            paho.setCallback(new MqttCallback() {
                @Override
                public void connectionLost(Throwable cause) {
                }

                @Override
                public void messageArrived(String topic, MqttMessage message) {
                    topics.add(topic);
                    received.add(message);
                }

                @Override
                public void deliveryComplete(IMqttDeliveryToken token) {
                }
            });
            MqttConnectOptions o = new MqttConnectOptions();
            o.setCleanSession(true);
            paho.connect(o);
        }

        Client watch(String filter) throws Exception {
            paho.subscribe(filter, 1);
            return this;
        }

        void publish(String topic, byte[] payload) throws Exception {
            paho.publish(topic, payload, 1, false);
        }

        @Override
        public void close() throws Exception {
            paho.disconnect();
            paho.close();
        }
    }

    private static List<JsonNode> values(String topic) {
        return MqttIt.readAll(connect, topic).stream().map(r -> {
            try {
                return JSON.readTree(r.value());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    private static JsonNode metric(List<ConsumerRecord<byte[], byte[]>> records, String key, String messageType)
            throws Exception {
        for (ConsumerRecord<byte[], byte[]> r : records) {
            JsonNode v = JSON.readTree(r.value());
            if (key.equals(new String(r.key(), StandardCharsets.UTF_8)) && messageType.equals(
                    v.path("message_type").asText()) && v.has("metric")) {
                return v;
            }
        }
        return null;
    }

    private static boolean hasStatus(String topic, String key, String messageType, boolean online) {
        return MqttIt.readAll(connect, topic).stream().anyMatch(r -> {
            try {
                JsonNode v = JSON.readTree(r.value());
                return key.equals(new String(r.key(), StandardCharsets.UTF_8)) && v.has("online")
                        && v.get("online").asBoolean() == online && messageType.equals(v.path("message_type").asText());
            } catch (Exception e) {
                return false;
            }
        });
    }

    private static boolean isRebirthCommand(MqttMessage m) {
        try {
            return Payload.parseFrom(m.getPayload()).getMetricsList().stream()
                    .anyMatch(x -> x.getName().equals("Node Control/Rebirth") && x.getBooleanValue());
        } catch (Exception e) {
            return false;
        }
    }

    private static long counter(String connector, String name) {
        Object v = MqttIt.metric(connector, 0, name);
        return v == null ? -1 : (Long) v;
    }

    @ParameterizedTest
    @ValueSource(strings = {"mosquitto", "hivemq"})
    void birthThenDataByAliasGivesNamedRecords_seqGapDeathsAndMalformedPayload(String broker) throws Exception {
        String name = "sp-" + broker;
        String group = "plant-" + broker;
        String uri = uri(broker);
        connect.configureConnector(name, sparkplugProps(uri, "spBv1.0/" + group + "/#", name));
        MqttIt.awaitConnected(name);
        EdgeNodeSim node = new EdgeNodeSim(group, "gw1");
        try (Client watcher = new Client(uri).watch("spBv1.0/+/NCMD/#"); Client edge = new Client(uri)) {
            edge.publish(node.topic("NBIRTH"), node.nbirth(
                    EdgeNodeSim.named("Temperature", 1, DataType.Double).setDoubleValue(20.0),
                    EdgeNodeSim.named("Count", 2, DataType.Int32).setIntValue(1),
                    EdgeNodeSim.named("Running", 3, DataType.Boolean).setBooleanValue(true)));
            edge.publish(node.topic("DBIRTH", "pump"), node.next(
                    EdgeNodeSim.named("Pressure", 10, DataType.Double).setDoubleValue(1.0)));
            edge.publish(node.topic("NDATA"), node.next(EdgeNodeSim.byAlias(1).setDoubleValue(21.5),
                    EdgeNodeSim.byAlias(2).setIntValue(2)));
            edge.publish(node.topic("DDATA", "pump"), node.next(EdgeNodeSim.byAlias(10).setDoubleValue(1.25)));
            node.seq = (node.seq + 5) & 0xFF; // four messages lost on the way: a gap
            edge.publish(node.topic("NDATA"), node.withSeq(node.seq, EdgeNodeSim.byAlias(3).setBooleanValue(false)));
            edge.publish(node.topic("DDEATH", "pump"), node.next());
            edge.publish(node.topic("NDEATH"), node.ndeath(node.bdSeq));
            edge.publish(node.topic("NDATA"), new byte[] {(byte) 0xff, 0x12, 0x07});

            await().atMost(Duration.ofSeconds(60)).until(() -> hasStatus(name, group + "/gw1", "NDEATH", false)
                    && !MqttIt.readAll(connect, name + ".dlq").isEmpty());
            List<ConsumerRecord<byte[], byte[]>> records = MqttIt.readAll(connect, name);
            assertThat(metric(records, group + "/gw1//Temperature", "NDATA").get("value").asDouble()).isEqualTo(21.5);
            JsonNode count = metric(records, group + "/gw1//Count", "NDATA");
            assertThat(count.get("datatype").asText()).isEqualTo("Int32");
            assertThat(count.get("value").isIntegralNumber()).isTrue();
            assertThat(count.get("value").asInt()).isEqualTo(2);
            JsonNode pressure = metric(records, group + "/gw1/pump/Pressure", "DDATA");
            assertThat(pressure.get("value").asDouble()).isEqualTo(1.25);
            assertThat(pressure.get("device").asText()).isEqualTo("pump");
            // the message after the gap is still decoded
            assertThat(metric(records, group + "/gw1//Running", "NDATA").get("value").asBoolean()).isFalse();
            assertThat(hasStatus(name, group + "/gw1", "NBIRTH", true)).isTrue();
            assertThat(hasStatus(name, group + "/gw1/pump", "DBIRTH", true)).isTrue();
            assertThat(hasStatus(name, group + "/gw1/pump", "DDEATH", false)).isTrue();
            // every record is a named metric or a status: nothing under a guessed name
            assertThat(values(name)).allSatisfy(v -> assertThat(v.has("metric") ? v.get("metric").asText()
                    : v.get("online").asText()).isNotBlank());

            List<ConsumerRecord<byte[], byte[]>> dead = MqttIt.readAll(connect, name + ".dlq");
            assertThat(dead).singleElement().satisfies(d -> {
                assertThat(MqttIt.header(d, DeadLetterHeaders.REASON)).contains("not a Sparkplug B payload");
                try { // JsonConverter writes the bytes schema as base64 text
                    assertThat(JSON.readTree(d.value()).binaryValue()).containsExactly((byte) 0xff, 0x12, 0x07);
                } catch (java.io.IOException e) {
                    throw new AssertionError(e);
                }
            });

            assertThat(counter(name, "SparkplugSeqGaps")).isEqualTo(1);
            await().atMost(Duration.ofSeconds(30)).until(() -> watcher.received.stream()
                    .anyMatch(IndustrialPayloadsIT::isRebirthCommand));
            assertThat(watcher.topics).contains("spBv1.0/" + group + "/NCMD/gw1");
            assertThat(counter(name, "SparkplugRebirthsRequested")).isEqualTo(1);
            assertThat(counter(name, "SparkplugUnknownAliases")).isZero();
            // acknowledged only once Kafka had every record of each message
            await().atMost(Duration.ofSeconds(30)).until(() -> counter(name, "MessagesAcknowledged") == 8);
        } finally {
            connect.deleteConnector(name);
        }
    }

    @Test
    void connectorStartedAfterTheBirthAsksForARebirthAndThenNamesTheMetrics() throws Exception {
        String name = "sp-late";
        String group = "late";
        String uri = mosquitto.uri();
        EdgeNodeSim node = new EdgeNodeSim(group, "gw2");
        try (Client watcher = new Client(uri).watch("spBv1.0/+/NCMD/#"); Client edge = new Client(uri)) {
            edge.publish(node.topic("NBIRTH"), node.nbirth(
                    EdgeNodeSim.named("Temperature", 1, DataType.Double).setDoubleValue(20.0)));
            connect.configureConnector(name, sparkplugProps(uri, "spBv1.0/" + group + "/#", name));
            MqttIt.awaitConnected(name);
            edge.publish(node.topic("NDATA"), node.next(EdgeNodeSim.byAlias(1).setDoubleValue(5.0)));

            await().atMost(Duration.ofSeconds(60)).until(() -> watcher.received.stream()
                    .anyMatch(IndustrialPayloadsIT::isRebirthCommand));
            assertThat(watcher.topics).contains("spBv1.0/" + group + "/NCMD/gw2");
            // the simulator answers the NCMD as an edge node does: a new session, then data by alias
            node.bdSeq++;
            edge.publish(node.topic("NBIRTH"), node.nbirth(
                    EdgeNodeSim.named("Temperature", 1, DataType.Double).setDoubleValue(20.5)));
            edge.publish(node.topic("NDATA"), node.next(EdgeNodeSim.byAlias(1).setDoubleValue(6.0)));

            await().atMost(Duration.ofSeconds(60)).until(() ->
                    metric(MqttIt.readAll(connect, name), group + "/gw2//Temperature", "NDATA") != null);
            List<ConsumerRecord<byte[], byte[]>> records = MqttIt.readAll(connect, name);
            assertThat(metric(records, group + "/gw2//Temperature", "NDATA").get("value").asDouble()).isEqualTo(6.0);
            // the value sent by an unknown alias is in no data record, only in the dead letter
            assertThat(values(name)).noneMatch(v -> v.path("value").isNumber() && v.get("value").asDouble() == 5.0);
            List<ConsumerRecord<byte[], byte[]>> dead = MqttIt.readAll(connect, name + ".dlq");
            assertThat(dead).singleElement().satisfies(d -> {
                assertThat(MqttIt.header(d, DeadLetterHeaders.ELEMENT)).isNotBlank();
                assertThat(MqttIt.header(d, DeadLetterHeaders.REASON)).contains("alias 1");
            });
            assertThat(counter(name, "SparkplugUnknownAliases")).isEqualTo(1);
            assertThat(counter(name, "SparkplugRebirthsRequested")).isEqualTo(1);
        } finally {
            connect.deleteConnector(name);
        }
    }

    @Test
    void hostApplicationStateIsRetainedOnlineAndGoesOfflineByTheWillWhenTheConnectorGoes() throws Exception {
        String name = "sp-host";
        String uri = hivemq.uri();
        Map<String, String> p = sparkplugProps(uri, "spBv1.0/host-test/#", name);
        p.put("sparkplug.host.id", "scada-1");
        connect.configureConnector(name, p);
        MqttIt.awaitConnected(name);
        try (Client watcher = new Client(uri)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                // retained: a subscriber arriving later still gets the current state
                try (Client late = new Client(uri).watch("spBv1.0/STATE/scada-1")) {
                    Thread.sleep(200);
                    return late.received.stream().anyMatch(m -> m.isRetained() && state(m).get("online").asBoolean());
                }
            });
            watcher.watch("spBv1.0/STATE/scada-1");
            await().atMost(Duration.ofSeconds(10)).until(() -> !watcher.received.isEmpty());
            long onlineTimestamp = state(watcher.received.get(0)).get("timestamp").asLong();
            connect.deleteConnector(name);
            await().atMost(Duration.ofSeconds(60)).until(() -> watcher.received.stream()
                    .anyMatch(m -> !state(m).get("online").asBoolean()));
            JsonNode offline = watcher.received.stream().map(IndustrialPayloadsIT::state)
                    .filter(s -> !s.get("online").asBoolean()).findFirst().orElseThrow();
            assertThat(offline.get("timestamp").asLong()).isEqualTo(onlineTimestamp);
        } catch (Throwable t) {
            try {
                connect.deleteConnector(name);
            } catch (RuntimeException alreadyGone) {
                t.addSuppressed(alreadyGone);
            }
            throw t;
        }
    }

    private static JsonNode state(MqttMessage m) {
        try {
            return JSON.readTree(m.getPayload());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void batchedJsonGivesOneRecordPerElementWithCopiedFieldsAndDeadLettersForTheRest() throws Exception {
        String name = "batched";
        ConnectClusters.createTopic(connect, name, 1);
        ConnectClusters.createTopic(connect, name + ".dlq", 1);
        Map<String, String> p = MqttIt.connectorProps(mosquitto.uri(), "batches/#", name);
        p.put("payload.format", "json");
        p.put("payload.json.records.path", "data.samples");
        p.put("payload.json.records.copy", "device,site.id->site,ts->batch_ts");
        p.put("payload.max.records", "3");
        p.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        p.put("value.converter.schemas.enable", "false");
        connect.configureConnector(name, p);
        MqttIt.awaitConnected(name);
        try (Client gateway = new Client(mosquitto.uri())) {
            gateway.publish("batches/a", ("{\"device\":\"d1\",\"site\":{\"id\":\"s9\"},\"ts\":1000,\"data\":{\"samples\":"
                    + "[{\"ts\":1001,\"t\":21.5},{\"t\":22},\"broken\"]}}").getBytes(StandardCharsets.UTF_8));
            gateway.publish("batches/b", "{\"data\":{\"samples\":[1,2,3,4]}}".getBytes(StandardCharsets.UTF_8));
            await().atMost(Duration.ofSeconds(60)).until(() -> MqttIt.readAll(connect, name + ".dlq").size() >= 2
                    && MqttIt.readAll(connect, name).size() >= 2);
            assertThat(values(name)).extracting(JsonNode::toString).containsExactly(
                    "{\"device\":\"d1\",\"site\":\"s9\",\"batch_ts\":1000,\"ts\":1001,\"t\":21.5}",
                    "{\"device\":\"d1\",\"site\":\"s9\",\"batch_ts\":1000,\"t\":22}");
            List<ConsumerRecord<byte[], byte[]>> dead = MqttIt.readAll(connect, name + ".dlq");
            assertThat(dead).extracting(d -> MqttIt.header(d, DeadLetterHeaders.ELEMENT))
                    .containsExactly("data.samples[2]", null);
            assertThat(MqttIt.header(dead.get(1), DeadLetterHeaders.REASON))
                    .contains("4 elements, more than payload.max.records (3)");
            await().atMost(Duration.ofSeconds(30)).until(() -> counter(name, "MessagesAcknowledged") == 2);
        } finally {
            connect.deleteConnector(name);
        }
    }
}
