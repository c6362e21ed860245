package dev.iotstream.connect.mqtt;

import dev.iotstream.connect.mqtt.ack.OrderedAckTracker;
import dev.iotstream.connect.mqtt.ack.OrderedAckTracker.Ticket;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OrderedAckTrackerTest {
    private final List<String> acks = new ArrayList<>();

    @Test
    void acksAreReleasedInArrivalOrderWhenKafkaCompletesOutOfOrder() throws Exception {
        OrderedAckTracker<String> t = new OrderedAckTracker<>(10, acks::add);
        Ticket<String> a = t.register("a", 0);
        Ticket<String> b = t.register("b", 0);
        Ticket<String> c = t.register("c", 0);
        t.expect(a, 1);
        t.expect(b, 1);
        t.expect(c, 1);
        t.recordDone(c);
        t.recordDone(b);
        assertThat(acks).isEmpty();
        assertThat(t.inFlight()).isEqualTo(3);
        t.recordDone(a);
        assertThat(acks).containsExactly("a", "b", "c");
        assertThat(t.inFlight()).isZero();
        assertThat(t.acknowledged()).isEqualTo(3);
    }

    @Test
    void messageWithSeveralRecordsIsAckedAfterTheLastOne() throws Exception {
        OrderedAckTracker<String> t = new OrderedAckTracker<>(10, acks::add);
        Ticket<String> a = t.register("a", 0);
        t.expect(a, 3);
        t.recordDone(a);
        t.recordDone(a);
        assertThat(acks).isEmpty();
        t.recordDone(a);
        assertThat(acks).containsExactly("a");
        assertThatThrownBy(() -> t.recordDone(a)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void messageWithNoRecordsIsAckedInOrderAtOnce() throws Exception {
        OrderedAckTracker<String> t = new OrderedAckTracker<>(10, acks::add);
        Ticket<String> a = t.register("a", 0);
        Ticket<String> skipped = t.register("skipped", 0);
        t.expect(a, 1);
        t.expect(skipped, 0);
        assertThat(acks).isEmpty(); // must wait for a
        t.recordDone(a);
        assertThat(acks).containsExactly("a", "skipped");
    }

    @Test
    void unmappedMessageHoldsBackLaterAcks() throws Exception {
        OrderedAckTracker<String> t = new OrderedAckTracker<>(10, acks::add);
        t.register("a", 0); // not yet polled
        Ticket<String> b = t.register("b", 0);
        t.expect(b, 0);
        assertThat(acks).isEmpty();
    }

    @Test
    void fullWindowBlocksRegistrationUntilTheHeadIsAcked() throws Exception {
        OrderedAckTracker<String> t = new OrderedAckTracker<>(2, acks::add);
        Ticket<String> a = t.register("a", 0);
        Ticket<String> b = t.register("b", 0);
        assertThat(t.register("c", 50)).isNull();
        t.expect(b, 0); // b done but a is not: still no room
        assertThat(t.register("c", 50)).isNull();
        CompletableFuture<Ticket<String>> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return t.register("c", 5000);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(100);
        assertThat(waiting).isNotDone();
        t.expect(a, 1);
        t.recordDone(a);
        assertThat(waiting.get(5, TimeUnit.SECONDS)).isNotNull();
        assertThat(acks).containsExactly("a", "b");
        assertThat(t.inFlight()).isEqualTo(1);
    }

    @Test
    void voidedMessagesDrainWithoutAcks() throws Exception {
        OrderedAckTracker<String> t = new OrderedAckTracker<>(10, acks::add);
        Ticket<String> a = t.register("a", 0);
        t.expect(a, 1);
        t.voidAll();
        Ticket<String> b = t.register("b", 0);
        t.expect(b, 1);
        t.recordDone(b);
        assertThat(acks).isEmpty();
        t.recordDone(a);
        assertThat(acks).containsExactly("b");
        assertThat(t.voidedCount()).isEqualTo(1);
        assertThat(t.inFlight()).isZero();
    }
}
