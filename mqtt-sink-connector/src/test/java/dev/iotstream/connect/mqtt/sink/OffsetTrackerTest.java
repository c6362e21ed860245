package dev.iotstream.connect.mqtt.sink;

import dev.iotstream.connect.mqtt.sink.delivery.OffsetTracker;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class OffsetTrackerTest {
    @Test
    void commitsOnlyTheAcknowledgedPrefix() {
        AtomicLong now = new AtomicLong(1000);
        OffsetTracker<String> t = new OffsetTracker<>(now::get);
        var a = t.accept("p0", 10);
        var b = t.accept("p0", 11);
        var c = t.accept("p0", 12);
        t.done(b);
        t.done(c);
        assertThat(t.committable()).isEmpty();
        now.set(1500);
        assertThat(t.oldestPendingAgeMs()).isEqualTo(500);
        t.done(a);
        assertThat(t.committable()).containsEntry("p0", 13L);
        assertThat(t.pending()).isZero();
        assertThat(t.oldestPendingAgeMs()).isZero();
    }

    @Property
    void neverCommitsPastAnUnacknowledgedRecord(@ForAll @IntRange(min = 1, max = 200) int n, @ForAll long seed) {
        OffsetTracker<String> t = new OffsetTracker<>(() -> 0);
        List<OffsetTracker.Entry<String>> entries = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            entries.add(t.accept("p", i));
        }
        List<OffsetTracker.Entry<String>> order = new ArrayList<>(entries);
        Collections.shuffle(order, new Random(seed));
        boolean[] done = new boolean[n];
        for (var e : order) {
            t.done(e);
            done[(int) e.offset()] = true;
            int prefix = 0;
            while (prefix < n && done[prefix]) {
                prefix++;
            }
            Long committed = t.committable().get("p");
            assertThat(committed == null ? 0L : committed).isEqualTo(prefix);
        }
    }
}
