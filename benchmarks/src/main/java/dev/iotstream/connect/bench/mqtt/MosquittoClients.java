package dev.iotstream.connect.bench.mqtt;

import dev.iotstream.connect.testing.ServerBinaries;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Mosquitto's C clients as load and baseline, as a user reproduces a burst: {@code mosquitto_pub -l} (one message per
 * stdin line, {@code -M} messages in flight) and {@code mosquitto_sub}, which acknowledges every QoS 1 message as soon
 * as it has read it (before the application has it: the auto-acking baseline).
 */
final class MosquittoClients {
    static final ServerBinaries PUB = ServerBinaries.of("mosquitto_pub", "mosquitto-clients");
    static final ServerBinaries SUB = ServerBinaries.of("mosquitto_sub", "mosquitto-clients");

    private MosquittoClients() {
    }

    /** {@code mqttv311} or {@code mqttv5}, as {@code -V} takes it. */
    static String protocol(String version) {
        return "5".equals(version) ? "mqttv5" : "mqttv311";
    }

    static String line(int i) {
        return "{\"device\":\"dev-" + (i % 100) + "\",\"seq\":" + i + ",\"temp\":21.5,\"hum\":40.25,"
                + "\"ts\":1700000000000,\"site\":\"bench\"}";
    }

    /**
     * Publishes n QoS {@code qos} messages with {@code mosquitto_pub -l -M inflight} as fast as the broker
     * acknowledges them; returns the start once mosquitto_pub has sent them all and disconnected.
     */
    static MqttPublisher.Start publish(int port, String topic, int qos, String version, int inflight, int n)
            throws IOException, InterruptedException {
        Process pub = new ProcessBuilder(PUB.require().toString(), "-h", "127.0.0.1", "-p", Integer.toString(port),
                "-t", topic, "-q", Integer.toString(qos), "-V", protocol(version), "-M", Integer.toString(inflight),
                "-i", "burst-pub-" + System.nanoTime(), "-l")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        MqttPublisher.Start start = new MqttPublisher.Start(System.nanoTime(), System.currentTimeMillis());
        StringBuilder lines = new StringBuilder(n * 110);
        for (int i = 0; i < n; i++) {
            lines.append(line(i)).append('\n');
        }
        try (OutputStream in = pub.getOutputStream()) {
            in.write(lines.toString().getBytes(StandardCharsets.UTF_8));
        }
        if (!pub.waitFor(10, TimeUnit.MINUTES) || pub.exitValue() != 0) {
            pub.destroyForcibly();
            throw new IllegalStateException("mosquitto_pub failed or hung, exit "
                    + (pub.isAlive() ? "none" : pub.exitValue()));
        }
        return start;
    }

    /** A running {@code mosquitto_sub} counting the payload lines it prints, and when the last one came. */
    static final class Subscriber implements AutoCloseable {
        private final Process process;
        private final AtomicLong received = new AtomicLong();
        private final AtomicLong lastAt = new AtomicLong();
        private final List<String> output = new java.util.concurrent.CopyOnWriteArrayList<>();
        private final Thread reader;

        Subscriber(int port, String topic, int qos, String version) throws IOException, InterruptedException {
            process = new ProcessBuilder(SUB.require().toString(), "-h", "127.0.0.1", "-p", Integer.toString(port),
                    "-t", topic, "-q", Integer.toString(qos), "-V", protocol(version),
                    "-i", "burst-sub-" + System.nanoTime())
                    .redirectErrorStream(true).start();
            reader = new Thread(this::read, "mosquitto_sub-reader");
            reader.setDaemon(true);
            reader.start();
            // without -d (which prints three lines per message) nothing says SUBACK: a loopback subscribe takes
            // milliseconds, and a subscriber that failed has exited by then
            Thread.sleep(1000);
            if (!process.isAlive()) {
                reader.join(5000);
                throw new IllegalStateException("mosquitto_sub exited with " + process.exitValue() + ": " + output);
            }
        }

        private void read() {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String l = in.readLine(); l != null; l = in.readLine()) {
                    if (l.startsWith("{")) {
                        received.incrementAndGet();
                        lastAt.set(System.nanoTime());
                    } else if (output.size() < 20) {
                        output.add(l);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        long received() {
            return received.get();
        }

        long lastAtNanos() {
            return lastAt.get();
        }

        void reset() {
            received.set(0);
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
            reader.join(5000);
        }
    }
}
