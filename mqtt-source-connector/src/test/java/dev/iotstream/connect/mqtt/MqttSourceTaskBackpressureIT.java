package dev.iotstream.connect.mqtt;

import dev.iotstream.connect.testing.MosquittoBroker;
import org.junit.jupiter.api.Assumptions;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
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
import static org.awaitility.Awaitility.await;

/**
 * The task against a real broker, with this test playing a Kafka that never confirms: the task must stop at its
 * window (no more records, memory bounded, nothing acknowledged), and resume when Kafka catches up, losing nothing.
 */
class MqttSourceTaskBackpressureIT {
    private static MosquittoBroker broker;

    /**
     * Mosquitto with a broker in-flight limit (1000) far above the task window (20): for MQTT 3.1.1 the broker
     * pushes far more than the window, so the task's own limit is what stops the flow; for MQTT 5 the broker
     * honours the Receive Maximum the task negotiates. (HiveMQ CE pushes only a few un-acknowledged messages
     * per client, so it would not prove the window.)
     */
    @BeforeAll
    static void start() {
        Assumptions.assumeTrue(MosquittoBroker.isInstalled(), "mosquitto not installed");
        broker = MosquittoBroker.builder().limits(1000, 100_000).start();
    }

    @AfterAll
    static void stop() {
        if (broker != null) {
            broker.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"3.1.1", "5"})
    void fullWindowStopsAcknowledgingAndMemoryStaysBounded(String version) throws Exception {
        String name = "bp" + version.replace(".", "");
        int window = 20;
        Map<String, String> props = new HashMap<>(MqttIt.connectorProps(broker.uri(), name + "/#", "t"));
        props.put("name", name);
        props.put("mqtt.version", version);
        props.put("mqtt.max.inflight", Integer.toString(window));
        MqttSourceTask task = new MqttSourceTask();
        task.start(props);
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> Boolean.TRUE.equals(MqttIt.metric(name, 0, "Connected")));
            int n = 500;
            MqttIt.publish(broker.uri(), 1, n, i -> name + "/x", i -> "b-" + i);

            // "Kafka" never confirms: the task hands out at most one window of records, then nothing
            List<SourceRecord> unconfirmed = new ArrayList<>();
            long until = System.currentTimeMillis() + 4000;
            while (System.currentTimeMillis() < until) {
                List<SourceRecord> batch = task.poll();
                if (batch != null) {
                    unconfirmed.addAll(batch);
                }
                assertThat((Integer) MqttIt.metric(name, 0, "MessagesInFlight")).isLessThanOrEqualTo(window);
            }
            assertThat(unconfirmed).hasSize(window);
            assertThat(MqttIt.metric(name, 0, "MessagesAcknowledged")).isEqualTo(0L);
            assertThat((Long) MqttIt.metric(name, 0, "MessagesReceived")).isLessThanOrEqualTo((long) window + 1);

            // Kafka catches up (out of order, as across partitions): everything flows, in order acks, no loss
            Set<String> seen = new HashSet<>();
            for (int i = unconfirmed.size() - 1; i >= 0; i--) {
                seen.add(new String((byte[]) unconfirmed.get(i).value(), StandardCharsets.UTF_8));
                task.commitRecord(unconfirmed.get(i), null);
            }
            long deadline = System.currentTimeMillis() + 60_000;
            while (seen.size() < n && System.currentTimeMillis() < deadline) {
                List<SourceRecord> batch = task.poll();
                if (batch == null) {
                    continue;
                }
                for (SourceRecord r : batch) {
                    seen.add(new String((byte[]) r.value(), StandardCharsets.UTF_8));
                    task.commitRecord(r, null);
                }
            }
            assertThat(seen).hasSize(n);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(MqttIt.metric(name, 0, "MessagesInFlight")).isEqualTo(0));
        } finally {
            long t0 = System.nanoTime();
            task.stop();
            System.out.printf("%s: stop() took %d ms%n", name, (System.nanoTime() - t0) / 1_000_000);
        }
    }

    /**
     * QoS 0 has no acks, so its messages do not wait for Kafka: they leave the window when poll() takes them (after
     * that the producer's buffer.memory bounds them). Until then the hand-off holds at most one window: a task that
     * is not polled stops taking messages from Paho.
     */
    @ParameterizedTest
    @ValueSource(strings = {"3.1.1", "5"})
    void qos0HandOffIsBoundedByTheWindowAndNeedsNoKafkaConfirmation(String version) throws Exception {
        String name = "bq0" + version.replace(".", "");
        int window = 20;
        Map<String, String> props = new HashMap<>(MqttIt.connectorProps(broker.uri(), name + "/#", "t"));
        props.put("name", name);
        props.put("mqtt.version", version);
        props.put("mqtt.qos", "0");
        props.put("mqtt.max.inflight", Integer.toString(window));
        MqttSourceTask task = new MqttSourceTask();
        task.start(props);
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> Boolean.TRUE.equals(MqttIt.metric(name, 0, "Connected")));
            int n = 300; // ~10 KB: fits in the loopback socket buffers, so nothing is dropped while the task waits
            MqttIt.publish(broker.uri(), 0, n, i -> name + "/x", i -> "q0-" + i);
            Thread.sleep(2000);
            // not polled: one window in the hand-off plus the one message whose callback waits for space
            assertThat((Long) MqttIt.metric(name, 0, "MessagesReceived")).isEqualTo((long) window + 1);

            // polled, never confirmed by "Kafka": QoS 0 keeps flowing, in order, and nothing is in flight
            List<String> seen = new ArrayList<>();
            long deadline = System.currentTimeMillis() + 60_000;
            while (seen.size() < n && System.currentTimeMillis() < deadline) {
                List<SourceRecord> batch = task.poll();
                if (batch != null) {
                    batch.forEach(r -> seen.add(new String((byte[]) r.value(), StandardCharsets.UTF_8)));
                }
            }
            assertThat(seen).hasSize(n).startsWith("q0-0", "q0-1").endsWith("q0-" + (n - 1));
            assertThat(MqttIt.metric(name, 0, "MessagesInFlight")).isEqualTo(0);
        } finally {
            task.stop();
        }
    }
}
