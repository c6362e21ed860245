package dev.iotstream.connect.mqtt.ack;

import java.util.OptionalInt;
import java.util.function.LongSupplier;

/**
 * Notices when a broker's in-flight window, not Kafka, limits a task: a broker that keeps to a window of N sends a
 * QoS 1/2 message only when an acknowledgement frees a slot, so however much is waiting, the task never holds more
 * than N un-acknowledged messages, period after period, N well below {@code mqtt.max.inflight}. With
 * acknowledgements after Kafka that caps throughput at N per Kafka round trip (RabbitMQ's default mqtt.prefetch: 10).
 * Acks come back in batches, so arrivals do not all find N - 1 in flight; what stays is the ceiling: the same
 * highest count in several busy periods in a row. Light traffic has no fixed ceiling and too few arrivals.
 * Mosquitto 2.0.11 does not keep its max_inflight_messages once a backlog drains (measured: up to 516 in flight with
 * the limit at 20), so there the WARN does not fire; its losses come from max_queued_messages instead.
 * <p>
 * Fed on the client's callback thread only (one at a time); the clock is injected so tests need no waiting.
 */
public final class BrokerWindowObserver {
    static final long PERIOD_MS = 30_000;
    /** No broker limits a client's window below this but for strict ordering (1); below it, it is traffic. */
    static final int SMALLEST_WINDOW = 5;
    static final int ARRIVALS_PER_SLOT = 20;
    static final int PERIODS_IN_A_ROW = 3;

    private final int configuredWindow;
    private final LongSupplier clock;
    private long periodStart;
    private int highest;
    private long arrivals;
    private int ceiling; // the highest count of the previous busy periods, while they agree
    private int streak;
    private boolean reported;

    public BrokerWindowObserver(int configuredWindow, LongSupplier clock) {
        this.configuredWindow = configuredWindow;
        this.clock = clock;
        this.periodStart = clock.getAsLong();
    }

    /**
     * A QoS 1/2 message arrived while {@code inFlight} others were un-acknowledged.
     *
     * @return the broker's window when this arrival ends the periods that show it limiting the task, once per task
     */
    public OptionalInt arrived(int inFlight) {
        highest = Math.max(highest, inFlight + 1);
        arrivals++;
        long now = clock.getAsLong();
        if (now - periodStart < PERIOD_MS) {
            return OptionalInt.empty();
        }
        boolean busyAndSmall = highest >= SMALLEST_WINDOW && highest <= configuredWindow / 2
                && arrivals >= (long) ARRIVALS_PER_SLOT * highest;
        streak = busyAndSmall && highest == ceiling ? streak + 1 : busyAndSmall ? 1 : 0;
        ceiling = busyAndSmall ? highest : 0;
        periodStart = now;
        highest = 0;
        arrivals = 0;
        if (!reported && streak >= PERIODS_IN_A_ROW) {
            reported = true;
            return OptionalInt.of(ceiling);
        }
        return OptionalInt.empty();
    }
}
