package dev.iotstream.connect.bench.mqttsink;

import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;

/** MQTT 5: Paho's v5 async client, Receive Maximum the window (the connector asks for the same). */
final class RawPublisherV5 extends RawPublisher {
    private final MqttAsyncClient client;
    private final MqttActionListener done = new MqttActionListener() {
        @Override
        public void onSuccess(IMqttToken token) {
            completed();
        }

        @Override
        public void onFailure(IMqttToken token, Throwable e) {
            completed();
        }
    };

    RawPublisherV5(String uri) throws Exception {
        client = new MqttAsyncClient(uri, "bench-raw-" + System.nanoTime(), new MemoryPersistence());
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setReceiveMaximum(WINDOW);
        client.connect(o).waitForCompletion(30_000);
    }

    @Override
    protected void send(String topic, byte[] payload, int qos) throws Exception {
        MqttMessage m = new MqttMessage(payload);
        m.setQos(qos);
        client.publish(topic, m, null, done);
    }

    @Override
    public void close() throws Exception {
        client.disconnect().waitForCompletion(30_000);
        client.close();
    }
}
