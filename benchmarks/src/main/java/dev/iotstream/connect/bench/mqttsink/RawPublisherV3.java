package dev.iotstream.connect.bench.mqttsink;

import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/** MQTT 3.1.1: Paho's v3 async client. */
final class RawPublisherV3 extends RawPublisher {
    private final MqttAsyncClient client;
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

    RawPublisherV3(String uri) throws Exception {
        client = new MqttAsyncClient(uri, "bench-raw-" + System.nanoTime(), new MemoryPersistence());
        MqttConnectOptions o = new MqttConnectOptions();
        o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        o.setMaxInflight(WINDOW);
        client.connect(o).waitForCompletion(30_000);
    }

    @Override
    protected void send(String topic, byte[] payload, int qos) throws Exception {
        client.publish(topic, payload, qos, false, null, done);
    }

    @Override
    public void close() throws Exception {
        client.disconnect().waitForCompletion(30_000);
        client.close();
    }
}
