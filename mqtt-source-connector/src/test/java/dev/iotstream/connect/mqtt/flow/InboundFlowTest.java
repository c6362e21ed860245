package dev.iotstream.connect.mqtt.flow;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatCode;

/**
 * The at-least-once rules of {@link InboundFlow} (the Connect-free logic under {@code MqttSourceTask}), one test each,
 * against fakes of our own interfaces: acker, connection epoch, mapper, clock and sleeper. No broker, no Kafka; the
 * real ones are the ITs' business. The checks are in {@link InboundFlowRules}; {@link InboundFlowMutationTest} shows
 * each of them failing against the production code with one line broken. Each test asserts that its rule's check
 * raises nothing against the real flow (the checks themselves assert on the acks, records and window).
 */
class InboundFlowTest {

    @Test
    void acksOnlyAfterEveryRecordIsCommitted() {
        assertThatCode(InboundFlowRules::acksOnlyAfterEveryRecordIsCommitted).doesNotThrowAnyException();
    }

    @Test
    void acksInArrivalOrder() {
        assertThatCode(InboundFlowRules::acksInArrivalOrder).doesNotThrowAnyException();
    }

    @Test
    void windowBoundsTheMessagesTaken() {
        assertThatCode(InboundFlowRules::windowBoundsTheMessagesTaken).doesNotThrowAnyException();
    }

    @Test
    void anAckNotYetWrittenHoldsItsWindowSlot() {
        assertThatCode(InboundFlowRules::anAckNotYetWrittenHoldsItsWindowSlot).doesNotThrowAnyException();
    }

    @Test
    void aWaitingMessageGivesUpWhenTheFlowStops() {
        assertThatCode(InboundFlowRules::aWaitingMessageGivesUpWhenTheFlowStops).doesNotThrowAnyException();
    }

    @Test
    void aWaitingMessageGivesUpWhenItsConnectionIsGone() {
        assertThatCode(InboundFlowRules::aWaitingMessageGivesUpWhenItsConnectionIsGone).doesNotThrowAnyException();
    }

    @Test
    void aTicketRegisteredAfterItsConnectionWasVoidedIsVoided() {
        assertThatCode(InboundFlowRules::aTicketRegisteredAfterItsConnectionWasVoidedIsVoided).doesNotThrowAnyException();
    }

    @Test
    void messagesOfALostConnectionAreNeverAckedAndUnpolledOnesAreDropped() {
        assertThatCode(InboundFlowRules::messagesOfALostConnectionAreNeverAckedAndUnpolledOnesAreDropped).doesNotThrowAnyException();
    }

    @Test
    void qos0IsBoundedByAdmission() {
        assertThatCode(InboundFlowRules::qos0IsBoundedByAdmission).doesNotThrowAnyException();
    }

    @Test
    void countsReachTheTrackerOnlyAfterTheWholeBatchMapped() {
        assertThatCode(InboundFlowRules::countsReachTheTrackerOnlyAfterTheWholeBatchMapped).doesNotThrowAnyException();
    }

    @Test
    void stopNamesTheOldestMessageWithUnwrittenRecords() {
        assertThatCode(InboundFlowRules::stopNamesTheOldestMessageWithUnwrittenRecords).doesNotThrowAnyException();
    }

    @Test
    void aBatchHoldsAtMostMaxBatchMessages() {
        assertThatCode(InboundFlowRules::aBatchHoldsAtMostMaxBatchMessages).doesNotThrowAnyException();
    }

    @Test
    void lingerUsesTheInjectedSleeperAndClock() {
        assertThatCode(InboundFlowRules::lingerUsesTheInjectedSleeperAndClock).doesNotThrowAnyException();
    }
}
