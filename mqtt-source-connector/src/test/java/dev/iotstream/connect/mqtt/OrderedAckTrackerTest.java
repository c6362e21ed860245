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

    /** The duplicate bound: acks the client has queued but not written still hold their slots of the window. */
    @Test
    void acksNotYetWrittenByTheClientStillHoldTheWindow() throws Exception {
        java.util.concurrent.atomic.AtomicInteger unwritten = new java.util.concurrent.atomic.AtomicInteger();
        OrderedAckTracker<String> t = new OrderedAckTracker<>(2, m -> {
            acks.add(m);
            unwritten.incrementAndGet(); // queued in the client, not yet on the wire
        }, unwritten::get);
        Ticket<String> a = t.register("a", 0);
        Ticket<String> b = t.register("b", 0);
        t.expect(a, 1);
        t.expect(b, 1);
        t.recordDone(a);
        t.recordDone(b);
        assertThat(acks).containsExactly("a", "b");
        assertThat(t.inFlight()).isZero();
        assertThat(t.register("c", 50)).as("both acks still queued in the client").isNull();
        unwritten.decrementAndGet(); // the client wrote the first one
        Ticket<String> c = t.register("c", 50);
        assertThat(c).isNotNull();
        assertThat(t.register("d", 50)).as("one queued ack and c fill the window of 2").isNull();
        CompletableFuture<Ticket<String>> d = CompletableFuture.supplyAsync(() -> {
            try {
                return t.register("d", 5_000);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(20);
        assertThat(d).isNotDone();
        unwritten.decrementAndGet(); // written acks notify nobody: the waiter must notice by itself
        assertThat(d.get(2, TimeUnit.SECONDS)).isNotNull();
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
    void voidedMessagesAreNeverAckedAndDoNotHoldBackTheNextConnection() throws Exception {
        OrderedAckTracker<String> t = new OrderedAckTracker<>(10, acks::add);
        Ticket<String> a = t.register("a", 0);
        t.expect(a, 1);
        t.voidAll();
        assertThat(a.voided()).isTrue();
        assertThat(t.inFlight()).isZero();
        assertThat(t.voidedInFlight()).isEqualTo(1);
        Ticket<String> b = t.register("b", 0);
        t.expect(b, 1);
        t.recordDone(b);
        assertThat(acks).containsExactly("b"); // not behind a: message ids belong to one connection
        t.recordDone(a);
        assertThat(acks).containsExactly("b");
        assertThat(t.voidedCount()).isEqualTo(1);
        assertThat(t.voidedInFlight()).isZero();
        assertThat(t.inFlight()).isZero();
    }

    /**
     * After a reconnect the next connection gets a full window while the voided one is still in the pipeline, but
     * no more: voided messages still count in a second window until their records are through or they are discarded.
     */
    @Test
    void voidedMessagesLeaveTheWindowButStayBoundedByASecondOne() throws Exception {
        OrderedAckTracker<String> t = new OrderedAckTracker<>(2, acks::add);
        Ticket<String> a = t.register("a", 0);
        Ticket<String> b = t.register("b", 0);
        t.expect(a, 1);
        t.expect(b, 1);
        t.voidAll();
        Ticket<String> c = t.register("c", 0); // a full window for the next connection
        Ticket<String> d = t.register("d", 0);
        assertThat(t.register("x", 50)).isNull(); // but no more
        t.expect(c, 1);
        t.expect(d, 1);
        t.voidAll(); // another reconnect before Kafka confirmed anything
        assertThat(t.inFlight()).isZero();
        assertThat(t.voidedInFlight()).isEqualTo(4);
        assertThat(t.register("e", 50)).isNull(); // two windows are in the pipeline
        t.recordDone(a);
        assertThat(t.register("e", 0)).isNotNull();
        assertThat(t.register("f", 50)).isNull();
        assertThat(acks).isEmpty();
        assertThat(t.voidedCount()).isEqualTo(4);
    }

    @Test
    void aVoidedMessageThatIsNeverPolledIsDiscarded() throws Exception {
        OrderedAckTracker<String> t = new OrderedAckTracker<>(1, acks::add);
        Ticket<String> a = t.register("a", 0);
        t.voidAll();
        assertThat(t.voidedInFlight()).isEqualTo(1);
        t.discard(a);
        assertThat(t.voidedInFlight()).isZero();
        t.discard(a); // twice (hand-off purge and poll) changes nothing
        assertThat(t.voidedInFlight()).isZero();
        assertThat(acks).isEmpty();
    }

    @Test
    void aMessageVoidedAloneIsNeitherAckedNorHoldsBackLaterOnes() throws Exception {
        OrderedAckTracker<String> t = new OrderedAckTracker<>(10, acks::add);
        Ticket<String> late = t.register("late", 0);
        Ticket<String> b = t.register("b", 0);
        t.expect(b, 0);
        assertThat(acks).isEmpty();
        t.voidOne(late);
        assertThat(acks).containsExactly("b");
        assertThat(t.inFlight()).isZero();
        assertThat(t.voidedInFlight()).isZero();
    }
}
