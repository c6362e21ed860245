package dev.iotstream.connect.mqtt.sink;

import dev.iotstream.connect.common.Backoff;
import dev.iotstream.connect.mqtt.client.MqttClientAdapter;
import dev.iotstream.connect.mqtt.client.OutboundMessage;
import dev.iotstream.connect.mqtt.client.PublishOutcome;
import dev.iotstream.connect.mqtt.client.PublishRefusedException;
import dev.iotstream.connect.mqtt.sink.delivery.Dispatcher;
import dev.iotstream.connect.mqtt.sink.delivery.OffsetTracker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class DispatcherTest {
    /** A client of our own interface that records publishes and lets the test decide their outcome. */
    static final class FakeClient implements MqttClientAdapter {
        final List<OutboundMessage> sent = new CopyOnWriteArrayList<>();
        final List<Consumer<PublishOutcome>> callbacks = new CopyOnWriteArrayList<>();
        volatile boolean connected = true;
        volatile int window = 3;
        /** A topic whose publish call fails, as Paho's did for a message Mosquitto disconnected on. */
        volatile String failing;
        /** A topic whose publish call blocks until {@link #released} counts down (a slow hand-over to Paho). */
        volatile String holding;
        final java.util.concurrent.CountDownLatch held = new java.util.concurrent.CountDownLatch(1);
        final java.util.concurrent.CountDownLatch released = new java.util.concurrent.CountDownLatch(1);

        @Override
        public void publish(OutboundMessage m, Consumer<PublishOutcome> done) throws PublishRefusedException {
            if (m.topic().equals(holding)) {
                held.countDown();
                try {
                    released.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (!connected || m.topic().equals(failing)) {
                throw new PublishRefusedException("not connected", false, null);
            }
            sent.add(m);
            callbacks.add(done);
        }

        @Override
        public int publishWindow() {
            return window;
        }

        @Override
        public String connectAndSubscribe() {
            return "fake";
        }

        @Override
        public boolean isConnected() {
            return connected;
        }

        @Override
        public long connectionEpoch() {
            return 0;
        }

        @Override
        public void ack(dev.iotstream.connect.mqtt.client.InboundMessage message) {
        }

        @Override
        public void close() {
        }
    }

    private final FakeClient client = new FakeClient();
    private final OffsetTracker<String> tracker = new OffsetTracker<>(System::currentTimeMillis);
    private final Dispatcher<String> dispatcher = new Dispatcher<>(client, tracker, System::currentTimeMillis,
            new Backoff(1, 2, () -> 1.0), "test");

    @AfterEach
    void close() {
        dispatcher.close();
    }

    private void submit(int offset) {
        dispatcher.submit(tracker.accept("p", offset), "record-" + offset,
                OutboundMessage.plain("t/" + offset, new byte[0], 1, false));
    }

    private List<String> topicsSent() {
        List<String> out = new ArrayList<>();
        client.sent.forEach(m -> out.add(m.topic()));
        return out;
    }

    @Test
    void keepsTheWindowAndCommitsOnlyAcknowledgedPrefixes() {
        dispatcher.connected();
        dispatcher.start();
        for (int i = 0; i < 5; i++) {
            submit(i);
        }
        await().until(() -> client.sent.size() == 3);
        assertThat(dispatcher.inFlight()).isEqualTo(3);
        client.callbacks.get(1).accept(PublishOutcome.ACKNOWLEDGED);
        await().until(() -> client.sent.size() == 4);
        assertThat(tracker.committable()).isEmpty(); // offset 0 still unacknowledged
        client.callbacks.get(0).accept(PublishOutcome.ACKNOWLEDGED);
        await().until(() -> tracker.committable().getOrDefault("p", 0L) == 2L);
        assertThat(topicsSent()).containsExactly("t/0", "t/1", "t/2", "t/3", "t/4");
    }

    @Test
    void resendsEverythingUnacknowledgedInOrderAfterAReconnect() {
        dispatcher.connected();
        dispatcher.start();
        for (int i = 0; i < 3; i++) {
            submit(i);
        }
        await().until(() -> client.sent.size() == 3);
        client.callbacks.get(0).accept(PublishOutcome.ACKNOWLEDGED);
        client.connected = false;
        dispatcher.disconnected(new RuntimeException("connection lost"));
        client.callbacks.get(2).accept(new PublishOutcome(0, new RuntimeException("connection lost")));
        client.connected = true;
        dispatcher.connected();
        await().until(() -> client.sent.size() == 5);
        assertThat(topicsSent()).containsExactly("t/0", "t/1", "t/2", "t/1", "t/2");
        client.callbacks.get(1).accept(PublishOutcome.ACKNOWLEDGED); // late outcome of the old connection: ignored
        assertThat(tracker.committable()).containsEntry("p", 1L);
        client.callbacks.get(3).accept(PublishOutcome.ACKNOWLEDGED);
        client.callbacks.get(4).accept(PublishOutcome.ACKNOWLEDGED);
        await().until(() -> tracker.committable().get("p") == 3L);
    }

    @Test
    void classifiesMqtt5ReasonCodes() {
        dispatcher.connected();
        dispatcher.start();
        submit(0);
        submit(1);
        await().until(() -> client.sent.size() == 2);
        client.callbacks.get(0).accept(new PublishOutcome(0x90, null)); // topic name invalid: dead letter
        client.callbacks.get(1).accept(new PublishOutcome(0x80, null)); // unspecified: retried
        await().until(() -> client.sent.size() == 3);
        assertThat(client.sent.get(2).topic()).isEqualTo("t/1");
        var refusals = dispatcher.drainRefusals();
        assertThat(refusals).singleElement().satisfies(r -> {
            assertThat(r.reason()).contains("Topic Name invalid (0x90)");
            assertThat(r.record()).isEqualTo("record-0");
        });
        assertThat(tracker.committable()).isEmpty();
        dispatcher.settled(refusals.get(0));
        assertThat(tracker.committable()).containsEntry("p", 1L);
        submit(2);
        await().until(() -> client.sent.size() == 4);
        client.callbacks.get(3).accept(new PublishOutcome(0x87, null)); // not authorized: the task fails
        await().untilAsserted(() -> assertThatThrownBy(dispatcher::checkFatal)
                .hasMessageContaining("Not authorized (0x87)").hasMessageContaining("mqtt.username"));
    }

    @Test
    void aMessageThatDropsTheConnectionEveryTimeIsDeadLetteredAndTheOthersGoOn() {
        dispatcher.connected();
        dispatcher.start();
        submit(0);
        submit(1);
        await().until(() -> client.sent.size() == 2);
        for (int loss = 1; loss <= 5; loss++) {
            int pair = client.sent.size() - 2;
            assertThat(client.sent.get(pair).topic()).isEqualTo("t/0");
            client.connected = false;
            dispatcher.disconnected(new RuntimeException("Invalid Return code (50001)"));
            await().until(() -> client.callbacks.size() > pair);
            client.callbacks.get(pair).accept(new PublishOutcome(0, new RuntimeException("lost")));
            client.connected = true;
            int sent = client.sent.size();
            dispatcher.connected();
            if (loss < 5) {
                await().until(() -> client.sent.size() == sent + 2 && client.callbacks.size() == sent + 2);
            }
        }
        await().until(() -> client.sent.size() == 11);
        assertThat(client.sent.get(10).topic()).isEqualTo("t/1");
        client.callbacks.get(10).accept(PublishOutcome.ACKNOWLEDGED);
        assertThat(tracker.committable()).isEmpty(); // offset 0 waits for its dead letter report
        var refusals = dispatcher.drainRefusals();
        assertThat(refusals).singleElement().satisfies(r -> assertThat(r.reason())
                .contains("each of the last 5 times").contains("Invalid Return code (50001)"));
        dispatcher.settled(refusals.get(0));
        assertThat(tracker.committable()).containsEntry("p", 2L);
    }

    /**
     * A connection closed with a per-message reason code (0x95) while two messages were in flight: not the oldest
     * but the one the connection closes on again when it is sent alone is dead-lettered (as HiveMQ does it: the
     * PUBACK of the earlier message is not sent before the DISCONNECT for the later one).
     */
    @Test
    void aDisconnectWithAPerMessageReasonCodeDeadLettersTheMessageItClosesOnWhenSentAlone() {
        dispatcher.connected();
        dispatcher.start();
        submit(0);
        submit(1);
        submit(2);
        await().until(() -> client.callbacks.size() == 3);
        client.callbacks.get(0).accept(PublishOutcome.ACKNOWLEDGED);
        loseConnection(0x95);
        // suspects go out one at a time
        await().until(() -> client.sent.size() == 4);
        assertThat(client.sent.get(3).topic()).isEqualTo("t/1");
        submit(3);
        sleep(150);
        assertThat(client.sent).hasSize(4);
        assertThat(dispatcher.drainRefusals()).isEmpty();
        client.callbacks.get(3).accept(PublishOutcome.ACKNOWLEDGED); // t/1 was innocent
        await().until(() -> client.sent.size() == 5);
        assertThat(client.sent.get(4).topic()).isEqualTo("t/2");
        sleep(150);
        assertThat(client.sent).hasSize(5);
        loseConnection(0x95); // again, with t/2 alone in flight: it is the one
        assertThat(dispatcher.drainRefusals()).singleElement().satisfies(r -> {
            assertThat(r.record()).isEqualTo("record-2");
            assertThat(r.reason()).contains("closed with Packet too large (0x95)").contains("'t/2'");
        });
        // no suspects left: the window is back to 3
        submit(4);
        submit(5);
        await().until(() -> client.sent.size() == 8);
        assertThat(topicsSent().subList(5, 8)).containsExactly("t/3", "t/4", "t/5");
        assertThat(tracker.committable()).containsEntry("p", 2L);
    }

    @Test
    void aMessageWhosePublishCallFailedIsASuspectToo() {
        dispatcher.connected();
        dispatcher.start();
        client.failing = "t/1";
        submit(0);
        submit(1);
        submit(2);
        await().until(() -> client.sent.size() == 1);
        sleep(150); // t/1's publish call keeps failing
        loseConnection(0x95);
        await().until(() -> client.sent.size() == 2);
        assertThat(client.sent.get(1).topic()).isEqualTo("t/0");
        client.callbacks.get(1).accept(PublishOutcome.ACKNOWLEDGED);
        sleep(150); // t/1, alone now, still fails
        assertThat(dispatcher.drainRefusals()).isEmpty();
        loseConnection(0x95);
        assertThat(dispatcher.drainRefusals()).singleElement().satisfies(r -> assertThat(r.record())
                .isEqualTo("record-1"));
        client.failing = null;
        await().until(() -> client.sent.size() == 3);
        assertThat(client.sent.get(2).topic()).isEqualTo("t/2");
    }

    private void loseConnection(int reasonCode) {
        client.connected = false;
        dispatcher.disconnected(new org.eclipse.paho.mqttv5.common.MqttException(reasonCode));
        client.connected = true;
        dispatcher.connected();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void sendsNothingWhileDisconnectedAndReportsNoRoom() throws Exception {
        dispatcher.start();
        submit(0);
        assertThat(dispatcher.awaitRoom(10, 50)).isFalse();
        assertThat(client.sent).isEmpty();
        dispatcher.connected();
        await().until(() -> client.sent.size() == 1);
        assertThat(dispatcher.awaitRoom(10, 50)).isTrue();
    }
}
