package dev.iotstream.connect.mqtt.sink;

import dev.iotstream.connect.common.Backoff;
import dev.iotstream.connect.mqtt.client.OutboundMessage;
import dev.iotstream.connect.mqtt.client.PublishOutcome;
import dev.iotstream.connect.mqtt.sink.delivery.Dispatcher;
import dev.iotstream.connect.mqtt.sink.delivery.OffsetTracker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The QoS 0 path that hands a message to the client on the submitting thread. Where the sender thread is not
 * started, a message in {@code client.sent} right after {@code submit} returns was handed over by the caller.
 */
class DispatcherQos0Test {
    private final DispatcherTest.FakeClient client = new DispatcherTest.FakeClient();
    private final OffsetTracker<String> tracker = new OffsetTracker<>(System::currentTimeMillis);
    private final Dispatcher<String> dispatcher = new Dispatcher<>(client, tracker, System::currentTimeMillis,
            new Backoff(1, 2, () -> 1.0), "test");

    @AfterEach
    void close() {
        dispatcher.close();
    }

    private void submit(int offset, int qos) {
        dispatcher.submit(tracker.accept("p", offset), "record-" + offset,
                OutboundMessage.plain("t/" + offset, new byte[0], qos, false));
    }

    private List<String> topicsSent() {
        List<String> out = new ArrayList<>();
        client.sent.forEach(m -> out.add(m.topic()));
        return out;
    }

    @Test
    void aQos0MessageIsHandedOverByTheCallerAndItsOffsetCompletesOnlyWhenWritten() {
        dispatcher.connected();
        submit(0, 0);
        assertThat(topicsSent()).containsExactly("t/0");
        assertThat(dispatcher.inFlight()).isEqualTo(1);
        assertThat(tracker.committable()).isEmpty(); // handed over, not yet written
        client.callbacks.get(0).accept(PublishOutcome.ACKNOWLEDGED);
        assertThat(tracker.committable()).containsEntry("p", 1L);
        assertThat(dispatcher.acknowledged()).isEqualTo(1);
        assertThat(dispatcher.published()).isEqualTo(1);
    }

    @Test
    void aQos0MessageWaitsBehindAnOlderQueuedMessageSoMixedQosLevelsKeepTheirOrder() {
        dispatcher.connected();
        submit(0, 1); // queued: the sender thread is not running yet
        submit(1, 0);
        submit(2, 0);
        assertThat(client.sent).isEmpty();
        dispatcher.start();
        await().until(() -> client.sent.size() == 3);
        assertThat(topicsSent()).containsExactly("t/0", "t/1", "t/2");
        client.callbacks.forEach(c -> c.accept(PublishOutcome.ACKNOWLEDGED));
        assertThat(tracker.committable()).containsEntry("p", 3L);
        // the outbox is empty again: QoS 0 goes directly, after the QoS 1 message in flight
        submit(3, 1);
        await().until(() -> client.sent.size() == 4);
        submit(4, 0);
        assertThat(topicsSent()).containsExactly("t/0", "t/1", "t/2", "t/3", "t/4");
        client.callbacks.get(4).accept(PublishOutcome.ACKNOWLEDGED);
        assertThat(tracker.committable()).containsEntry("p", 3L); // t/3 not acknowledged yet
        client.callbacks.get(3).accept(PublishOutcome.ACKNOWLEDGED);
        assertThat(tracker.committable()).containsEntry("p", 5L);
    }

    @Test
    void aQos0MessageDoesNotOvertakeOneTheSenderThreadIsStillHandingOver() throws Exception {
        client.holding = "t/0";
        dispatcher.connected();
        dispatcher.start();
        submit(0, 1);
        client.held.await(); // the outbox is empty, t/0 is between the outbox and the client
        submit(1, 0);
        assertThat(client.sent).isEmpty();
        client.released.countDown();
        await().until(() -> client.sent.size() == 2);
        assertThat(topicsSent()).containsExactly("t/0", "t/1");
    }

    @Test
    void whileDisconnectedQos0MessagesAreQueuedAndSentInOrderOnceConnected() {
        dispatcher.start();
        submit(0, 0);
        submit(1, 0);
        assertThat(client.sent).isEmpty();
        dispatcher.connected();
        await().until(() -> client.sent.size() == 2);
        assertThat(topicsSent()).containsExactly("t/0", "t/1");
    }

    @Test
    void aQos0MessageTheClientRefusesIsQueuedAndSoAreTheNextOnesUntilItIsSent() {
        dispatcher.connected();
        client.connected = false; // the connection just went; the dispatcher has not heard yet
        submit(0, 0);
        submit(1, 0);
        assertThat(client.sent).isEmpty();
        assertThat(dispatcher.queued()).isEqualTo(2);
        client.connected = true;
        dispatcher.connected();
        dispatcher.start();
        await().until(() -> client.sent.size() == 2);
        assertThat(topicsSent()).containsExactly("t/0", "t/1");
    }

    @Test
    void aQos0MessageLostWithItsConnectionBeforeItWasWrittenGoesOutAgain() {
        dispatcher.connected();
        dispatcher.start();
        submit(0, 0);
        client.connected = false;
        dispatcher.disconnected(new RuntimeException("connection lost"));
        client.callbacks.get(0).accept(new PublishOutcome(0, new RuntimeException("connection lost")));
        assertThat(tracker.committable()).isEmpty();
        client.connected = true;
        dispatcher.connected();
        await().until(() -> client.sent.size() == 2);
        assertThat(topicsSent()).containsExactly("t/0", "t/0");
        client.callbacks.get(1).accept(PublishOutcome.ACKNOWLEDGED);
        assertThat(tracker.committable()).containsEntry("p", 1L);
    }

    @Test
    void aFullWindowHoldsTheCallerUntilAPlaceFreesUp() {
        client.window = 1;
        dispatcher.connected();
        submit(0, 0);
        CompletableFuture.runAsync(() -> client.callbacks.get(0).accept(PublishOutcome.ACKNOWLEDGED),
                CompletableFuture.delayedExecutor(30, TimeUnit.MILLISECONDS));
        submit(1, 0); // waits for t/0's completion, then goes directly: the sender thread is not running
        assertThat(topicsSent()).containsExactly("t/0", "t/1");
    }

    @Test
    void aWindowThatStaysFullQueuesTheMessageForTheSenderThread() {
        client.window = 1;
        dispatcher.connected();
        submit(0, 0);
        long start = System.nanoTime();
        submit(1, 0);
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(2_000);
        submit(2, 0); // behind a queued message: queued at once
        assertThat(topicsSent()).containsExactly("t/0");
        assertThat(dispatcher.queued()).isEqualTo(2);
        dispatcher.start();
        client.callbacks.get(0).accept(PublishOutcome.ACKNOWLEDGED);
        await().until(() -> client.sent.size() == 2);
        client.callbacks.get(1).accept(PublishOutcome.ACKNOWLEDGED);
        await().until(() -> client.sent.size() == 3);
        assertThat(topicsSent()).containsExactly("t/0", "t/1", "t/2");
    }
}
