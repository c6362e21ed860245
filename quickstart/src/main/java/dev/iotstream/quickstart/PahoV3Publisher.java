package dev.iotstream.quickstart;

import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/** MQTT 3.1.1 through Paho's v3 async client (memory persistence: never files in the working directory). */
final class PahoV3Publisher implements MqttPublisher {
    static final int MAX_IN_FLIGHT = 100;
    private static final long CONNECT_TIMEOUT_MS = 15_000;

    private final MqttAsyncClient client;

    private PahoV3Publisher(MqttAsyncClient client) {
        this.client = client;
    }

    static PahoV3Publisher connect(String broker, String clientId, String username, byte[] password)
            throws MqttException {
        MqttAsyncClient client = new MqttAsyncClient(broker, clientId, new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        options.setCleanSession(true);
        options.setAutomaticReconnect(true);
        options.setMaxInflight(MAX_IN_FLIGHT);
        options.setConnectionTimeout(10);
        if (username != null) {
            options.setUserName(username);
            options.setPassword(password == null ? new char[0]
                    : new String(password, StandardCharsets.UTF_8).toCharArray());
        }
        try {
            client.connect(options).waitForCompletion(CONNECT_TIMEOUT_MS);
        } catch (MqttException e) {
            client.close(true);
            throw e;
        }
        return new PahoV3Publisher(client);
    }

    @Override
    public void publish(String topic, byte[] payload, int qos, Runnable onSuccess, Consumer<Throwable> onFailure)
            throws MqttException {
        client.publish(topic, payload, qos, false, null, new PahoCallback(onSuccess, onFailure));
    }

    @Override
    public void subscribe(String filter, java.util.function.BiConsumer<String, byte[]> handler) throws MqttException {
        client.subscribe(filter, 0, null, null, (topic, message) -> handler.accept(topic, message.getPayload()))
                .waitForCompletion(CONNECT_TIMEOUT_MS);
    }

    @Override
    public int maxInFlight() {
        return MAX_IN_FLIGHT;
    }

    @Override
    public void close() {
        PahoClose.disconnectThenRelease(client::isConnected,
                (quiesceMs, waitMs) -> client.disconnect(quiesceMs).waitForCompletion(waitMs), () -> client.close(true));
    }
}
