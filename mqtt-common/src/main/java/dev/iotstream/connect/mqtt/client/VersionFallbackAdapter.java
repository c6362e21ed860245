package dev.iotstream.connect.mqtt.client;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * {@code mqtt.version=auto}: connects with MQTT 5 and, when the broker refuses that (a 3.1.1-only broker answers an
 * MQTT 5 CONNECT with "unacceptable protocol version" or closes the connection), with MQTT 3.1.1 at once, then stays
 * with the version that first connected for the life of the task (the broker keeps the session under it).
 * A fatal refusal (credentials, not authorized) is not retried with the other version: it would fail the same way.
 */
public final class VersionFallbackAdapter implements MqttClientAdapter {
    private static final Logger log = LoggerFactory.getLogger(VersionFallbackAdapter.class);

    private final MqttClientAdapter mqtt5;
    private final Supplier<MqttClientAdapter> mqtt311;
    private final String name;
    private volatile MqttClientAdapter chosen; // null until one version connected
    private MqttClientAdapter fallback; // made on the first refusal

    public VersionFallbackAdapter(MqttClientAdapter mqtt5, Supplier<MqttClientAdapter> mqtt311, String name) {
        this.mqtt5 = mqtt5;
        this.mqtt311 = mqtt311;
        this.name = name;
    }

    @Override
    public synchronized String connectAndSubscribe() throws MqttConnectFailure {
        if (chosen != null) {
            return chosen.connectAndSubscribe();
        }
        MqttConnectFailure refusedV5;
        try {
            String uri = mqtt5.connectAndSubscribe();
            chosen = mqtt5;
            return uri;
        } catch (MqttConnectFailure e) {
            if (e.isFatal()) {
                throw e;
            }
            refusedV5 = e;
        }
        if (fallback == null) {
            fallback = mqtt311.get();
        }
        try {
            String uri = fallback.connectAndSubscribe();
            chosen = fallback;
            mqtt5.close();
            log.warn("{}: the broker refused MQTT 5 ({}); connected with MQTT 3.1.1, which keeps the broker's own"
                    + " in-flight limit (e.g. Mosquitto's max_inflight_messages, default 20). Set mqtt.version=3.1.1"
                    + " to skip the MQTT 5 attempt.", name, refusedV5.getMessage());
            return uri;
        } catch (MqttConnectFailure e) {
            throw new MqttConnectFailure("MQTT 5: " + refusedV5.getMessage() + "; MQTT 3.1.1: " + e.getMessage(),
                    e.isFatal(), e);
        }
    }

    private MqttClientAdapter current() {
        MqttClientAdapter c = chosen;
        return c != null ? c : mqtt5;
    }

    /** The version that connected, or 5 while none has. */
    @Override
    public boolean isMqtt5() {
        return current() == mqtt5;
    }

    @Override
    public boolean isConnected() {
        return chosen != null && chosen.isConnected();
    }

    @Override
    public long connectionEpoch() {
        return current().connectionEpoch();
    }

    @Override
    public void ack(InboundMessage message) {
        current().ack(message);
    }

    @Override
    public int acksInTransit() {
        return current().acksInTransit();
    }

    @Override
    public void publish(OutboundMessage message, Consumer<PublishOutcome> done) throws PublishRefusedException {
        MqttClientAdapter c = chosen;
        if (c == null) {
            throw new PublishRefusedException("not connected", false, null);
        }
        c.publish(message, done);
    }

    @Override
    public int publishWindow() {
        return current().publishWindow();
    }

    @Override
    public synchronized void close() {
        mqtt5.close();
        if (fallback != null) {
            fallback.close();
        }
    }
}
