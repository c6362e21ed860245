package dev.iotstream.connect.mqtt.client;

import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallbackExtended;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Arrays;
import java.util.function.Consumer;

/** MQTT 3.1.1 through Paho's v3 client, with manual acks. */
public final class PahoV3ClientAdapter extends PahoClientAdapterBase implements MqttCallbackExtended {
    private static final Logger log = LoggerFactory.getLogger(PahoV3ClientAdapter.class);

    private final PublishingClient client;
    private final MqttConnectOptions options;

    public PahoV3ClientAdapter(ClientSettings settings, Listener listener) {
        super(settings, listener, "MQTT 3.1.1");
        try {
            client = new PublishingClient(settings.serverUris().get(0), settings.clientId());
        } catch (MqttException e) {
            throw new IllegalArgumentException("Cannot create MQTT client for " + settings.serverUris() + ": " + e, e);
        }
        // Both before the first connect: a persistent session's backlog arrives right after CONNACK.
        client.setManualAcks(true);
        client.setCallback(this);
        client.setTimeToWait(settings.attemptTimeoutMs());
        options = new MqttConnectOptions();
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        options.setServerURIs(settings.serverUris().toArray(new String[0]));
        options.setCleanSession(settings.cleanSession());
        if (settings.will() != null) {
            OutboundMessage w = settings.will();
            options.setWill(w.topic(), w.payload(), w.qos(), w.retained());
        }
        options.setAutomaticReconnect(false); // the ConnectionSupervisor reconnects and resubscribes
        options.setKeepAliveInterval(settings.keepAliveSeconds());
        options.setMaxInflight(settings.receiveMaximum());
        options.setConnectionTimeout(settings.attemptTimeoutSeconds());
        if (!settings.username().isEmpty()) {
            options.setUserName(settings.username());
        }
        if (settings.password() != null) {
            options.setPassword(settings.password());
        }
        options.setHttpsHostnameVerificationEnabled(settings.tls().hostnameVerification());
    }

    @Override
    protected void connectAndSubscribeTo(String uri) throws MqttConnectFailure {
        options.setServerURIs(new String[] {uri});
        options.setSocketFactory(socketFactoryFor(uri));
        try {
            boolean sessionPresent = client.connectWithResult(options).getSessionPresent();
            if (settings.filters().isEmpty()) {
                return;
            }
            int[] qos = settings.filters().stream().mapToInt(settings::qosOf).toArray();
            try {
                client.subscribe(settings.filters().toArray(new String[0]), qos);
            } catch (MqttException e) {
                if (!subackHeldUp(e.getReasonCode() == MqttException.REASON_CODE_CLIENT_TIMEOUT, sessionPresent)) {
                    throw e;
                }
            }
        } catch (MqttException e) {
            int code = e.getReasonCode();
            boolean fatal = code == MqttException.REASON_CODE_FAILED_AUTHENTICATION
                    || code == MqttException.REASON_CODE_NOT_AUTHORIZED
                    || code == MqttException.REASON_CODE_INVALID_CLIENT_ID;
            String what = code == MqttException.REASON_CODE_SUBSCRIBE_FAILED
                    ? "the broker refused the subscription to " + settings.filters() + " at QoS "
                    + Arrays.toString(settings.filters().stream().mapToInt(settings::qosOf).toArray())
                    : describe(e) + TlsFailures.hint(e, settings.tls().hostnameVerification());
            throw new MqttConnectFailure(what, fatal, e);
        }
    }

    static String describe(MqttException e) {
        String text = e.getMessage() + " (reason code " + e.getReasonCode() + ")";
        return e.getCause() == null ? text : text + ": " + e.getCause();
    }

    @Override
    public void publish(OutboundMessage m, Consumer<PublishOutcome> done) throws PublishRefusedException {
        MqttMessage message = new MqttMessage(m.payload());
        message.setQos(m.qos());
        message.setRetained(m.retained());
        try {
            client.async().publish(m.topic(), message, null, new IMqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    done.accept(PublishOutcome.ACKNOWLEDGED);
                }

                @Override
                public void onFailure(IMqttToken token, Throwable failure) {
                    done.accept(new PublishOutcome(0, failure));
                }
            });
        } catch (MqttException e) {
            throw new PublishRefusedException(describe(e),
                    e.getReasonCode() == MqttException.REASON_CODE_MAX_INFLIGHT, e);
        }
    }

    @Override
    public int publishWindow() {
        return settings.receiveMaximum();
    }

    @Override
    public boolean isConnected() {
        return client.isConnected();
    }

    @Override
    protected void disconnectForcibly() throws MqttException {
        client.disconnectForcibly(0, 1000, false);
    }

    @Override
    protected void messageArrivedComplete(int messageId, int qos) throws MqttException {
        client.messageArrivedComplete(messageId, qos);
    }

    @Override
    protected void release() throws MqttException {
        client.close(true);
    }

    @Override
    public void messageArrived(String topic, MqttMessage m) {
        listener.messageArrived(InboundMessage.v3(topic, m.getPayload(), m.getQos(), m.isRetained(), m.isDuplicate(),
                m.getId(), epoch()));
    }

    @Override
    public void connectionLost(Throwable cause) {
        listener.connectionLost(cause);
    }

    @Override
    public void connectComplete(boolean reconnect, String serverURI) {
        log.info("client '{}' connected to {}", settings.clientId(), serverURI);
    }

    @Override
    public void deliveryComplete(IMqttDeliveryToken token) {
        // each publish has its own listener
    }

    /** Paho's blocking client, which also hands out its asynchronous half for publishes with a listener. */
    private static final class PublishingClient extends MqttClient {
        PublishingClient(String serverUri, String clientId) throws MqttException {
            super(serverUri, clientId, new MemoryPersistence());
        }

        MqttAsyncClient async() {
            return aClient;
        }
    }
}
