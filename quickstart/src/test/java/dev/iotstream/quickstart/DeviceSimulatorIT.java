package dev.iotstream.quickstart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.iotstream.connect.testing.EmbeddedHiveMqBroker;
import dev.iotstream.connect.testing.FreePorts;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The simulator against a real broker (HiveMQ CE in this JVM): every acknowledged message arrives. */
class DeviceSimulatorIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static EmbeddedHiveMqBroker broker;

    @BeforeAll
    static void startBroker() {
        broker = EmbeddedHiveMqBroker.start();
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @Test
    void publishesExactlyCountMessagesFromEveryDeviceAtQos1() throws Exception {
        List<String> payloads = new CopyOnWriteArrayList<>();
        Set<String> topics = ConcurrentHashMap.newKeySet();
        MqttClient subscriber = subscribe("sensors/#", (topic, payload) -> {
            topics.add(topic);
            payloads.add(payload);
        });
        try (DeviceSimulator simulator = DeviceSimulator.fromArgs("--broker", broker.uri(), "--devices", "6",
                "--sites", "2", "--rate", "400", "--count", "600", "--out-of-range-percent", "10", "--seed", "1")) {
            long start = System.nanoTime();
            simulator.start();
            assertThat(simulator.awaitFinished(Duration.ofSeconds(30))).isTrue();
            double seconds = (System.nanoTime() - start) / 1e9;
            SimulatorStats stats = simulator.stats();
            assertThat(stats.published()).isEqualTo(600);
            assertThat(stats.failed()).isZero();
            assertThat(stats.attempted()).isEqualTo(600);
            // Paced, not a burst: 600 messages at 400/s take about 1.5 s.
            assertThat(seconds).isGreaterThan(1.3);

            await().atMost(Duration.ofSeconds(20)).until(() -> payloads.size() >= 600);
            Thread.sleep(300);
            assertThat(payloads).hasSize(600);
            assertThat(topics).hasSize(6).allMatch(t -> t.matches("sensors/site-[12]/device-00[1-6]/telemetry"));
            long hot = 0;
            for (String p : payloads) {
                JsonNode node = JSON.readTree(p);
                assertThat(node.get("ts").asLong()).isGreaterThan(1_700_000_000_000L);
                if (node.get("temperature").asDouble() > ReadingGenerator.ALERT_THRESHOLD_CELSIUS) {
                    hot++;
                }
            }
            assertThat(hot).isEqualTo(stats.outOfRangePublished()).isBetween(30L, 100L);
        } finally {
            close(subscriber);
        }
    }

    @Test
    void mqtt5WithSenmlAndADurationLimit() throws Exception {
        List<String> payloads = new CopyOnWriteArrayList<>();
        MqttClient subscriber = subscribe("plant/#", (topic, payload) -> payloads.add(payload));
        try (DeviceSimulator simulator = DeviceSimulator.fromArgs("--broker", broker.uri(), "--mqtt-version", "5",
                "--format", "senml", "--qos", "2", "--devices", "3", "--rate", "100", "--duration", "2",
                "--topic-pattern", "plant/{site}/{device}")) {
            simulator.start();
            assertThat(simulator.awaitFinished(Duration.ofSeconds(20))).isTrue();
            SimulatorStats stats = simulator.stats();
            assertThat(stats.failed()).isZero();
            assertThat(stats.published()).isBetween(170L, 205L);
            await().atMost(Duration.ofSeconds(20)).until(() -> payloads.size() >= stats.published());
            assertThat(payloads).hasSize((int) stats.published());
            JsonNode pack = JSON.readTree(payloads.get(0));
            assertThat(pack.get(0).get("bn").asText()).startsWith("urn:dev:iotstream:site-");
        } finally {
            close(subscriber);
        }
    }

    @Test
    void anUnreachableBrokerFailsFastWithTheBrokerInTheMessage() {
        String uri = "tcp://127.0.0.1:" + FreePorts.next();
        DeviceSimulator simulator = DeviceSimulator.fromArgs("--broker", uri, "--count", "1");
        assertThatThrownBy(simulator::start)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cannot connect to MQTT broker " + uri);
        simulator.close();
    }

    private interface Sink {
        void accept(String topic, String payload);
    }

    private static MqttClient subscribe(String filter, Sink sink) throws Exception {
        MqttClient subscriber = new MqttClient(broker.uri(), "it-sub-" + System.nanoTime(), new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setMaxInflight(1000);
        subscriber.connect(options);
        subscriber.subscribe(filter, 1, (topic, message) -> sink.accept(topic, new String(message.getPayload(),
                java.nio.charset.StandardCharsets.UTF_8)));
        return subscriber;
    }

    private static void close(MqttClient client) throws Exception {
        client.disconnect();
        client.close();
    }


    /**
     * --format sparkplugb: every device an edge node, NBIRTH (names, datatypes, aliases, bdSeq, seq 0) then NDATA by
     * alias with seq + 1; an NCMD Node Control/Rebirth makes that device's next message a new NBIRTH (bdSeq + 1).
     * Read back with protobuf's own parser (field numbers of the Sparkplug B .proto).
     */
    @Test
    void sparkplugEdgeNodesBirthThenDataByAliasAndRebirthOnCommand() throws Exception {
        List<String> topics = new CopyOnWriteArrayList<>();
        List<byte[]> payloads = new CopyOnWriteArrayList<>();
        MqttClient subscriber = new MqttClient(broker.uri(), "it-sub-" + System.nanoTime(), new MemoryPersistence());
        subscriber.connect(new MqttConnectOptions());
        subscriber.subscribe("spBv1.0/#", 1, (topic, message) -> {
            topics.add(topic);
            payloads.add(message.getPayload());
        });
        String birth = "spBv1.0/site-1/NBIRTH/device-001";
        try (DeviceSimulator simulator = DeviceSimulator.fromArgs("--broker", broker.uri(), "--devices", "2",
                "--sites", "1", "--rate", "40", "--format", "sparkplugb", "--seed", "1")) {
            simulator.start();
            await().atMost(Duration.ofSeconds(20)).until(() -> topics.stream()
                    .filter(t -> t.equals("spBv1.0/site-1/NDATA/device-001")).count() >= 3);
            com.google.protobuf.UnknownFieldSet.Field rebirth = com.google.protobuf.UnknownFieldSet.Field.newBuilder()
                    .addLengthDelimited(com.google.protobuf.UnknownFieldSet.newBuilder()
                            .addField(1, com.google.protobuf.UnknownFieldSet.Field.newBuilder().addLengthDelimited(
                                    com.google.protobuf.ByteString.copyFromUtf8("Node Control/Rebirth")).build())
                            .addField(4, com.google.protobuf.UnknownFieldSet.Field.newBuilder().addVarint(11).build())
                            .addField(14, com.google.protobuf.UnknownFieldSet.Field.newBuilder().addVarint(1).build())
                            .build().toByteString()).build();
            byte[] ncmd = com.google.protobuf.UnknownFieldSet.newBuilder()
                    .addField(1, com.google.protobuf.UnknownFieldSet.Field.newBuilder().addVarint(1L).build())
                    .addField(2, rebirth).build().toByteArray();
            subscriber.publish("spBv1.0/site-1/NCMD/device-001", ncmd, 1, false);
            await().atMost(Duration.ofSeconds(20)).until(() -> topics.stream().filter(birth::equals).count() >= 2);
        } finally {
            close(subscriber);
        }
        List<com.google.protobuf.UnknownFieldSet> device1 = new java.util.ArrayList<>();
        List<String> device1Topics = new java.util.ArrayList<>();
        for (int i = 0; i < topics.size(); i++) {
            if (topics.get(i).endsWith("/device-001") && !topics.get(i).contains("/NCMD/")) {
                device1.add(com.google.protobuf.UnknownFieldSet.parseFrom(payloads.get(i)));
                device1Topics.add(topics.get(i));
            }
        }
        assertThat(device1Topics.get(0)).isEqualTo(birth);
        int births = 0;
        long expectedSeq = 0;
        for (int i = 0; i < device1.size(); i++) {
            com.google.protobuf.UnknownFieldSet p = device1.get(i);
            long seq = p.getField(3).getVarintList().get(0);
            List<com.google.protobuf.UnknownFieldSet> metrics = new java.util.ArrayList<>();
            for (com.google.protobuf.ByteString m : p.getField(2).getLengthDelimitedList()) {
                metrics.add(com.google.protobuf.UnknownFieldSet.parseFrom(m));
            }
            if (device1Topics.get(i).equals(birth)) {
                List<String> names = metrics.stream()
                        .map(m -> m.getField(1).getLengthDelimitedList().get(0).toStringUtf8()).toList();
                assertThat(names).containsExactly("bdSeq", "temperature", "humidity", "battery", "rssi",
                        "Node Control/Rebirth");
                assertThat(metrics.get(0).getField(11).getVarintList()).containsExactly((long) births);
                assertThat(seq).isZero();
                births++;
                expectedSeq = 1;
            } else {
                assertThat(device1Topics.get(i)).isEqualTo("spBv1.0/site-1/NDATA/device-001");
                assertThat(seq).isEqualTo(expectedSeq);
                expectedSeq = (expectedSeq + 1) & 0xFF;
                assertThat(metrics).allSatisfy(m -> {
                    assertThat(m.hasField(1)).as("NDATA metric by alias only").isFalse();
                    assertThat(m.getField(2).getVarintList()).singleElement().isIn(1L, 2L, 3L, 4L);
                });
                double temperature = Double.longBitsToDouble(metrics.get(0).getField(13).getFixed64List().get(0));
                assertThat(temperature).isBetween(-40.0, 100.0);
            }
        }
        assertThat(births).isGreaterThanOrEqualTo(2);
    }
}
