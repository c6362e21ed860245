package dev.iotstream.connect.testing;

import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The Mosquitto fixture does what the MQTT tests rely on, natively or in a container ({@link ServerRuntime}):
 * passwords enforced, a frozen broker answers nothing until thawed, and a persistent session's queued message
 * survives a restart on the same port.
 */
class MosquittoBrokerIT {

    @Test
    void passwordsFreezeAndPersistenceAcrossARestart() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.builder().user("device", "s3cret").persistence(true).start()) {
            assertThatThrownBy(() -> connect(broker, "intruder", "device", "wrong", true))
                    .isInstanceOf(MqttException.class);

            BlockingQueue<String> received = new LinkedBlockingQueue<>();
            MqttClient subscriber = connect(broker, "sub", "device", "s3cret", false);
            subscriber.subscribe("t/#", 1, (topic, message) -> received.add(new String(message.getPayload())));
            subscriber.disconnect(); // the session stays: messages for it are queued
            subscriber.close();

            broker.freeze();
            MqttClient stalled = new MqttClient(broker.uri(), "stalled", new MemoryPersistence());
            stalled.setTimeToWait(2000); // the TCP handshake succeeds (listen backlog); no CONNACK ever comes
            assertThatThrownBy(() -> stalled.connect(options("device", "s3cret", true)))
                    .isInstanceOf(MqttException.class);
            broker.thaw();
            // the connect still pending in the client completes once the broker runs again
            await().atMost(Duration.ofSeconds(10)).until(stalled::isConnected);
            stalled.disconnect();
            stalled.close();

            MqttClient publisher = connect(broker, "pub", "device", "s3cret", true);
            publisher.publish("t/a", "queued".getBytes(), 1, false);
            publisher.disconnect();
            publisher.close();

            broker.restart();
            MqttClient again = new MqttClient(broker.uri(), "sub", new MemoryPersistence());
            again.setCallback(new org.eclipse.paho.client.mqttv3.MqttCallback() {
                @Override
                public void connectionLost(Throwable cause) {
                }

                @Override
                public void messageArrived(String topic, org.eclipse.paho.client.mqttv3.MqttMessage message) {
                    received.add(new String(message.getPayload()));
                }

                @Override
                public void deliveryComplete(org.eclipse.paho.client.mqttv3.IMqttDeliveryToken token) {
                }
            });
            again.connect(options("device", "s3cret", false));
            assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo("queued");
            again.disconnect();
            again.close();
            assertThat(broker.log()).contains("mosquitto version");
        }
    }

    private static MqttClient connect(MosquittoBroker broker, String id, String user, String password,
                                      boolean clean) throws MqttException {
        MqttClient client = new MqttClient(broker.uri(), id, new MemoryPersistence());
        client.connect(options(user, password, clean));
        return client;
    }

    private static MqttConnectOptions options(String user, String password, boolean clean) {
        MqttConnectOptions options = new MqttConnectOptions();
        options.setUserName(user);
        options.setPassword(password.toCharArray());
        options.setCleanSession(clean);
        return options;
    }
}
