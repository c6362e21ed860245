package dev.iotstream.connect.timeseries.delivery;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class RetryWaitTest {
    private static final TopicPartition P0 = new TopicPartition("t", 0);
    private static final TopicPartition P1 = new TopicPartition("t", 1);
    private static final TopicPartition P2 = new TopicPartition("t", 2);

    @Test
    void idleWaitPausesNothingAndReleasesNothing() {
        RetryWait wait = new RetryWait();
        assertThat(wait.active()).isFalse();
        assertThat(wait.waiting(0)).isFalse();
        assertThat(wait.remainingMs(0)).isZero();
        assertThat(wait.toPause(List.of(P0))).as("assigned while no wait is on").isEmpty();
        assertThat(wait.release(List.of(P0))).isEmpty();
    }

    @Test
    void pausesTheAssignedPartitionsUntilTheNotBeforeTimeAndReleasesExactlyThose() {
        RetryWait wait = new RetryWait();
        assertThat(wait.begin(3000, List.of(P0, P1))).containsExactly(P0, P1);
        assertThat(wait.waiting(1000)).isTrue();
        assertThat(wait.remainingMs(1000)).isEqualTo(2000);
        assertThat(wait.waiting(3000)).as("due at the not-before time, not earlier").isFalse();
        assertThat(wait.active()).as("still paused until released").isTrue();
        assertThat(wait.release(List.of(P0, P1, P2))).as("only what this wait paused")
                .containsExactlyInAnyOrder(P0, P1);
        assertThat(wait.active()).isFalse();
        assertThat(wait.release(List.of(P0, P1))).as("released once").isEmpty();
    }

    @Test
    void anotherFailureExtendsTheWaitAndPausesOnlyWhatIsNotPausedYet() {
        RetryWait wait = new RetryWait();
        wait.begin(1000, List.of(P0));
        assertThat(wait.begin(5000, List.of(P0, P1))).containsExactly(P1);
        assertThat(wait.waiting(4999)).isTrue();
        assertThat(wait.remainingMs(4000)).isEqualTo(1000);
        assertThat(wait.release(List.of(P0, P1))).containsExactlyInAnyOrder(P0, P1);
    }

    @Test
    void partitionsAssignedDuringTheWaitArePausedAndResumedWithTheOthers() {
        RetryWait wait = new RetryWait();
        wait.begin(1000, List.of(P0));
        assertThat(wait.toPause(List.of(P1, P2))).containsExactly(P1, P2);
        assertThat(wait.toPause(List.of(P0, P1, P2))).as("already paused").isEmpty();
        assertThat(wait.release(List.of(P0, P1, P2))).containsExactlyInAnyOrder(P0, P1, P2);
    }

    @Test
    void revokedPartitionsAreNotResumedButArePausedAgainWhenReassignedDuringTheWait() {
        RetryWait wait = new RetryWait();
        wait.begin(1000, List.of(P0, P1));
        wait.revoked(List.of(P0, P1));
        // Eager rebalance: P1 comes back at once (open), P0 goes to another task.
        assertThat(wait.toPause(List.of(P1))).containsExactly(P1);
        assertThat(wait.release(List.of(P1))).containsExactly(P1);
    }

    @Test
    void releaseSkipsPartitionsNoLongerAssigned() {
        RetryWait wait = new RetryWait();
        wait.begin(1000, List.of(P0, P1));
        // Lost without a close() seen yet: resuming P1 would be refused by Connect (not assigned).
        Set<TopicPartition> resumed = wait.release(List.of(P0));
        assertThat(resumed).containsExactly(P0);
    }
}
