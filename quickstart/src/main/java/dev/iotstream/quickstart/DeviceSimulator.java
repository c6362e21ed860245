package dev.iotstream.quickstart;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Simulated devices publishing telemetry to an MQTT broker at a steady total rate: the quickstart's data source,
 * and a command-line load generator users can aim at their own broker ({@code --help} lists the options).
 *
 * <p>One pacing thread walks the devices round-robin and sleeps until each message is due (no busy loop); when it
 * falls behind by more than a second it resets its schedule instead of bursting. Publishes are asynchronous, bounded
 * per connection by a semaphore sized to the connection's in-flight window, so a slow broker slows the simulator
 * down (visible as a lower rate) rather than growing memory or making Paho reject publishes.
 */
public final class DeviceSimulator implements AutoCloseable {
    private static final long MAX_LAG_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final SimulatorOptions options;
    private final ReadingGenerator readings;
    private final SparkplugEdgeNodes sparkplug; // null unless --format sparkplugb
    private final List<Connection> connections = new ArrayList<>();
    private final AtomicLong attempted = new AtomicLong();
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong outOfRangePublished = new AtomicLong();
    private final AtomicReference<String> lastError = new AtomicReference<>();
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile boolean stopRequested;
    private Thread pacer;

    DeviceSimulator(SimulatorOptions options) {
        this.options = options;
        this.readings = new ReadingGenerator(options.devices(), options.sites(), options.outOfRangePercent(),
                options.seed(), System::currentTimeMillis);
        this.sparkplug = options.format() == PayloadFormat.SPARKPLUGB ? new SparkplugEdgeNodes() : null;
    }

    /** Builds a simulator from command-line style arguments (see {@link SimulatorOptions#usage()}). */
    public static DeviceSimulator fromArgs(String... args) {
        return new DeviceSimulator(SimulatorOptions.parse(args));
    }

    /** Connects every connection (failing fast with the broker's reason) and starts publishing. */
    public synchronized void start() throws Exception {
        if (pacer != null) {
            throw new IllegalStateException("already started");
        }
        String prefix = "iotstream-sim-" + UUID.randomUUID().toString().substring(0, 8) + "-";
        try {
            for (int i = 0; i < options.connections(); i++) {
                MqttPublisher publisher = MqttPublisher.connect(options, prefix + i);
                connections.add(new Connection(publisher, new Semaphore(publisher.maxInFlight())));
            }
            if (sparkplug != null) { // rebirth requests, from a host application that missed a BIRTH
                connections.get(0).publisher.subscribe(SparkplugEdgeNodes.commandFilter(), sparkplug::command);
            }
        } catch (Exception e) {
            closeConnections();
            throw new IllegalStateException("cannot connect to MQTT broker " + options.broker() + " (MQTT "
                    + options.mqttVersion().label + "): " + e.getMessage(), e);
        }
        pacer = new Thread(this::publishLoop, "device-simulator-pacer");
        pacer.setDaemon(true);
        pacer.start();
    }

    public SimulatorStats stats() {
        return new SimulatorStats(attempted.get(), published.get(), failed.get(), outOfRangePublished.get(),
                lastError.get());
    }

    /** True once {@code --duration} or {@code --count} is reached (or stop was called) and nothing is in flight. */
    public boolean isFinished() {
        return finished.getCount() == 0;
    }

    public boolean awaitFinished(Duration timeout) throws InterruptedException {
        return finished.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public String describe() {
        return String.format(Locale.ROOT, "%d devices on %d sites, %s msg/s total, QoS %d, %s payloads, MQTT %s -> %s (%s)",
                options.devices(), options.sites(), rate(options.rate()), options.qos(),
                options.format().name().toLowerCase(Locale.ROOT), options.mqttVersion().label, options.broker(),
                sparkplug != null ? "spBv1.0/{site}/NBIRTH|NDATA/{device}" : options.topicPattern().pattern());
    }

    /** Stops publishing, waits up to 10 s for outstanding acknowledgements, and disconnects. Idempotent. */
    @Override
    public void close() {
        stopRequested = true;
        Thread t;
        synchronized (this) {
            t = pacer;
        }
        if (t != null) {
            t.interrupt();
            try {
                t.join(15_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        closeConnections();
        finished.countDown();
    }

    private void publishLoop() {
        long intervalNanos = Math.max(1, Math.round(1e9 / options.rate()));
        long start = System.nanoTime();
        long deadline = options.duration().map(d -> start + d.toNanos()).orElse(Long.MAX_VALUE);
        long limit = options.count().orElse(Long.MAX_VALUE);
        long next = start;
        int device = 0;
        try {
            while (!stopRequested && attempted.get() < limit) {
                long now = System.nanoTime();
                if (now - deadline >= 0) {
                    break;
                }
                if (now < next) {
                    LockSupport.parkNanos(Math.min(next - now, deadline - now));
                    continue;
                }
                if (!publishOne(device)) {
                    break;
                }
                device = (device + 1) % readings.deviceCount();
                next += intervalNanos;
                if (now - next > MAX_LAG_NANOS) {
                    next = now;
                }
            }
            awaitInFlight();
        } finally {
            finished.countDown();
        }
    }

    /** Returns false only when interrupted while waiting for an in-flight slot (i.e. stopping). */
    private boolean publishOne(int device) {
        Connection connection = connections.get(device % connections.size());
        try {
            while (!connection.inFlight.tryAcquire(200, TimeUnit.MILLISECONDS)) {
                if (stopRequested) {
                    return false;
                }
            }
        } catch (InterruptedException e) {
            return false;
        }
        Reading reading = readings.next(device);
        String topic;
        byte[] payload;
        if (sparkplug != null) {
            SparkplugEdgeNodes.Message m = sparkplug.next(reading);
            topic = m.topic();
            payload = m.payload();
        } else {
            topic = options.topicPattern().topic(reading.site(), reading.device());
            payload = options.format().encode(reading);
        }
        attempted.incrementAndGet();
        try {
            connection.publisher.publish(topic, payload, options.qos(),
                    () -> {
                        published.incrementAndGet();
                        if (reading.outOfRange()) {
                            outOfRangePublished.incrementAndGet();
                        }
                        connection.inFlight.release();
                    },
                    error -> {
                        recordFailure(error);
                        connection.inFlight.release();
                    });
        } catch (Exception e) {
            recordFailure(e);
            connection.inFlight.release();
        }
        return true;
    }

    private void recordFailure(Throwable error) {
        failed.incrementAndGet();
        lastError.set(error.getClass().getSimpleName() + ": " + error.getMessage());
    }

    private void awaitInFlight() {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        for (Connection c : connections) {
            try {
                long left = until - System.nanoTime();
                if (left <= 0 || !c.inFlight.tryAcquire(c.publisher.maxInFlight(), left, TimeUnit.NANOSECONDS)) {
                    return;
                }
                c.inFlight.release(c.publisher.maxInFlight());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private synchronized void closeConnections() {
        for (Connection c : connections) {
            c.publisher.close();
        }
        connections.clear();
    }

    static String rate(double r) {
        return r == Math.rint(r) ? String.format(Locale.ROOT, "%.0f", r) : String.format(Locale.ROOT, "%.2f", r);
    }

    private record Connection(MqttPublisher publisher, Semaphore inFlight) {
    }

    public static void main(String[] args) throws Exception {
        SimulatorOptions options;
        try {
            CommandLine cl = CommandLine.parse(args, SimulatorOptions.VALUE_OPTIONS, SimulatorOptions.FLAGS);
            if (cl.flag("help")) {
                System.out.print(SimulatorOptions.usage());
                return;
            }
            options = SimulatorOptions.from(cl);
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.err.println();
            System.err.print(SimulatorOptions.usage());
            System.exit(2);
            return;
        }
        DeviceSimulator simulator = new DeviceSimulator(options);
        try {
            simulator.start();
        } catch (IllegalStateException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(1);
            return;
        }
        Thread hook = new Thread(simulator::close, "device-simulator-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        System.out.println("Publishing: " + simulator.describe() + ". Ctrl-C stops.");
        long startNanos = System.nanoTime();
        long lastPublished = 0;
        long lastNanos = startNanos;
        while (!simulator.awaitFinished(Duration.ofSeconds(1))) {
            long now = System.nanoTime();
            SimulatorStats s = simulator.stats();
            System.out.println(progressLine(s, (s.published() - lastPublished) * 1e9 / (now - lastNanos),
                    (now - startNanos) / 1e9));
            lastPublished = s.published();
            lastNanos = now;
        }
        simulator.close();
        SimulatorStats s = simulator.stats();
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        System.out.println(progressLine(s, s.published() / seconds, seconds) + "  (done; average rate)");
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException ignored) {
            // Already shutting down.
        }
        if (s.failed() > 0) {
            System.exit(3);
        }
    }

    static String progressLine(SimulatorStats s, double rate, double elapsedSeconds) {
        String line = String.format(Locale.ROOT, "[%6.1fs] published %,d (%,.0f msg/s)  out-of-range %,d  failed %,d",
                elapsedSeconds, s.published(), rate, s.outOfRangePublished(), s.failed());
        return s.lastError() == null ? line : line + "  last error: " + s.lastError();
    }
}
