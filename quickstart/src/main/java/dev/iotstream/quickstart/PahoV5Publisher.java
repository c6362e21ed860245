package dev.iotstream.quickstart;

import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

import java.util.function.Consumer;

/**
 * MQTT 5 through Paho's v5 async client. The in-flight window is the broker's Receive Maximum from CONNACK (Paho
 * refuses publishes beyond it instead of queueing), capped so one connection cannot hog the broker.
 */
final class PahoV5Publisher implements MqttPublisher {
    private static final int CAP_IN_FLIGHT = 100;
    private static final long CONNECT_TIMEOUT_MS = 15_000;

    private final MqttAsyncClient client;
    private final int maxInFlight;

    private PahoV5Publisher(MqttAsyncClient client, int maxInFlight) {
        this.client = client;
        this.maxInFlight = maxInFlight;
    }

    static PahoV5Publisher connect(String broker, String clientId, String username, byte[] password)
            throws MqttException {
        MqttAsyncClient client = new MqttAsyncClient(broker, clientId, new MemoryPersistence());
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(true);
        options.setAutomaticReconnect(true);
        options.setConnectionTimeout(10);
        if (username != null) {
            options.setUserName(username);
            options.setPassword(password == null ? new byte[0] : password);
        }
        IMqttToken token;
        try {
            token = client.connect(options);
            token.waitForCompletion(CONNECT_TIMEOUT_MS);
        } catch (MqttException e) {
            client.close(true);
            throw e;
        }
        MqttProperties props = token.getResponseProperties();
        Integer receiveMaximum = props == null ? null : props.getReceiveMaximum();
        // MQTT 5: an absent Receive Maximum means 65,535.
        int window = receiveMaximum == null ? 65_535 : receiveMaximum;
        return new PahoV5Publisher(client, Math.max(1, Math.min(CAP_IN_FLIGHT, window)));
    }

    @Override
    public void publish(String topic, byte[] payload, int qos, Runnable onSuccess, Consumer<Throwable> onFailure)
            throws MqttException {
        client.publish(topic, payload, qos, false, null, new PahoCallback(onSuccess, onFailure));
    }

    @Override
    public void subscribe(String filter, java.util.function.BiConsumer<String, byte[]> handler) throws MqttException {
        client.subscribe(new org.eclipse.paho.mqttv5.common.MqttSubscription(filter, 0), null, null,
                (topic, message) -> handler.accept(topic, message.getPayload()), new MqttProperties())
                .waitForCompletion(15_000);
    }

    @Override
    public int maxInFlight() {
        return maxInFlight;
    }

    @Override
    public void close() {
        PahoClose.disconnectThenRelease(client::isConnected,
                (quiesceMs, waitMs) -> client.disconnect(quiesceMs).waitForCompletion(waitMs), () -> client.close(true));
    }
}
