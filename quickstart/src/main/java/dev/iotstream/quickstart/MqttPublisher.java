package dev.iotstream.quickstart;

import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * One asynchronous MQTT connection, hiding whether it speaks 3.1.1 or 5 (Paho has a separate client for each).
 * Completion callbacks run on Paho's callback thread and must stay short.
 */
interface MqttPublisher extends AutoCloseable {

    /** Publishes without waiting; exactly one of the callbacks runs later, or the call itself throws. */
    void publish(String topic, byte[] payload, int qos, Runnable onSuccess, Consumer<Throwable> onFailure)
            throws Exception;

    /**
     * Subscribes (QoS 0) to {@code filter}; {@code handler} gets each message's topic and payload on Paho's callback
     * thread. Waits for the SUBACK.
     */
    void subscribe(String filter, java.util.function.BiConsumer<String, byte[]> handler) throws Exception;

    /** How many publishes may be outstanding at once on this connection without Paho refusing them. */
    int maxInFlight();

    @Override
    void close();

    static MqttPublisher connect(SimulatorOptions options, String clientId) throws Exception {
        byte[] password = options.password().map(p -> p.getBytes(StandardCharsets.UTF_8)).orElse(null);
        return options.mqttVersion() == SimulatorOptions.MqttVersion.V5
                ? PahoV5Publisher.connect(options.broker(), clientId, options.username().orElse(null), password)
                : PahoV3Publisher.connect(options.broker(), clientId, options.username().orElse(null), password);
    }
}
