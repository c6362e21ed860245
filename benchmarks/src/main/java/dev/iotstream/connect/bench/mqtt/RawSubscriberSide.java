package dev.iotstream.connect.bench.mqtt;

import dev.iotstream.connect.bench.CpuMeter;
import dev.iotstream.connect.bench.JitQuiet;
import dev.iotstream.connect.mqtt.client.BufferedReadSocketFactory;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The baseline: a plain Paho subscriber whose callback only counts. With {@code bufferedReads} it reads its socket
 * through the connector's {@link BufferedReadSocketFactory}, which shows how much of the connector's ratio that
 * buffer is (plain Paho reads the socket a few bytes per system call).
 */
final class RawSubscriberSide implements ThroughputSide {
    private final String uri;
    private final int qos;
    private final int n;
    private final String topic;
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong lastAt = new AtomicLong();
    private final MqttClient sub;
    private final String label;

    RawSubscriberSide(String uri, int qos, int n, boolean bufferedReads) throws Exception {
        this.uri = uri;
        this.qos = qos;
        this.n = n;
        this.label = bufferedReads ? "raw+buf  " : "raw      ";
        this.topic = "bench/raw/q" + qos + (bufferedReads ? "/buf" : "");
        sub = connectedClient(uri, "bench-raw-", bufferedReads);
        sub.subscribe(topic, qos, (t, m) -> {
            received.incrementAndGet();
            lastAt.set(System.nanoTime());
        });
    }

    /** A connected Paho client; with {@code bufferedReads} reading its socket as the connector does. */
    static MqttClient connectedClient(String uri, String idPrefix, boolean bufferedReads) throws Exception {
        MqttClient client = new MqttClient(uri, idPrefix + System.nanoTime(), new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        if (bufferedReads) {
            options.setSocketFactory(BufferedReadSocketFactory.INSTANCE);
        }
        client.connect(options);
        return client;
    }

    @Override
    public double run(int round) throws Exception {
        received.set(0); // the previous round ended only once its count stood still: nothing is in flight
        JitQuiet.await(MqttThroughputBenchmark.JIT_QUIET_MAX_MS);
        CpuMeter cpu = CpuMeter.start();
        MqttPublisher.Start start = MqttPublisher.publish(uri, topic, qos, n);
        long count = StableCount.await(received::get, n);
        String cpuReport = cpu.report(n, "message") + "\n    busiest threads: " + cpu.threads(5);
        double rate = count / ((lastAt.get() - start.nanos()) / 1e9);
        long endMillis = start.epochMillis() + (lastAt.get() - start.nanos()) / 1_000_000;
        System.out.printf("%s QoS %d round %d%s: %d of %d received, %,.0f msgs/s [epoch ms %d..%d]%n  %s%n",
                label, qos, round, ThroughputSide.label(round), count, n, rate, start.epochMillis(), endMillis,
                cpuReport);
        return rate;
    }

    @Override
    public void close() throws Exception {
        sub.disconnect();
        sub.close();
    }
}
