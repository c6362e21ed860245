package dev.iotstream.connect.mqtt.flow;

import dev.iotstream.connect.mqtt.ack.OrderedAckTracker.Ticket;
import dev.iotstream.connect.mqtt.client.InboundMessage;
import dev.iotstream.connect.mqtt.metrics.MqttSourceTaskMetrics;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An {@link InboundFlow} wired to fakes of its own interfaces: an acker that records (with a settable count of acks
 * not yet written), a settable connection epoch, a manual clock, a sleeper that runs a test's action instead of
 * sleeping, and a mapper that turns a payload {@code "a1,a2"} into the records "a1" and "a2" (an empty payload into
 * none, "boom" into an exception). Messages are named by their MQTT topic.
 */
final class FlowRig {
    /** A record as the test's mapper makes it: its text and, for QoS 1/2, its message's ticket. */
    record Rec(String value, Ticket<InboundMessage> ticket) {
        @Override
        public String toString() {
            return value;
        }
    }

    final List<String> acked = new CopyOnWriteArrayList<>();
    /** Acks the fake client has not yet written. */
    final AtomicInteger acksInTransit = new AtomicInteger();
    final AtomicLong epoch = new AtomicLong(1);
    final AtomicLong clock = new AtomicLong(1_000_000);
    final List<Long> sleeps = new CopyOnWriteArrayList<>();
    final List<Long> arrivalMillis = new CopyOnWriteArrayList<>();
    final MqttSourceTaskMetrics metrics = new MqttSourceTaskMetrics(() -> 0, () -> 0, () -> true);
    final FlowSettings settings;
    final InboundFlow<Rec> flow;
    /** What happens "during" the batch linger (messages arriving, time passing). */
    Runnable duringLinger = () -> { };
    private final AtomicInteger messageIds = new AtomicInteger();

    /**
     * @param windowWaitSliceMs short where the test waits for a waiting message to notice a stop or a new connection
     *                          (nothing wakes it); long where the test needs it parked inside the tracker's wait
     */
    FlowRig(int window, int maxBatch, int lingerMs, long windowWaitSliceMs) {
        settings = new FlowSettings(window, maxBatch, lingerMs, 5, 1, windowWaitSliceMs, 60_000, "test flow");
        flow = new InboundFlow<>(settings, new InboundFlow.Ports<>(this::map, Rec::ticket,
                new Acker() {
                    @Override
                    public void ack(InboundMessage message) {
                        acked.add(message.topic());
                    }

                    @Override
                    public int inTransit() {
                        return acksInTransit.get();
                    }
                }, epoch::get, metrics, new FlowEvents() {
                    @Override
                    public void brokerWindowBelowOurs(int brokerWindow) {
                    }

                    @Override
                    public void windowOverrun() {
                    }

                    @Override
                    public void windowFull(int inFlight, long waitedMs) {
                    }
                }, clock::get, ms -> {
                    sleeps.add(ms);
                    duringLinger.run();
                }));
    }

    FlowRig(int window, int maxBatch) {
        this(window, maxBatch, 0, 2);
    }

    private MessageMapper.Mapped<Rec> map(InboundMessage message, long arrival, Ticket<InboundMessage> ticket) {
        arrivalMillis.add(arrival);
        String payload = new String(message.payload(), StandardCharsets.UTF_8);
        if (payload.contains("boom")) {
            throw new IllegalStateException("mapping " + message.topic() + " failed");
        }
        List<Rec> records = new ArrayList<>();
        for (String value : payload.isEmpty() ? List.<String>of() : Arrays.asList(payload.split(","))) {
            records.add(new Rec(value, ticket));
        }
        return new MessageMapper.Mapped<>(records, false, false);
    }

    InboundMessage message(String topic, int qos, String payload) {
        return InboundMessage.v3(topic, payload.getBytes(StandardCharsets.UTF_8), qos, false, false,
                qos == 0 ? 0 : messageIds.incrementAndGet(), epoch.get());
    }

    /** A QoS 1 message arrives on the current connection (on the caller's thread, as Paho's callback). */
    void arrive(String topic, String payload) {
        flow.onMessage(message(topic, 1, payload));
    }

    void arriveQos0(String topic, String payload) {
        flow.onMessage(message(topic, 0, payload));
    }

    /** One poll; no batch is an empty list. */
    List<Rec> poll() throws InterruptedException {
        List<Rec> out = flow.poll();
        return out == null ? List.of() : out;
    }

    /** Commits the records with these values (as Connect's commitRecord does, whatever the metadata). */
    void commit(List<Rec> records, String... values) {
        for (String v : values) {
            flow.recordDone(records.stream().filter(r -> r.value().equals(v)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no record " + v + " in " + records)));
        }
    }

    /** A QoS 1 message arriving on a thread of its own, as a Paho callback that may have to wait for the window. */
    Thread arriveInBackground(InboundMessage message) {
        Thread t = new Thread(() -> flow.onMessage(message), "callback " + message.topic());
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** True once the thread waits (for a window slot); false if it finished without waiting. */
    static boolean waits(Thread t) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            Thread.State s = t.getState();
            if (s == Thread.State.TIMED_WAITING) {
                return true;
            }
            if (s == Thread.State.TERMINATED) {
                return false;
            }
            Thread.sleep(1);
        }
        throw new IllegalStateException(t.getName() + " neither waits nor ends");
    }

    /** True when the thread ends within a second (a waiting message looks every few ms). */
    static boolean endsSoon(Thread t) throws InterruptedException {
        t.join(1000);
        return !t.isAlive();
    }

    /** Lets a thread left waiting by a broken flow go: a new connection and a stop both end its wait. */
    void release(Thread t) throws InterruptedException {
        epoch.addAndGet(100);
        flow.stop();
        t.join(5000);
    }
}
