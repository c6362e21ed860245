package dev.iotstream.connect.mqtt.client;

import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * MQTT 5 through Paho's v5 client, with manual acks. Receive Maximum is set to the task's in-flight window, so
 * the broker itself never sends more un-acknowledged QoS 1/2 messages than the task will hold.
 */
public final class PahoV5ClientAdapter extends PahoClientAdapterBase implements MqttCallback {
    private static final Logger log = LoggerFactory.getLogger(PahoV5ClientAdapter.class);

    private static final int PACKET_TOO_LARGE = 0x95;

    private final PublishingClient client;
    private final MqttConnectionOptions options;
    /** The broker's Receive Maximum from the last CONNACK (65,535 when it sent none). */
    private volatile int brokerReceiveMaximum = 65_535;

    public PahoV5ClientAdapter(ClientSettings settings, Listener listener) {
        super(settings, listener, "MQTT 5");
        try {
            client = new PublishingClient(settings.serverUris().get(0), settings.clientId());
        } catch (MqttException e) {
            throw new IllegalArgumentException("Cannot create MQTT 5 client for " + settings.serverUris() + ": " + e, e);
        }
        client.setManualAcks(true);
        client.setCallback(this);
        client.setTimeToWait(settings.attemptTimeoutMs());
        options = new MqttConnectionOptions();
        options.setServerURIs(settings.serverUris().toArray(new String[0]));
        options.setCleanStart(settings.cleanSession());
        if (settings.will() != null) {
            OutboundMessage w = settings.will();
            org.eclipse.paho.mqttv5.common.MqttMessage will = new org.eclipse.paho.mqttv5.common.MqttMessage(
                    w.payload(), w.qos(), w.retained(), null);
            options.setWill(w.topic(), will);
        }
        options.setSessionExpiryInterval(settings.cleanSession() ? 0L : settings.sessionExpirySeconds());
        options.setReceiveMaximum(settings.receiveMaximum());
        options.setAutomaticReconnect(false);
        options.setKeepAliveInterval(settings.keepAliveSeconds());
        options.setConnectionTimeout(settings.attemptTimeoutSeconds());
        if (!settings.username().isEmpty()) {
            options.setUserName(settings.username());
        }
        if (settings.password() != null) {
            options.setPassword(new String(settings.password()).getBytes(StandardCharsets.UTF_8));
        }
        options.setHttpsHostnameVerificationEnabled(settings.tls().hostnameVerification());
    }

    @Override
    public boolean isMqtt5() {
        return true;
    }

    @Override
    protected void connectAndSubscribeTo(String uri) throws MqttConnectFailure {
        options.setServerURIs(new String[] {uri});
        options.setSocketFactory(socketFactoryFor(uri));
        try {
            IMqttToken connack = client.connectWithResult(options);
            boolean sessionPresent = connack.getSessionPresent();
            Integer brokerMaximum = connack.getResponseProperties() == null ? null
                    : connack.getResponseProperties().getReceiveMaximum();
            brokerReceiveMaximum = brokerMaximum == null || brokerMaximum <= 0 ? 65_535 : brokerMaximum;
            if (settings.filters().isEmpty()) {
                return;
            }
            MqttSubscription[] subs = settings.filters().stream()
                    .map(f -> new MqttSubscription(f, settings.qosOf(f))).toArray(MqttSubscription[]::new);
            IMqttToken token;
            try {
                token = client.subscribe(subs);
            } catch (MqttException e) {
                if (subackHeldUp(e.getReasonCode() == MqttClientException.REASON_CODE_CLIENT_TIMEOUT, sessionPresent)) {
                    return;
                }
                throw e;
            }
            int[] codes = token.getReasonCodes();
            for (int i = 0; codes != null && i < codes.length; i++) {
                if (codes[i] >= 0x80) {
                    throw new MqttConnectFailure("the broker refused the subscription "
                            + (i < subs.length ? "'" + subs[i].getTopic() + "'" : "") + " with reason code 0x"
                            + Integer.toHexString(codes[i]), false, null);
                }
            }
        } catch (MqttException e) {
            int code = e.getReasonCode();
            boolean fatal = code == 0x86 || code == 0x87 || code == 0x8A || code == 0x8C || code == 0x85;
            throw new MqttConnectFailure(e.getMessage() + " (reason code " + code + ")"
                    + (e.getCause() == null ? "" : ": " + e.getCause())
                    + TlsFailures.hint(e, settings.tls().hostnameVerification()), fatal, e);
        }
    }

    @Override
    public void publish(OutboundMessage m, Consumer<PublishOutcome> done) throws PublishRefusedException {
        MqttMessage message = new MqttMessage(m.payload());
        message.setQos(m.qos());
        message.setRetained(m.retained());
        message.setProperties(properties(m));
        try {
            client.async().publish(m.topic(), message, null, new MqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    int[] codes = token.getReasonCodes();
                    done.accept(codes == null || codes.length == 0 || codes[0] < 0x80 ? PublishOutcome.ACKNOWLEDGED
                            : new PublishOutcome(codes[0], null));
                }

                @Override
                public void onFailure(IMqttToken token, Throwable failure) {
                    int[] codes = token.getReasonCodes();
                    done.accept(codes != null && codes.length > 0 && codes[0] >= 0x80
                            ? new PublishOutcome(codes[0], null)
                            : tooLarge(failure) ? new PublishOutcome(PACKET_TOO_LARGE, null)
                            : new PublishOutcome(0, failure));
                }
            });
        } catch (MqttException e) {
            if (tooLarge(e)) {
                done.accept(new PublishOutcome(PACKET_TOO_LARGE, null));
                return;
            }
            throw new PublishRefusedException(e.getMessage() + " (reason code " + e.getReasonCode() + ")",
                    e.getReasonCode() == MqttClientException.REASON_CODE_MAX_INFLIGHT, e);
        }
    }

    /**
     * Paho refuses a PUBLISH larger than the broker's Maximum Packet Size (CONNACK) itself, before sending: the
     * same per-message refusal as the broker's reason code 0x95 would be.
     */
    private static boolean tooLarge(Throwable failure) {
        return failure instanceof MqttException e
                && e.getReasonCode() == MqttClientException.REASON_CODE_OUTGOING_PACKET_TOO_LARGE;
    }

    private static MqttProperties properties(OutboundMessage m) {
        MqttProperties p = new MqttProperties();
        p.setContentType(m.contentType());
        if (m.messageExpirySeconds() != null) {
            p.setMessageExpiryInterval(m.messageExpirySeconds());
        }
        if (m.utf8Payload() != null) {
            p.setPayloadFormat(m.utf8Payload());
        }
        p.setResponseTopic(m.responseTopic());
        p.setCorrelationData(m.correlationData());
        if (!m.userProperties().isEmpty()) {
            List<UserProperty> user = new ArrayList<>(m.userProperties().size());
            for (Map.Entry<String, String> e : m.userProperties()) {
                user.add(new UserProperty(e.getKey(), e.getValue()));
            }
            p.setUserProperties(user);
        }
        return p;
    }

    @Override
    public int publishWindow() {
        return Math.min(settings.receiveMaximum(), brokerReceiveMaximum);
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
        MqttProperties p = m.getProperties();
        List<Map.Entry<String, String>> user = new ArrayList<>();
        String contentType = null;
        String responseTopic = null;
        byte[] correlation = null;
        if (p != null) {
            contentType = p.getContentType();
            responseTopic = p.getResponseTopic();
            correlation = p.getCorrelationData();
            if (p.getUserProperties() != null) {
                for (UserProperty u : p.getUserProperties()) {
                    user.add(new AbstractMap.SimpleImmutableEntry<>(u.getKey(), u.getValue()));
                }
            }
        }
        listener.messageArrived(new InboundMessage(topic, m.getPayload(), m.getQos(), m.isRetained(),
                m.isDuplicate(), m.getId(), epoch(), contentType, responseTopic, correlation, List.copyOf(user)));
    }

    @Override
    public void disconnected(MqttDisconnectResponse response) {
        listener.connectionLost(response.getException() != null ? response.getException()
                : new MqttException(response.getReturnCode()));
    }

    @Override
    public void mqttErrorOccurred(MqttException exception) {
        log.warn("client '{}': MQTT error {}", settings.clientId(), exception.toString());
    }

    @Override
    public void deliveryComplete(IMqttToken token) {
        // each publish has its own listener
    }

    @Override
    public void connectComplete(boolean reconnect, String serverURI) {
        log.info("client '{}' connected to {} (MQTT 5)", settings.clientId(), serverURI);
    }

    @Override
    public void authPacketArrived(int reasonCode, MqttProperties properties) {
        // enhanced authentication is not used
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
