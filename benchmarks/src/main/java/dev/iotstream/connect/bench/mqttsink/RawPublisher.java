package dev.iotstream.connect.bench.mqttsink;

import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The raw publisher of the baseline and of the floor: one Paho v3 async client with the sink's window (1000
 * messages waiting for their PUBACK), the same as the connector's default mqtt.max.inflight.
 */
final class RawPublisher implements AutoCloseable {
    static final int WINDOW = 1000;

    private final MqttAsyncClient client;
    private final Semaphore window = new Semaphore(WINDOW);
    private final AtomicLong acknowledged = new AtomicLong();
    private volatile long firstAckNanos = -1;
    private volatile long lastAckNanos;
    private final IMqttActionListener done = new IMqttActionListener() {
        @Override
        public void onSuccess(IMqttToken token) {
            completed();
        }

        @Override
        public void onFailure(IMqttToken token, Throwable e) {
            completed();
        }
    };

    RawPublisher(String uri) throws Exception {
        client = new MqttAsyncClient(uri, "bench-raw-" + System.nanoTime(), new MemoryPersistence());
        MqttConnectOptions o = new MqttConnectOptions();
        o.setMaxInflight(WINDOW);
        client.connect(o).waitForCompletion(30_000);
    }

    private void completed() {
        long now = System.nanoTime();
        if (firstAckNanos < 0) {
            firstAckNanos = now;
        }
        lastAckNanos = now;
        acknowledged.incrementAndGet();
        window.release();
    }

    void publish(String topic, byte[] payload, int qos) throws Exception {
        window.acquire();
        client.publish(topic, payload, qos, false, null, done);
    }

    /** Waits for every outstanding acknowledgement; returns messages/s from the first acknowledgement to the last. */
    double finish(long messages) throws InterruptedException {
        window.acquire(WINDOW);
        window.release(WINDOW);
        return (messages - 1) / ((lastAckNanos - firstAckNanos) / 1e9);
    }

    @Override
    public void close() throws Exception {
        client.disconnect().waitForCompletion(30_000);
        client.close();
    }
}
