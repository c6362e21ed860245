package dev.iotstream.connect.mqtt.ack;

import org.junit.jupiter.api.Test;

import java.util.OptionalInt;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class BrokerWindowObserverTest {
    private long now;

    /** Feeds arrivals evenly over one period and returns what the last one reports. */
    private OptionalInt period(BrokerWindowObserver o, int arrivals, java.util.function.IntUnaryOperator inFlight) {
        OptionalInt last = OptionalInt.empty();
        for (int i = 0; i < arrivals; i++) {
            now += BrokerWindowObserver.PERIOD_MS / arrivals + 1;
            OptionalInt r = o.arrived(inFlight.applyAsInt(i));
            if (r.isPresent()) {
                last = r;
            }
        }
        return last;
    }

    @Test
    void aBrokerWindowOf20BelowTheConfiguredOneIsReportedOnce() {
        BrokerWindowObserver o = new BrokerWindowObserver(10_000, () -> now);
        // saturated: every arrival finds the other 19 slots taken (the 20th was just freed by an ack)
        assertThat(period(o, 5_000, i -> i < 19 ? i : 19)).hasValue(20);
        assertThat(period(o, 5_000, i -> 19)).as("once per task").isEmpty();
    }

    @Test
    void lightOrIrregularTrafficIsNotAWindow() {
        Random random = new Random(1);
        BrokerWindowObserver light = new BrokerWindowObserver(10_000, () -> now);
        assertThat(period(light, 3_000, i -> random.nextInt(3))).isEmpty();
        BrokerWindowObserver bursty = new BrokerWindowObserver(10_000, () -> now);
        assertThat(period(bursty, 5_000, i -> random.nextInt(200))).isEmpty();
        BrokerWindowObserver few = new BrokerWindowObserver(10_000, () -> now);
        assertThat(period(few, 100, i -> 19)).as("too few arrivals to tell").isEmpty();
    }

    @Test
    void theTasksOwnWindowIsNotTheBrokers() {
        BrokerWindowObserver o = new BrokerWindowObserver(1_000, () -> now);
        assertThat(period(o, 50_000, i -> 999)).isEmpty();
    }
}
