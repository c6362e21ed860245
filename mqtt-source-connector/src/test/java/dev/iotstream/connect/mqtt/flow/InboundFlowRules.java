package dev.iotstream.connect.mqtt.flow;

import dev.iotstream.connect.mqtt.client.InboundMessage;
import dev.iotstream.connect.mqtt.flow.FlowRig.Rec;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The at-least-once rules of {@link InboundFlow}, each a check that builds a flow on fakes ({@link FlowRig}), drives
 * it and throws an AssertionError where the rule is broken. {@link InboundFlowTest} runs them against the flow as
 * built; {@link InboundFlowMutationTest} runs each against copies of the production classes with one line broken and
 * expects the AssertionError. So the checks take no arguments and reach the flow only through public classes: they
 * run unchanged in the class loader that holds the broken copy.
 */
final class InboundFlowRules {
    private InboundFlowRules() {
    }

    /**
     * A message is acknowledged only when every record made from it is done (written, or dropped by a transform:
     * Connect calls commitRecord for those too, and the task passes every commitRecord on); one that became no
     * record is done at once, but acknowledged only after the messages before it.
     */
    static void acksOnlyAfterEveryRecordIsCommitted() throws Exception {
        FlowRig rig = new FlowRig(10, 10);
        rig.arrive("A", "a1,a2,a3");
        rig.arrive("B", ""); // mapped to no record (skipped, filtered)
        rig.arrive("C", "c1");
        List<Rec> records = rig.poll();
        assertThat(records).map(Rec::value).containsExactly("a1", "a2", "a3", "c1");
        assertThat(rig.acked).as("acks before any record is done").isEmpty();
        rig.commit(records, "a1");
        rig.commit(records, "a3"); // say a transform dropped this one: commitRecord(record, null)
        assertThat(rig.acked).as("acks while a2 of A is not done").isEmpty();
        rig.commit(records, "a2");
        assertThat(rig.acked).as("A once all its records are done, then B (no records) right behind it")
                .containsExactly("A", "B");
        rig.commit(records, "c1");
        assertThat(rig.acked).containsExactly("A", "B", "C");
        assertThat(rig.flow.inFlight()).isZero();

        rig.arrive("D", "");
        assertThat(rig.poll()).as("D becomes no record: an empty batch, not none").isEmpty();
        assertThat(rig.acked).as("a message with no records is acknowledged at its poll").containsExactly("A", "B",
                "C", "D");
    }

    /** Acks go out in arrival order (MQTT 3.1.1 4.6.0-2), whatever order Kafka confirms the records in. */
    static void acksInArrivalOrder() throws Exception {
        FlowRig rig = new FlowRig(10, 10);
        rig.arrive("A", "a1");
        rig.arrive("B", "b1");
        rig.arrive("C", "c1");
        List<Rec> records = rig.poll();
        rig.commit(records, "c1");
        rig.commit(records, "b1");
        assertThat(rig.acked).as("B and C are done, A is not").isEmpty();
        rig.commit(records, "a1");
        assertThat(rig.acked).containsExactly("A", "B", "C");
    }

    /**
     * At most {@code window} QoS 1/2 messages are taken un-acknowledged: the next one waits (on the callback thread)
     * until one is acknowledged, and is then handed to poll().
     */
    static void windowBoundsTheMessagesTaken() throws Exception {
        FlowRig rig = new FlowRig(2, 10);
        rig.arrive("A", "a1");
        rig.arrive("B", "b1");
        Thread c = rig.arriveInBackground(rig.message("C", 1, "c1"));
        try {
            assertThat(FlowRig.waits(c)).as("C, beyond the window of 2, waits").isTrue();
            List<Rec> first = rig.poll();
            assertThat(first).map(Rec::value).containsExactly("a1", "b1");
            assertThat(rig.flow.inFlight()).isEqualTo(2);
            rig.commit(first, "a1");
            assertThat(FlowRig.endsSoon(c)).as("C is taken once A is acknowledged").isTrue();
            assertThat(rig.poll()).map(Rec::value).containsExactly("c1");
        } finally {
            rig.release(c);
        }
    }

    /**
     * A message leaves the window only once the client has written its ack, not when the ack is handed to the
     * client: while it waits in the client's queue the next message beyond the window waits too, so what is in Kafka
     * without its ack having left the process stays within one window (the duplicate bound after a kill -9).
     */
    static void anAckNotYetWrittenHoldsItsWindowSlot() throws Exception {
        FlowRig rig = new FlowRig(1, 10);
        rig.arrive("A", "a1");
        List<Rec> a = rig.poll();
        rig.acksInTransit.set(1); // the fake client queues A's ack...
        rig.commit(a, "a1");
        assertThat(rig.acked).containsExactly("A");
        Thread b = rig.arriveInBackground(rig.message("B", 1, "b1"));
        try {
            assertThat(FlowRig.waits(b)).as("B waits while A's ack is not written").isTrue();
            rig.acksInTransit.set(0); // ...and writes it
            assertThat(FlowRig.endsSoon(b)).as("B is taken once A's ack is written").isTrue();
            assertThat(rig.poll()).map(Rec::value).containsExactly("b1");
        } finally {
            rig.release(b);
        }
    }

    /** A message waiting for a window slot gives up when the flow stops: it is never handed to poll(). */
    static void aWaitingMessageGivesUpWhenTheFlowStops() throws Exception {
        FlowRig rig = new FlowRig(1, 10);
        rig.arrive("A", "a1");
        Thread b = rig.arriveInBackground(rig.message("B", 1, "b1"));
        try {
            assertThat(FlowRig.waits(b)).isTrue();
            assertThat(rig.flow.stop()).as("A was not polled: it has no unwritten records").isNull();
            assertThat(FlowRig.endsSoon(b)).as("B stops waiting when the flow stops").isTrue();
            assertThat(rig.poll()).map(Rec::value).containsExactly("a1");
            assertThat(rig.poll()).isEmpty();
        } finally {
            rig.release(b);
        }
    }

    /**
     * A message waiting for a window slot gives up when the client is on a newer connection than the message's
     * (the broker redelivers it there); it is never registered nor handed to poll().
     */
    static void aWaitingMessageGivesUpWhenItsConnectionIsGone() throws Exception {
        FlowRig rig = new FlowRig(1, 10);
        rig.arrive("A", "a1");
        Thread b = rig.arriveInBackground(rig.message("B", 1, "b1"));
        try {
            assertThat(FlowRig.waits(b)).isTrue();
            rig.epoch.incrementAndGet(); // reconnected; the old connection's loss not reported (yet)
            assertThat(FlowRig.endsSoon(b)).as("B stops waiting once its connection is gone").isTrue();
            assertThat(rig.flow.inFlight()).isEqualTo(1);
            assertThat(rig.poll()).map(Rec::value).containsExactly("a1");
            assertThat(rig.poll()).isEmpty();
        } finally {
            rig.release(b);
        }
    }

    /**
     * A message that was waiting for a slot when its connection was lost gets one as the lost connection's messages
     * leave the window, but is voided at once: never polled, never acknowledged, not in flight.
     */
    static void aTicketRegisteredAfterItsConnectionWasVoidedIsVoided() throws Exception {
        FlowRig rig = new FlowRig(1, 10, 0, 60_000); // long slices: B waits inside the tracker until woken
        rig.arrive("A", "a1");
        List<Rec> a = rig.poll();
        Thread b = rig.arriveInBackground(rig.message("B", 1, "b1"));
        try {
            assertThat(FlowRig.waits(b)).isTrue();
            rig.flow.connectionLost();
            assertThat(FlowRig.endsSoon(b)).isTrue();
            assertThat(rig.flow.inFlight()).as("B does not hold the new connection's window").isZero();
            assertThat(rig.poll()).as("B is not handed to Kafka").isEmpty();
            rig.commit(a, "a1");
            rig.epoch.incrementAndGet();
            rig.arrive("C", "c1");
            List<Rec> c = rig.poll();
            assertThat(c).map(Rec::value).containsExactly("c1");
            rig.commit(c, "c1");
            assertThat(rig.acked).as("only the new connection's message").containsExactly("C");
        } finally {
            rig.release(b);
        }
    }

    /**
     * Messages of a lost connection are never acknowledged (their ids mean nothing on the next one), those already
     * polled not even when their records are done later; those not yet polled are dropped: no record is made from
     * them (the broker redelivers them). Messages of the new connection are acknowledged as usual.
     */
    static void messagesOfALostConnectionAreNeverAckedAndUnpolledOnesAreDropped() throws Exception {
        FlowRig rig = new FlowRig(10, 1);
        rig.arrive("A", "a1");
        rig.arrive("B", "b1");
        List<Rec> a = rig.poll();
        assertThat(a).map(Rec::value).containsExactly("a1");
        rig.flow.connectionLost();
        assertThat(rig.flow.inFlight()).isZero();
        assertThat(rig.poll()).as("B, not polled before the connection was lost").isEmpty();
        rig.commit(a, "a1");
        assertThat(rig.acked).as("A's records done after its connection was lost").isEmpty();

        rig.epoch.incrementAndGet();
        rig.arrive("C", "c1");
        List<Rec> c = rig.poll();
        assertThat(c).map(Rec::value).containsExactly("c1");
        rig.commit(c, "c1");
        assertThat(rig.acked).containsExactly("C");
    }

    /**
     * QoS 0 messages hold at most {@code window} hand-off slots; one arriving when all are taken waits the admission
     * time, then it and the next ones are dropped and counted, until poll() takes messages and frees slots. QoS 0
     * is never acknowledged, and QoS 1 messages do not share those slots.
     */
    static void qos0IsBoundedByAdmission() throws Exception {
        FlowRig rig = new FlowRig(2, 10);
        rig.arriveQos0("Q1", "q1");
        rig.arriveQos0("Q2", "q2");
        long before = System.nanoTime();
        rig.arriveQos0("Q3", "q3");
        assertThat(System.nanoTime() - before).as("Q3 waited the admission time (5 ms)")
                .isGreaterThanOrEqualTo(4_000_000L);
        rig.arriveQos0("Q4", "q4");
        assertThat(rig.metrics.getMessagesDropped()).as("Q3 and Q4 dropped and counted").isEqualTo(2);
        rig.arrive("A", "a1"); // QoS 1: the window, not the QoS 0 slots
        List<Rec> first = rig.poll();
        assertThat(first).map(Rec::value).containsExactly("q1", "q2", "a1");
        assertThat(first.get(0).ticket()).isNull();
        rig.arriveQos0("Q5", "q5");
        assertThat(rig.metrics.getMessagesDropped()).as("the poll freed the slots of Q1 and Q2").isEqualTo(2);
        assertThat(rig.poll()).map(Rec::value).containsExactly("q5");
        rig.commit(first, "q1", "q2");
        assertThat(rig.acked).as("QoS 0 has nothing to acknowledge").isEmpty();
    }

    /**
     * Record counts reach the tracker only once the whole batch is mapped: when the mapper throws on a message, no
     * message of the batch counts as handed to Kafka, so none is named as refused downstream when the task stops
     * (the redelivery guard would blame it).
     */
    static void countsReachTheTrackerOnlyAfterTheWholeBatchMapped() throws Exception {
        FlowRig rig = new FlowRig(10, 10);
        rig.arrive("A", "a1");
        rig.arrive("B", "b1");
        rig.arrive("X", "boom");
        assertThatThrownBy(rig::poll).isInstanceOf(IllegalStateException.class).hasMessage("mapping X failed");
        assertThat(rig.flow.stop()).as("the message named unwritten at stop").isNull();
        assertThat(rig.acked).isEmpty();
    }

    /**
     * At stop, the flow names the oldest message of the current connection with records handed out and not all
     * done (what the task's redelivery guard counts), or none when all are done.
     */
    static void stopNamesTheOldestMessageWithUnwrittenRecords() throws Exception {
        FlowRig rig = new FlowRig(10, 10);
        rig.arrive("A", "a1,a2");
        rig.arrive("B", "b1");
        List<Rec> records = rig.poll();
        rig.commit(records, "a1", "b1");
        InboundMessage unwritten = rig.flow.stop();
        assertThat(unwritten).as("A has a2 not done").isNotNull();
        assertThat(unwritten.topic()).isEqualTo("A");

        FlowRig done = new FlowRig(10, 10);
        done.arrive("A", "a1");
        done.commit(done.poll(), "a1");
        assertThat(done.flow.stop()).isNull();
    }

    /** A poll takes at most {@code maxBatch} messages, also when more arrive during its linger. */
    static void aBatchHoldsAtMostMaxBatchMessages() throws Exception {
        FlowRig rig = new FlowRig(10, 2);
        for (String m : List.of("A", "B", "C", "D", "E")) {
            rig.arrive(m, m.toLowerCase());
        }
        assertThat(rig.poll()).map(Rec::value).containsExactly("a", "b");
        assertThat(rig.poll()).map(Rec::value).containsExactly("c", "d");
        assertThat(rig.poll()).map(Rec::value).containsExactly("e");

        FlowRig lingering = new FlowRig(10, 3, 20, 2);
        lingering.arrive("A", "a");
        lingering.duringLinger = () -> {
            for (String m : List.of("B", "C", "D", "E")) {
                lingering.arrive(m, m.toLowerCase());
            }
        };
        assertThat(lingering.poll()).map(Rec::value).containsExactly("a", "b", "c");
    }

    /**
     * When the first drain does not fill a batch, poll() lingers once, through the injected sleeper, and takes what
     * arrived meanwhile; records get the injected clock's time after the linger. A full batch does not linger, nor
     * does a flow with no linger.
     */
    static void lingerUsesTheInjectedSleeperAndClock() throws Exception {
        FlowRig rig = new FlowRig(10, 10, 20, 2);
        rig.arrive("A", "a1");
        rig.duringLinger = () -> {
            rig.arrive("B", "b1");
            rig.arriveQos0("Q", "q1");
            rig.clock.addAndGet(20);
        };
        assertThat(rig.poll()).map(Rec::value).containsExactly("a1", "b1", "q1");
        assertThat(rig.sleeps).containsExactly(20L);
        assertThat(rig.arrivalMillis).as("arrival time: the injected clock after the linger")
                .containsOnly(1_000_020L);

        FlowRig full = new FlowRig(10, 2, 20, 2);
        full.arrive("A", "a1");
        full.arrive("B", "b1");
        assertThat(full.poll()).hasSize(2);
        assertThat(full.sleeps).as("a full batch does not linger").isEmpty();

        FlowRig none = new FlowRig(10, 10, 0, 2);
        none.arrive("A", "a1");
        assertThat(none.poll()).hasSize(1);
        assertThat(none.sleeps).isEmpty();
    }
}
