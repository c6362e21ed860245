package dev.iotstream.connect.mqtt.sink;

import dev.iotstream.connect.mqtt.sink.SinkIt.Received;
import dev.iotstream.connect.mqtt.sink.SinkIt.Subscriber;
import dev.iotstream.connect.testing.ConnectClusters;
import dev.iotstream.connect.testing.MosquittoBroker;
import dev.iotstream.connect.testing.TestCertificates;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import dev.iotstream.connect.testing.ServerRuntime;
import static org.awaitility.Awaitility.await;

/**
 * The sink against a real Mosquitto, MQTT 3.1.1 and 5, one Connect cluster for the class: delivery with templates
 * and retained messages, QoS 0, every dead letter reason (template, topic name, QoS override, the broker's
 * DISCONNECT with Packet too large over max_packet_size, a message the broker answers by dropping the connection),
 * the broker's Not authorized failing the task, a broker restart under 10,000 QoS 1 records, a task restart, a
 * worker restart, and mutual TLS with PEM files, JKS and PKCS12 stores.
 */
class MqttSinkMosquittoIT {
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static MosquittoBroker broker;
    private static EmbeddedConnectCluster connect;

    @BeforeAll
    static void start() {
        ServerRuntime.MOSQUITTO.require();
        broker = MosquittoBroker.builder()
                .acl("topic readwrite #", "topic deny forbidden/#")
                .option("max_packet_size 4096")
                .limits(100, 100_000) // subscribers of 10,000 fast messages: the default queue (1000) drops
                .start();
        connect = ConnectClusters.start("mqtt-sink-mosquitto-it");
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

    private static String alert(int i) {
        return "{\"site\":\"s" + (i % 3) + "\",\"device\":\"d" + (i % 5) + "\",\"seq\":" + i + "}";
    }

    private static int seq(String payload) {
        return Integer.parseInt(payload.replaceAll(".*\"seq\":(\\d+).*", "$1"));
    }

    @ParameterizedTest(name = "MQTT {0}")
    @ValueSource(strings = {"3.1.1", "5"})
    void routesAlertsToTemplatedRetainedTopicsInOrderAndCommitsEverything(String version) throws Exception {
        String v = version.replace(".", "");
        String topic = "alerts-" + v;
        ConnectClusters.createTopic(connect, topic, 3);
        int n = 300;
        try (Subscriber live = new Subscriber(broker.uri(), "alerts/" + v + "/#", 1)) {
            Map<String, String> p = SinkIt.props(broker.uri(), topic, "alerts/" + v + "/${field:site}/${field:device}");
            p.put("mqtt.version", version);
            p.put("mqtt.retained", "true");
            String name = "routes-" + v;
            connect.configureConnector(name, p);
            SinkIt.produce(connect, topic, n, i -> "d" + (i % 5), MqttSinkMosquittoIT::alert);
            await().atMost(WAIT).until(() -> live.received.size() >= n);
            Map<String, List<Integer>> seqsByTopic = new HashMap<>();
            for (Received r : live.list()) {
                seqsByTopic.computeIfAbsent(r.topic(), t -> new ArrayList<>()).add(seq(r.payload()));
                assertThat(r.topic()).isEqualTo("alerts/" + v + "/s" + (seq(r.payload()) % 3) + "/d"
                        + (seq(r.payload()) % 5));
                assertThat(r.qos()).isEqualTo(1);
            }
            assertThat(live.received).hasSize(n);
            assertThat(seqsByTopic).hasSize(15).allSatisfy((t, seqs) -> assertThat(seqs).isSorted());
            await().atMost(WAIT).until(() -> SinkIt.committed(connect, name) == n);
            try (Subscriber late = new Subscriber(broker.uri(), "alerts/" + v + "/#", 1)) {
                await().atMost(WAIT).until(() -> late.received.size() >= 15);
                assertThat(late.list()).allSatisfy(r -> {
                    assertThat(r.retained()).isTrue();
                    int last = seqsByTopic.get(r.topic()).get(seqsByTopic.get(r.topic()).size() - 1);
                    assertThat(seq(r.payload())).isEqualTo(last);
                });
            }
            assertThat(SinkIt.metric(name, "Acknowledged")).isEqualTo(n);
            connect.deleteConnector(name);
        }
    }

    @Test
    void qos0ToAFixedTopic() throws Exception {
        String topic = "fixed-q0";
        ConnectClusters.createTopic(connect, topic, 1);
        try (Subscriber sub = new Subscriber(broker.uri(), "fixed/q0", 0)) {
            Map<String, String> p = SinkIt.props(broker.uri(), topic, "fixed/q0");
            p.put("mqtt.qos", "0");
            connect.configureConnector("q0", p);
            for (int i = 0; i < 100; i++) {
                connect.kafka().produce(topic, null, alert(i));
            }
            await().atMost(WAIT).until(() -> sub.received.size() >= 100);
            assertThat(sub.list()).extracting(r -> seq(r.payload())).containsExactlyElementsOf(
                    java.util.stream.IntStream.range(0, 100).boxed().toList());
            await().atMost(WAIT).until(() -> SinkIt.committed(connect, "q0") == 100);
            connect.deleteConnector("q0");
        }
    }

    @Test
    void everyReasonGoesToTheDeadLetterQueueAndTheTaskKeepsRunning() throws Exception {
        String topic = "dlq-in";
        String dlq = "dlq-out";
        ConnectClusters.createTopic(connect, topic, 1);
        try (Subscriber sub = new Subscriber(broker.uri(), "dl/#", 1)) {
            Map<String, String> p = SinkIt.withDeadLetters(
                    SinkIt.props(broker.uri(), topic, "dl/${field:site}/${field:device}"), dlq);
            p.put("mqtt.version", "5");
            p.put("mqtt.qos.from", "field:qos");
            connect.configureConnector("dlq", p);
            List<String> values = List.of(
                    "{\"site\":\"s\",\"device\":\"ok1\"}",
                    "{\"device\":\"d\"}",
                    "{\"site\":\"s+\",\"device\":\"d\"}",
                    "{\"site\":{\"a\":1},\"device\":\"d\"}",
                    "{\"site\":\"s\",\"device\":\"d\",\"qos\":\"7\"}",
                    "{\"site\":\"s\",\"device\":\"big\",\"blob\":\"" + "x".repeat(10_000) + "\"}",
                    "{\"site\":\"s\",\"device\":\"ok2\"}");
            for (String value : values) {
                connect.kafka().produce(topic, null, value);
            }
            var dead = connect.kafka().consume(5, WAIT.toMillis(), dlq);
            List<String> reasons = new ArrayList<>();
            for (ConsumerRecord<byte[], byte[]> r : dead) {
                reasons.add(new String(r.headers().lastHeader("__connect.errors.exception.message").value(),
                        StandardCharsets.UTF_8));
            }
            assertThat(reasons).hasSize(5);
            assertThat(reasons.get(0)).contains("${field:site} is missing");
            assertThat(reasons.get(1)).contains("wildcard '+'");
            assertThat(reasons.get(2)).contains("${field:site} is not a scalar");
            assertThat(reasons.get(3)).contains("QoS override field:qos is '7'");
            assertThat(reasons.get(4)).contains("Packet too large (0x95)");
            await().atMost(WAIT).until(() -> sub.received.size() >= 2);
            assertThat(sub.list()).extracting(Received::topic).containsExactly("dl/s/ok1", "dl/s/ok2");
            await().atMost(WAIT).until(() -> SinkIt.committed(connect, "dlq") == values.size());
            connect.assertions().assertConnectorAndExactlyNumTasksAreRunning("dlq", 1, "task keeps running");
            assertThat(SinkIt.metric("dlq", "DeadLettered")).isEqualTo(5);
            connect.deleteConnector("dlq");
        }
    }

    /**
     * Mosquitto answers an MQTT 5 PUBLISH over message_size_limit with a PUBACK reason code (0x95) that MQTT 5 does
     * not allow in a PUBACK; Paho drops the connection on it. After a few such losses the message is dead-lettered
     * and the records behind it are published.
     */
    @Test
    void aMessageTheBrokerAnswersByDroppingTheConnectionGoesToTheDeadLetterQueue() throws Exception {
        String topic = "poison-in";
        ConnectClusters.createTopic(connect, topic, 1);
        try (MosquittoBroker limited = MosquittoBroker.builder().option("message_size_limit 1000").start();
             Subscriber sub = new Subscriber(limited.uri(), "poison/#", 1)) {
            Map<String, String> p = SinkIt.withDeadLetters(SinkIt.props(limited.uri(), topic, "poison/${field:n}"),
                    "poison-dlq");
            p.put("mqtt.version", "5");
            connect.configureConnector("poison", p);
            connect.kafka().produce(topic, null, "{\"n\":\"before\"}");
            connect.kafka().produce(topic, null, "{\"n\":\"big\",\"blob\":\"" + "x".repeat(5_000) + "\"}");
            connect.kafka().produce(topic, null, "{\"n\":\"after\"}");
            var dead = connect.kafka().consume(1, WAIT.toMillis(), "poison-dlq");
            String reason = new String(dead.iterator().next().headers()
                    .lastHeader("__connect.errors.exception.message").value(), StandardCharsets.UTF_8);
            assertThat(reason).contains("dropped the connection each of the last 5 times");
            await().atMost(WAIT).until(() -> sub.list().stream().anyMatch(r -> r.topic().equals("poison/after")));
            // "after" went out behind "big" on every connection: duplicates, in order
            assertThat(sub.list().stream().map(Received::topic).distinct().toList())
                    .containsExactly("poison/before", "poison/after");
            await().atMost(WAIT).until(() -> SinkIt.committed(connect, "poison") == 3);
            connect.deleteConnector("poison");
        }
    }

    @Test
    void notAuthorizedFailsTheTaskNamingTheCredentialToCheck() throws Exception {
        SinkIt.assertNotAuthorizedFailsTheTask(connect, broker.uri(), "forbidden", "forbidden/x");
    }

    @Test
    void brokerRestartMidStreamLosesNothingAndCommitsNothingUnacknowledged() throws Exception {
        int n = 10_000;
        String topic = "restart-in";
        ConnectClusters.createTopic(connect, topic, 2);
        try (MosquittoBroker persistent = MosquittoBroker.builder().persistence(true).limits(100, 100_000).start();
             Subscriber sub = new Subscriber(persistent.uri(), "restart/#", 1, "restart-sub", false)) {
            // Half the records before the outage, half while the broker is down: the sink must hold them back
            // (put() hands them back to Connect) and send them all once the broker is back.
            SinkIt.produce(connect, topic, n / 2, i -> Integer.toString(i % 7), i -> "{\"seq\":" + i + "}");
            connect.configureConnector("restart", SinkIt.props(persistent.uri(), topic, "restart/${key}"));
            await().atMost(WAIT).until(() -> sub.received.size() >= 2_000);
            persistent.stop();
            SinkIt.produce(connect, topic, n / 2, i -> Integer.toString((i + n / 2) % 7),
                    i -> "{\"seq\":" + (i + n / 2) + "}");
            // The task holds the new records back: put() hands them to Connect again until the broker is back.
            await().atMost(WAIT).until(() -> SinkIt.metric("restart", "BatchesHandedBack") > 0);
            // While the broker is down: whatever is committed was acknowledged before it went away.
            long committedWhileDown = SinkIt.committed(connect, "restart");
            assertThat(committedWhileDown).isLessThanOrEqualTo(SinkIt.metric("restart", "Acknowledged"))
                    .isLessThanOrEqualTo(n / 2);
            persistent.restart();
            await().atMost(Duration.ofMinutes(3)).until(() -> distinct(sub.list()).size() == n);
            await().atMost(WAIT).until(() -> SinkIt.committed(connect, "restart") == n);
            int duplicates = sub.received.size() - n;
            System.out.printf("broker restart: %d of %d records arrived, %d duplicates, %d reconnects%n",
                    distinct(sub.list()).size(), n, duplicates, SinkIt.metric("restart", "Reconnects"));
            assertThat(SinkIt.metric("restart", "Reconnects")).isPositive();
            connect.deleteConnector("restart");
        }
    }

    @Test
    void taskRestartResendsWhatWasNotCommitted() throws Exception {
        int n = 3_000;
        String topic = "task-restart-in";
        ConnectClusters.createTopic(connect, topic, 1);
        try (Subscriber sub = new Subscriber(broker.uri(), "task-restart/#", 1)) {
            SinkIt.produce(connect, topic, n, i -> null, i -> "{\"seq\":" + i + "}");
            connect.configureConnector("task-restart", SinkIt.props(broker.uri(), topic, "task-restart/all"));
            await().atMost(WAIT).until(() -> sub.received.size() >= 500);
            connect.restartConnectorAndTasks("task-restart", false, true, false);
            await().atMost(WAIT).until(() -> distinct(sub.list()).size() == n);
            await().atMost(WAIT).until(() -> SinkIt.committed(connect, "task-restart") == n);
            System.out.printf("task restart: %d duplicates%n", sub.received.size() - n);
            connect.deleteConnector("task-restart");
        }
    }

    @Test
    void workerRestartResumesFromTheCommittedOffsets() throws Exception {
        int n = 3_000;
        String topic = "worker-restart-in";
        ConnectClusters.createTopic(connect, topic, 1);
        try (Subscriber sub = new Subscriber(broker.uri(), "worker-restart/#", 1)) {
            SinkIt.produce(connect, topic, n, i -> null, i -> "{\"seq\":" + i + "}");
            connect.configureConnector("worker-restart", SinkIt.props(broker.uri(), topic, "worker-restart/all"));
            await().atMost(WAIT).until(() -> sub.received.size() >= 500);
            connect.removeWorker(); // the only worker: the task stops wherever it is
            connect.addWorker();
            connect.assertions().assertConnectorAndExactlyNumTasksAreRunning("worker-restart", 1,
                    "the connector runs again on the new worker");
            await().atMost(WAIT).until(() -> distinct(sub.list()).size() == n);
            await().atMost(WAIT).until(() -> SinkIt.committed(connect, "worker-restart") == n);
            System.out.printf("worker restart: %d duplicates%n", sub.received.size() - n);
            connect.deleteConnector("worker-restart");
        }
    }

    /**
     * Mutual TLS against a Mosquitto that requires a client certificate, with the client's key and trust given as
     * PEM files, as a JKS keystore and truststore, and as PKCS12 ones; each with a different Paho client.
     */
    @ParameterizedTest(name = "{0} over MQTT {1}")
    @CsvSource({"PEM, auto", "JKS, 3.1.1", "PKCS12, 5"})
    void mutualTls(String stores, String version) throws Exception {
        String topic = "mtls-in-" + stores;
        String name = "mtls-" + stores.toLowerCase(java.util.Locale.ROOT);
        ConnectClusters.createTopic(connect, topic, 1);
        try (TestCertificates certs = TestCertificates.generate();
             MosquittoBroker tls = MosquittoBroker.builder()
                     .tls(certs.caPem(), certs.serverCertPem(), certs.serverKeyPem(), true).start()) {
            Map<String, String> p = SinkIt.props(tls.uri(), topic, "mtls/out");
            p.put("payload.format", "value"); // the JSON string as its text
            p.put("mqtt.version", version);
            if (stores.equals("PEM")) {
                p.put("mqtt.ssl.ca.file", certs.caPem().toString());
                p.put("mqtt.ssl.certificate.file", certs.clientCertPem().toString());
                p.put("mqtt.ssl.key.file", certs.clientKeyPem().toString());
            } else {
                p.put("mqtt.ssl.truststore.location", certs.truststore(stores).toString());
                p.put("mqtt.ssl.truststore.type", stores);
                p.put("mqtt.ssl.truststore.password", TestCertificates.PASSWORD);
                p.put("mqtt.ssl.keystore.location", certs.clientKeystore(stores).toString());
                p.put("mqtt.ssl.keystore.type", stores);
                p.put("mqtt.ssl.keystore.password", TestCertificates.PASSWORD);
            }
            org.eclipse.paho.client.mqttv3.MqttClient sub = new org.eclipse.paho.client.mqttv3.MqttClient(tls.uri(),
                    "mtls-sub", new org.eclipse.paho.client.mqttv3.persist.MemoryPersistence());
            var o = new org.eclipse.paho.client.mqttv3.MqttConnectOptions();
            o.setSocketFactory(certs.clientWithCertificate().getSocketFactory());
            List<String> got = new java.util.concurrent.CopyOnWriteArrayList<>();
            sub.connect(o);
            sub.subscribe("mtls/out", 1, (t, m) -> got.add(new String(m.getPayload(), StandardCharsets.UTF_8)));
            connect.configureConnector(name, p);
            connect.kafka().produce(topic, null, "\"hello over mTLS\"");
            await().atMost(WAIT).until(() -> got.size() == 1);
            assertThat(got).containsExactly("hello over mTLS");
            await().atMost(WAIT).until(() -> SinkIt.committed(connect, name) == 1);
            sub.disconnect();
            sub.close();
            connect.deleteConnector(name);
        }
    }

    private static Set<String> distinct(List<Received> received) {
        Set<String> out = new HashSet<>();
        received.forEach(r -> out.add(r.payload()));
        return out;
    }
}
