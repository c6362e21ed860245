package dev.iotstream.connect.mqtt.ack;

import dev.iotstream.connect.mqtt.ack.RedeliveryGuard.Verdict;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RedeliveryGuardTest {
    private final Map<String, RedeliveryGuard.Suspect> memory = new HashMap<>();
    private static final byte[] POISON = "{\"bad\":".getBytes(StandardCharsets.UTF_8);
    private static final byte[] GOOD = "{\"t\":1}".getBytes(StandardCharsets.UTF_8);

    /** One run of task 0: what the guard says of the arriving message, then the stop naming what stayed unwritten. */
    private Verdict run(byte[] arriving, boolean rejected) {
        RedeliveryGuard guard = new RedeliveryGuard(memory, "c/0", 2);
        Verdict v = guard.watching() ? guard.verdict("dev/1", arriving) : Verdict.PASS;
        if (v == Verdict.FAIL) {
            guard.stopped(null, null);
        } else {
            guard.stopped(rejected ? "dev/1" : null, rejected ? arriving : null);
        }
        return v;
    }

    @Test
    void aMessageRejectedInTwoRunsInARowIsDeadLetteredThenWithoutPayloadThenFails() {
        assertThat(run(POISON, true)).isEqualTo(Verdict.PASS);   // run 1: Connect's error
        assertThat(run(POISON, true)).isEqualTo(Verdict.PASS);   // run 2: the same again
        assertThat(run(POISON, true)).isEqualTo(Verdict.DEAD_LETTER); // run 3: dead letter, refused as well
        assertThat(run(POISON, true)).isEqualTo(Verdict.DEAD_LETTER_WITHOUT_PAYLOAD); // refused as well
        assertThat(run(POISON, false)).isEqualTo(Verdict.FAIL);
        assertThat(run(POISON, false)).as("the verdict stands across runs that never hand it over")
                .isEqualTo(Verdict.FAIL);
    }

    @Test
    void aDeadLetterThatIsWrittenEndsTheLoop() {
        run(POISON, true);
        run(POISON, true);
        assertThat(run(POISON, false)).isEqualTo(Verdict.DEAD_LETTER);
        assertThat(memory).isEmpty();
        assertThat(run(POISON, false)).isEqualTo(Verdict.PASS);
    }

    @Test
    void otherMessagesPassAndAStopWithNothingUnwrittenForgets() {
        run(POISON, true);
        run(POISON, true);
        RedeliveryGuard guard = new RedeliveryGuard(memory, "c/0", 2);
        assertThat(guard.verdict("dev/1", GOOD)).isEqualTo(Verdict.PASS);
        assertThat(guard.verdict("dev/2", POISON)).as("same bytes, other topic").isEqualTo(Verdict.PASS);
        assertThat(new RedeliveryGuard(memory, "c/1", 2).watching()).as("other task").isFalse();
        guard.stopped(null, null);
        assertThat(new RedeliveryGuard(memory, "c/0", 2).watching()).isFalse();
    }

    @Test
    void stopsOnDifferentMessagesDoNotAddUp() {
        RedeliveryGuard first = new RedeliveryGuard(memory, "c/0", 2);
        assertThat(first.stopped("dev/1", POISON)).isEqualTo(1);
        RedeliveryGuard second = new RedeliveryGuard(memory, "c/0", 2);
        assertThat(second.stopped("dev/1", GOOD)).isEqualTo(1);
        assertThat(new RedeliveryGuard(memory, "c/0", 2).watching()).isFalse();
    }

    @Test
    void theOldestUnwrittenMessageIsTheFirstMappedOneWithRecordsOutstanding() throws Exception {
        List<String> acked = new ArrayList<>();
        OrderedAckTracker<String> tracker = new OrderedAckTracker<>(10, acked::add);
        var a = tracker.register("a", 0);
        var b = tracker.register("b", 0);
        var c = tracker.register("c", 0);
        tracker.register("d", 0); // not yet polled: not handed to Connect
        assertThat(tracker.oldestUnwritten()).isNull();
        tracker.expect(a, 1);
        tracker.expect(b, 2);
        tracker.expect(c, 1);
        tracker.recordDone(a);
        tracker.recordDone(c);
        tracker.recordDone(b);
        assertThat(tracker.oldestUnwritten()).as("b has one record left").isEqualTo("b");
        tracker.recordDone(b);
        assertThat(tracker.oldestUnwritten()).isNull();
        assertThat(acked).containsExactly("a", "b", "c");
    }
}
