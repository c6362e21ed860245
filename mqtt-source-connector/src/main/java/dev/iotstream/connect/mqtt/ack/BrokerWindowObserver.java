package dev.iotstream.connect.mqtt.ack;

import java.util.OptionalInt;
import java.util.function.LongSupplier;

/**
 * Notices when the broker's in-flight window, not Kafka, limits a task: the broker sends a QoS 1/2 message only when
 * an acknowledgement frees one of its N slots, so nearly every arrival finds exactly N - 1 messages un-acknowledged,
 * N well below {@code mqtt.max.inflight}. With acknowledgements after Kafka that caps throughput at N per Kafka round
 * trip, and a burst beyond the broker's queue is dropped by the broker (Mosquitto at its defaults: N = 20 over MQTT
 * 3.1.1). Light traffic does not look like that: its arrivals find few messages in flight, in no fixed number.
 * <p>
 * Fed on the client's callback thread only (one at a time); the clock is injected so tests need no waiting.
 */
public final class BrokerWindowObserver {
    static final long PERIOD_MS = 30_000;
    /** No broker limits a client's window below this but for strict ordering (1); below it, it is traffic. */
    static final int SMALLEST_WINDOW = 5;
    static final double AT_LIMIT_SHARE = 0.8;
    static final int ARRIVALS_PER_SLOT = 20;

    private final int configuredWindow;
    private final LongSupplier clock;
    private long periodStart;
    private int highest;
    private long arrivals;
    private long atLimit; // arrivals that found highest - 1 in flight (counted since highest was last raised)
    private boolean reported;

    public BrokerWindowObserver(int configuredWindow, LongSupplier clock) {
        this.configuredWindow = configuredWindow;
        this.clock = clock;
        this.periodStart = clock.getAsLong();
    }

    /**
     * A QoS 1/2 message arrived while {@code inFlight} others were un-acknowledged.
     *
     * @return the broker's window when this arrival ends a period that shows it limiting the task, once per task
     */
    public OptionalInt arrived(int inFlight) {
        int occupied = inFlight + 1;
        if (occupied > highest) {
            highest = occupied;
            atLimit = 0;
        }
        arrivals++;
        if (occupied == highest) {
            atLimit++;
        }
        long now = clock.getAsLong();
        if (now - periodStart < PERIOD_MS) {
            return OptionalInt.empty();
        }
        boolean limited = !reported && highest >= SMALLEST_WINDOW && highest <= configuredWindow / 2
                && arrivals >= (long) ARRIVALS_PER_SLOT * highest && atLimit >= AT_LIMIT_SHARE * arrivals;
        int window = highest;
        periodStart = now;
        highest = 0;
        arrivals = 0;
        atLimit = 0;
        if (limited) {
            reported = true;
            return OptionalInt.of(window);
        }
        return OptionalInt.empty();
    }
}
