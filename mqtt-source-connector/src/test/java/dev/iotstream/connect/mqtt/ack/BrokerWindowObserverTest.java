package dev.iotstream.connect.mqtt.ack;

import org.junit.jupiter.api.Test;

import java.util.OptionalInt;
import java.util.Random;
import java.util.function.IntUnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

class BrokerWindowObserverTest {
    private long now;

    /** Feeds arrivals evenly over one period and returns what the period's last arrival reports. */
    private OptionalInt period(BrokerWindowObserver o, int arrivals, IntUnaryOperator inFlight) {
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

    /** Acks released in batches: arrivals find 0..9 in flight, never more (RabbitMQ with mqtt.prefetch 10). */
    private static int batchedWindowOf10(int i) {
        return i % 10;
    }

    @Test
    void theSameSmallCeilingInThreeBusyPeriodsIsReportedOnce() {
        BrokerWindowObserver o = new BrokerWindowObserver(10_000, () -> now);
        assertThat(period(o, 5_000, BrokerWindowObserverTest::batchedWindowOf10)).isEmpty();
        assertThat(period(o, 5_000, BrokerWindowObserverTest::batchedWindowOf10)).isEmpty();
        assertThat(period(o, 5_000, BrokerWindowObserverTest::batchedWindowOf10)).hasValue(10);
        assertThat(period(o, 5_000, BrokerWindowObserverTest::batchedWindowOf10)).as("once per task").isEmpty();
    }

    @Test
    void aCeilingThatMovesOrLightTrafficIsNotAWindow() {
        Random random = new Random(1);
        BrokerWindowObserver moving = new BrokerWindowObserver(10_000, () -> now);
        for (int p = 0; p < 6; p++) {
            int cap = 10 + p * 7; // Mosquitto draining a backlog: no fixed ceiling
            assertThat(period(moving, 5_000, i -> random.nextInt(cap))).isEmpty();
        }
        BrokerWindowObserver light = new BrokerWindowObserver(10_000, () -> now);
        for (int p = 0; p < 6; p++) {
            assertThat(period(light, 150, i -> i % 10)).as("too few arrivals to tell").isEmpty();
        }
        BrokerWindowObserver tiny = new BrokerWindowObserver(10_000, () -> now);
        for (int p = 0; p < 6; p++) {
            assertThat(period(tiny, 5_000, i -> i % 3)).as("a ceiling of 3 is traffic, not a broker").isEmpty();
        }
    }

    @Test
    void theTasksOwnWindowIsNotTheBrokers() {
        BrokerWindowObserver o = new BrokerWindowObserver(1_000, () -> now);
        for (int p = 0; p < 6; p++) {
            assertThat(period(o, 50_000, i -> i % 1000)).isEmpty();
        }
    }
}
