package dev.iotstream.connect.mqtt.flow;

import dev.iotstream.connect.mqtt.ack.BrokerWindowObserver;
import dev.iotstream.connect.mqtt.ack.OrderedAckTracker;
import dev.iotstream.connect.mqtt.ack.OrderedAckTracker.Ticket;
import dev.iotstream.connect.mqtt.ack.Qos0Admission;
import dev.iotstream.connect.mqtt.client.InboundMessage;
import dev.iotstream.connect.mqtt.metrics.MqttSourceTaskMetrics;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * The at-least-once path of the MQTT source, from the client's callback to the ack, without Connect: the client
 * hands messages in ({@link #onMessage}), {@link #poll()} maps them to records, {@link #recordDone} completes them,
 * and the tracker sends acks in arrival order.
 * <p>
 * QoS 1/2 messages hold a slot of the ack window from arrival until Kafka has all their records; their records carry
 * the ticket ({@code ticketOf} finds it), so a commit needs no lookup. QoS 0 messages have nothing to acknowledge and
 * skip the tracker: they hold one of {@code window} hand-off slots of their own until poll() takes them, and after
 * that are bounded by the producer's {@code buffer.memory} (Connect's send blocks when it is full). So the hand-off
 * holds at most one window of QoS 0 messages and two of tickets (the tracker's bound, voided ones included), and a
 * ticket never waits for queue space.
 * <p>
 * Paho reads the socket and calls back on separate threads, but its reader stops when ten messages wait for the
 * callback; then it reads no PINGRESP either, and the client gives up on the connection about one keep-alive
 * after its PINGREQ. So the callback waits only where the protocol leaves no choice: for a QoS 1/2 message beyond
 * the window, which a broker keeping to the window (MQTT 5 Receive Maximum, or the broker's in-flight limit for
 * MQTT 3.1.1) never sends; {@link FlowEvents} reports that the broker does. QoS 0 has no flow control in MQTT: a QoS
 * 0 message waits for a slot at most {@link FlowSettings#qos0AdmissionWaitMs()}, then QoS 0 messages are dropped and
 * counted ({@code MessagesDropped}) until poll() takes messages again.
 * <p>
 * Threads: {@link #onMessage} and {@link #connectionLost} on the client's callback thread, {@link #poll()} on the
 * task thread, {@link #recordDone} on the producer's threads, {@link #stop()} on any.
 *
 * @param <R> the record type: Connect's SourceRecord in the task, anything in tests
 */
public final class InboundFlow<R> {

    /**
     * What the flow calls out to.
     *
     * @param ticketOf the ticket a record of {@code mapper} carries, null for records of QoS 0 messages
     * @param clock    wall-clock millis: the arrival time given to the mapper, and the window-full log interval
     */
    public record Ports<R>(MessageMapper<R> mapper, Function<R, Ticket<InboundMessage>> ticketOf, Acker acker,
                           ConnectionEpoch epoch, MqttSourceTaskMetrics metrics, FlowEvents events,
                           LongSupplier clock, Sleeper sleeper) {
    }

    private final FlowSettings settings;
    private final Ports<R> ports;
    /**
     * Tickets (QoS 1/2) and bare messages (QoS 0), in arrival order. Not bounded by its own capacity: tickets are
     * bounded by the tracker (two windows, voided ones included), QoS 0 messages by {@link #qos0Admission}, so a ticket
     * never waits here.
     */
    private final BlockingQueue<Object> handoff = new LinkedBlockingQueue<>();
    private final OrderedAckTracker<InboundMessage> tracker;
    private final Qos0Admission qos0Admission;
    private final BrokerWindowObserver windowObserver; // only on the callback thread
    private long overrunWarnedEpoch = -1; // only on the callback thread
    /** Epoch of the last connection lost; messages of it or earlier are void. */
    private volatile long deadEpoch = -1;
    private final List<Object> batch = new ArrayList<>(); // only on the poll thread
    private volatile boolean stopping;
    private long polls;
    private long polledMessages;

    public InboundFlow(FlowSettings settings, Ports<R> ports) {
        this.settings = settings;
        this.ports = ports;
        this.tracker = new OrderedAckTracker<>(settings.window(), ports.acker()::ack, ports.acker()::inTransit);
        this.qos0Admission = new Qos0Admission(settings.window(), settings.qos0AdmissionWaitMs(), ports.metrics(),
                settings.name());
        this.windowObserver = new BrokerWindowObserver(settings.window(), ports.clock());
    }

    /** On the client's callback thread: must return promptly, see the class comment for where it may wait. */
    public void onMessage(InboundMessage message) {
        ports.metrics().messageReceived();
        if (message.qos() == 0) {
            onQos0(message);
        } else {
            onAcknowledged(message);
        }
    }

    private void onQos0(InboundMessage message) {
        try {
            if (qos0Admission.admit(() -> stopping, handoff.size())) {
                handoff.add(message);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * QoS 1/2: waits for a window slot, in slices, giving up when the flow stops or the message's connection is
     * gone (the broker redelivers it). With a broker that keeps to the window this never waits.
     */
    private void onAcknowledged(InboundMessage message) {
        windowObserver.arrived(tracker.inFlight()).ifPresent(window -> ports.events().brokerWindowBelowOurs(window));
        long waitingSince = ports.clock().getAsLong();
        long lastLog = waitingSince;
        try {
            while (!stopping && message.connectionEpoch() > deadEpoch) {
                Ticket<InboundMessage> ticket = tracker.register(message, settings.windowWaitSliceMs());
                if (ticket != null) {
                    if (message.connectionEpoch() <= deadEpoch) {
                        tracker.voidOne(ticket); // registered after its connection was voided
                    } else {
                        handoff.add(ticket);
                    }
                    return;
                }
                if (message.connectionEpoch() != ports.epoch().current()) {
                    return; // its connection is gone; the broker redelivers it on the current one
                }
                if (tracker.inFlight() >= tracker.window() && overrunWarnedEpoch != message.connectionEpoch()) {
                    overrunWarnedEpoch = message.connectionEpoch();
                    ports.events().windowOverrun();
                }
                long now = ports.clock().getAsLong();
                if (now - lastLog >= settings.windowFullLogMs()) {
                    lastLog = now;
                    ports.events().windowFull(tracker.inFlight(), now - waitingSince);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * On the client's callback thread, when the connection is lost: its messages' ids mean nothing on the next one,
     * so none of them is acknowledged, and those not yet polled are dropped (the broker redelivers them).
     */
    public void connectionLost() {
        deadEpoch = ports.epoch().current(); // before voidAll: a ticket registered after it is seen as void
        tracker.voidAll();
        // not yet polled: no record exists, and the broker redelivers them on the next connection
        handoff.removeIf(item -> {
            if (item instanceof Ticket<?> t && t.voided()) {
                discard(t);
                return true;
            }
            return false;
        });
    }

    /**
     * On the task thread: the records of the next batch of messages, or null when none arrived within
     * {@link FlowSettings#pollWaitMs()}. Empty when every message became no record (each then completes at once).
     */
    public List<R> poll() throws InterruptedException {
        Object first = handoff.poll(settings.pollWaitMs(), TimeUnit.MILLISECONDS);
        if (first == null) {
            return null;
        }
        try {
            batch.add(first);
            handoff.drainTo(batch, settings.maxBatch() - 1);
            if (settings.batchLingerMs() > 0 && batch.size() < settings.maxBatch()) {
                // A short sleep, not a timed wait on the queue: a wait would be woken by the next single message.
                // Without it polls carry ~5 messages at 20-40k msg/s and Connect's per-poll work dominates.
                ports.sleeper().sleep(settings.batchLingerMs());
                handoff.drainTo(batch, settings.maxBatch() - batch.size());
            }
            polls++;
            polledMessages += batch.size();
            long now = ports.clock().getAsLong();
            releaseQos0Slots();
            List<R> out = new ArrayList<>(batch.size());
            // Record counts are given to the tracker only once the whole batch is mapped: if mapping throws, no
            // message of the batch counts as handed to Connect (the redelivery guard must not blame them).
            int[] counts = new int[batch.size()];
            for (int i = 0; i < counts.length; i++) {
                Object item = batch.get(i);
                Ticket<InboundMessage> ticket = ticket(item);
                counts[i] = -1;
                if (ticket != null && ticket.voided()) {
                    tracker.discard(ticket); // its connection went before Kafka saw it: redelivered, no duplicate
                    continue;
                }
                InboundMessage message = ticket != null ? ticket.message() : (InboundMessage) item;
                MessageMapper.Mapped<R> mapped = ports.mapper().map(message, now, ticket);
                if (mapped.decodeFailed()) {
                    ports.metrics().decodeFailure();
                }
                if (mapped.skipped()) {
                    ports.metrics().skipped();
                }
                out.addAll(mapped.records());
                counts[i] = mapped.records().size();
            }
            for (int i = 0; i < counts.length; i++) {
                Ticket<InboundMessage> ticket = ticket(batch.get(i));
                if (counts[i] >= 0 && ticket != null) {
                    tracker.expect(ticket, counts[i]);
                }
            }
            ports.metrics().recordsProduced(out.size());
            return out;
        } finally {
            batch.clear();
        }
    }

    /**
     * One record handed out by {@link #poll()} is done: Kafka has it, or a transform or the error policy dropped it
     * (Connect's commitRecord with null metadata). Both count: a dropped record must not hold its message's ack.
     */
    public void recordDone(R record) {
        Ticket<InboundMessage> ticket = ports.ticketOf().apply(record);
        if (ticket != null) {
            tracker.recordDone(ticket);
        }
    }

    /**
     * Stops taking messages (one waiting for a window slot gives up) and tells which message Kafka has not
     * confirmed all records of: when Connect stops a task it has already waited for every record it sent, so that
     * one was refused downstream (or the stop came during a Kafka outage).
     *
     * @return the oldest message of the current connection with records not all done, or null
     */
    public InboundMessage stop() {
        stopping = true;
        return tracker.oldestUnwritten();
    }

    /** QoS 1/2 messages taken and not yet acknowledged, on the current connection. */
    public int inFlight() {
        return tracker.inFlight();
    }

    public long acknowledged() {
        return tracker.acknowledged();
    }

    public int window() {
        return tracker.window();
    }

    public long polls() {
        return polls;
    }

    public long polledMessages() {
        return polledMessages;
    }

    /** QoS 0 messages of the batch leave the hand-off now; from here the producer's buffer.memory bounds them. */
    private void releaseQos0Slots() {
        int qos0 = 0;
        for (Object item : batch) {
            if (!(item instanceof Ticket)) {
                qos0++;
            }
        }
        qos0Admission.release(qos0);
    }

    @SuppressWarnings("unchecked")
    private static Ticket<InboundMessage> ticket(Object item) {
        return item instanceof Ticket ? (Ticket<InboundMessage>) item : null;
    }

    private void discard(Ticket<?> ticket) {
        tracker.discard(ticket(ticket));
    }
}
