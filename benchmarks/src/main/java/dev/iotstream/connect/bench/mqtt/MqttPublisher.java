package dev.iotstream.connect.bench.mqtt;

import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.Semaphore;
import java.util.function.IntFunction;

/** The load of every side: one Paho publisher sending n ~110-byte JSON readings as fast as its window allows. */
final class MqttPublisher {
    private static final int PUBLISH_WINDOW = 1000;

    private MqttPublisher() {
    }

    /** When the first message was published, on the monotonic clock and on the wall clock (for Kafka timestamps). */
    record Start(long nanos, long epochMillis) {
    }

    private static byte[] payload(int i) {
        return ("{\"device\":\"dev-" + (i % 100) + "\",\"seq\":" + i + ",\"temp\":21.5,\"hum\":40.25,"
                + "\"ts\":1700000000000,\"site\":\"bench\"}").getBytes(StandardCharsets.UTF_8);
    }

    /** Publishes n messages with at most PUBLISH_WINDOW outstanding; returns the start time. */
    static Start publish(String uri, String topic, int qos, int n) throws Exception {
        return publish(uri, topic, qos, n, MqttPublisher::payload);
    }

    /** The same with message i's payload from {@code payloads} (built before the clock starts, or cheap). */
    static Start publish(String uri, String topic, int qos, int n, IntFunction<byte[]> payloads) throws Exception {
        MqttAsyncClient pub = new MqttAsyncClient(uri, "bench-pub-" + System.nanoTime(), new MemoryPersistence());
        MqttConnectOptions o = new MqttConnectOptions();
        o.setMaxInflight(PUBLISH_WINDOW);
        pub.connect(o).waitForCompletion(30_000);
        Semaphore window = new Semaphore(PUBLISH_WINDOW);
        IMqttActionListener release = new IMqttActionListener() {
            @Override
            public void onSuccess(IMqttToken token) {
                window.release();
            }

            @Override
            public void onFailure(IMqttToken token, Throwable e) {
                window.release();
            }
        };
        Start start = new Start(System.nanoTime(), System.currentTimeMillis());
        for (int i = 0; i < n; i++) {
            window.acquire();
            pub.publish(topic, payloads.apply(i), qos, false, null, release);
        }
        window.acquire(PUBLISH_WINDOW);
        pub.disconnect().waitForCompletion(30_000);
        pub.close();
        return start;
    }
}
