package dev.iotstream.connect.mqtt.flow;

import org.junit.jupiter.api.Test;

/**
 * The at-least-once rules of {@link InboundFlow} (the Connect-free logic under {@code MqttSourceTask}), one test each,
 * against fakes of our own interfaces: acker, connection epoch, mapper, clock and sleeper. No broker, no Kafka; the
 * real ones are the ITs' business. The checks are in {@link InboundFlowRules}; {@link InboundFlowMutationTest} shows
 * each of them failing against the production code with one line broken.
 */
class InboundFlowTest {

    @Test
    void acksOnlyAfterEveryRecordIsCommitted() throws Exception {
        InboundFlowRules.acksOnlyAfterEveryRecordIsCommitted();
    }

    @Test
    void acksInArrivalOrder() throws Exception {
        InboundFlowRules.acksInArrivalOrder();
    }

    @Test
    void windowBoundsTheMessagesTaken() throws Exception {
        InboundFlowRules.windowBoundsTheMessagesTaken();
    }

    @Test
    void anAckNotYetWrittenHoldsItsWindowSlot() throws Exception {
        InboundFlowRules.anAckNotYetWrittenHoldsItsWindowSlot();
    }

    @Test
    void aWaitingMessageGivesUpWhenTheFlowStops() throws Exception {
        InboundFlowRules.aWaitingMessageGivesUpWhenTheFlowStops();
    }

    @Test
    void aWaitingMessageGivesUpWhenItsConnectionIsGone() throws Exception {
        InboundFlowRules.aWaitingMessageGivesUpWhenItsConnectionIsGone();
    }

    @Test
    void aTicketRegisteredAfterItsConnectionWasVoidedIsVoided() throws Exception {
        InboundFlowRules.aTicketRegisteredAfterItsConnectionWasVoidedIsVoided();
    }

    @Test
    void messagesOfALostConnectionAreNeverAckedAndUnpolledOnesAreDropped() throws Exception {
        InboundFlowRules.messagesOfALostConnectionAreNeverAckedAndUnpolledOnesAreDropped();
    }

    @Test
    void qos0IsBoundedByAdmission() throws Exception {
        InboundFlowRules.qos0IsBoundedByAdmission();
    }

    @Test
    void countsReachTheTrackerOnlyAfterTheWholeBatchMapped() throws Exception {
        InboundFlowRules.countsReachTheTrackerOnlyAfterTheWholeBatchMapped();
    }

    @Test
    void stopNamesTheOldestMessageWithUnwrittenRecords() throws Exception {
        InboundFlowRules.stopNamesTheOldestMessageWithUnwrittenRecords();
    }

    @Test
    void aBatchHoldsAtMostMaxBatchMessages() throws Exception {
        InboundFlowRules.aBatchHoldsAtMostMaxBatchMessages();
    }

    @Test
    void lingerUsesTheInjectedSleeperAndClock() throws Exception {
        InboundFlowRules.lingerUsesTheInjectedSleeperAndClock();
    }
}
