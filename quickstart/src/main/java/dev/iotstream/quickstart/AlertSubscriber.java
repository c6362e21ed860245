package dev.iotstream.quickstart;

import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Stands in for a dashboard or an actuator: subscribes to the alerts the MQTT sink publishes back to the broker and
 * counts them, so the progress line shows the way back to the devices. Subscribed before any alert exists, so
 * every alert arrives once as a live message (retained copies only reach later subscribers).
 */
final class AlertSubscriber implements AutoCloseable {
    private final MqttAsyncClient client;
    private final AtomicLong received = new AtomicLong();

    private AlertSubscriber(MqttAsyncClient client) {
        this.client = client;
    }

    static AlertSubscriber subscribe(String brokerUri, String filter) throws MqttException {
        MqttAsyncClient client = new MqttAsyncClient(brokerUri, "iotstream-quickstart-alerts", new MemoryPersistence());
        AlertSubscriber subscriber = new AlertSubscriber(client);
        client.setCallback(new MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {
                // automatic reconnect; the count only shows progress
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                if (!message.isRetained()) {
                    subscriber.received.incrementAndGet();
                }
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
            }
        });
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(true);
        options.setAutomaticReconnect(true);
        options.setConnectionTimeout(10);
        try {
            client.connect(options).waitForCompletion(15_000);
            client.subscribe(filter, 1).waitForCompletion(15_000);
        } catch (MqttException e) {
            client.close(true);
            throw e;
        }
        return subscriber;
    }

    long received() {
        return received.get();
    }

    @Override
    public void close() throws MqttException {
        try {
            if (client.isConnected()) {
                client.disconnect().waitForCompletion(5_000);
            }
        } finally {
            client.close(true);
        }
    }
}
