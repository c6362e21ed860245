package dev.iotstream.connect.bench.mqtt;

import dev.iotstream.connect.bench.CpuMeter;
import dev.iotstream.connect.bench.JitQuiet;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

import java.util.concurrent.atomic.AtomicLong;

/** The baseline: a plain Paho subscriber whose callback only counts. */
final class RawSubscriberSide implements ThroughputSide {
    private final String uri;
    private final int qos;
    private final int n;
    private final String topic;
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong lastAt = new AtomicLong();
    private final MqttClient sub;

    RawSubscriberSide(String uri, int qos, int n) throws Exception {
        this.uri = uri;
        this.qos = qos;
        this.n = n;
        this.topic = "bench/raw/q" + qos;
        sub = new MqttClient(uri, "bench-raw-" + System.nanoTime(), new MemoryPersistence());
        sub.connect(new MqttConnectOptions());
        sub.subscribe(topic, qos, (t, m) -> {
            received.incrementAndGet();
            lastAt.set(System.nanoTime());
        });
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
        System.out.printf("raw       QoS %d round %d%s: %d of %d received, %,.0f msgs/s [epoch ms %d..%d]%n  %s%n",
                qos, round, ThroughputSide.label(round), count, n, rate, start.epochMillis(), endMillis, cpuReport);
        return rate;
    }

    @Override
    public void close() throws Exception {
        sub.disconnect();
        sub.close();
    }
}
