package dev.iotstream.connect.mqtt.client;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.SocketFactory;
import javax.net.ssl.SSLSocketFactory;

/**
 * What the Paho v3 and v5 adapters share: one connection attempt per server URI, starting at the one that
 * connected last ({@link ServerFailover}), the connection epoch that voids acks of earlier connections, sending
 * acks, and the forced disconnect after a failed attempt and on close. Subclasses speak their Paho client's API:
 * the calls are the same in v3 and v5, the types are not, so each subclass passes them through in a line.
 */
abstract class PahoClientAdapterBase implements MqttClientAdapter {
    private static final Logger log = LoggerFactory.getLogger(PahoClientAdapterBase.class);

    protected final ClientSettings settings;
    protected final Listener listener;
    private final String protocol;
    private final ServerFailover failover;
    /** The configured TLS for ssl:// and wss:// URIs; null: the JVM's defaults. */
    private final SSLSocketFactory tls;
    /** Acks queued in Paho but not yet written, for the window to count (see {@link #acksInTransit()}). */
    private final AckLedger acks = new AckLedger();
    /** tcp:// sockets that report the acks written to them. */
    private final SocketFactory plainTcp = BufferedReadSocketFactory.countingAcks(acks::written);
    private volatile long epoch;
    /**
     * Makes "is the message's connection still the current one" and "send its ack" one step against a new
     * connection starting: otherwise an ack checked just before a reconnect could go out on the new connection,
     * where its packet id may already name another message (HiveMQ reuses the lowest free id), acknowledging that
     * one before Kafka has it. Not the adapter's monitor: that is held through a whole connection attempt.
     */
    private final Object epochLock = new Object();

    PahoClientAdapterBase(ClientSettings settings, Listener listener, String protocol) {
        this.settings = settings;
        this.listener = listener;
        this.protocol = protocol;
        this.failover = new ServerFailover(settings.serverUris());
        this.tls = TlsContexts.socketFactory(settings.tls());
    }

    /** The socket factory to connect to {@code uri} with (see {@link #socketFactoryFor(String, SocketFactory, SSLSocketFactory)}). */
    protected final SocketFactory socketFactoryFor(String uri) {
        if (ServerUris.isSsl(uri)) { // the configured TLS, else the JVM's, with sockets that report acks written
            return new AckCountingSslSocketFactory(
                    tls != null ? tls : (SSLSocketFactory) SSLSocketFactory.getDefault(), acks::written);
        }
        return socketFactoryFor(uri, plainTcp, tls);
    }

    /**
     * Chosen per URI because Paho refuses an SSL factory for tcp:// and a plain one for ssl://, and a failover list
     * may mix them. tcp:// reads through a buffer and counts the acks it writes ({@link BufferedReadSocketFactory}); ssl:// and wss:// use the
     * configured TLS (null: the JVM's defaults); ws:// Paho's own.
     */
    static SocketFactory socketFactoryFor(String uri, SocketFactory plainTcp, SSLSocketFactory tls) {
        if (ServerUris.isPlainTcp(uri)) {
            return plainTcp;
        }
        return ServerUris.isTls(uri) ? tls : null;
    }

    /** Connects to {@code uri} and subscribes to every filter, or throws why not; blocks for at most the timeout. */
    protected abstract void connectAndSubscribeTo(String uri) throws MqttConnectFailure;

    /** Paho's {@code disconnectForcibly} without a DISCONNECT packet. */
    protected abstract void disconnectForcibly() throws Exception;

    /** Paho's {@code messageArrivedComplete}: the PUBACK or PUBCOMP. */
    protected abstract void messageArrivedComplete(int messageId, int qos) throws Exception;

    /** Paho's {@code close(true)}: releases the client's threads. */
    protected abstract void release() throws Exception;

    @Override
    public final synchronized String connectAndSubscribe() throws MqttConnectFailure {
        return failover.connect(this::attempt, target -> protocol + " connection to "
                + target + " as client id '" + settings.clientId() + "'"
                + (settings.username().isEmpty() ? "" : " user '" + settings.username() + "'"));
    }

    private void attempt(String uri) throws MqttConnectFailure {
        synchronized (epochLock) {
            epoch++; // before connect: messages of this connection may arrive before connect() returns
            acks.connectionStarting(ServerUris.isPlainTcp(uri) || ServerUris.isSsl(uri));
        }
        try {
            connectAndSubscribeTo(uri);
        } catch (MqttConnectFailure e) {
            // After a failed or timed-out attempt Paho may still be connecting in the background (a hung server
            // accepts TCP but never answers CONNECT) and would refuse every later connect with "connect already in
            // progress". A forced disconnect ends the attempt in whatever state it is.
            disconnectQuietly("after a failed attempt");
            throw e;
        }
    }

    /**
     * Whether a SUBSCRIBE whose SUBACK did not come within the attempt timeout may complete later, on a live
     * connection. A persistent session's messages arrive right after CONNACK, ahead of the SUBACK. When the window is
     * still full of messages of the previous connection that wait for Kafka, the callback holds the first of them and
     * Paho reads nothing more, so the SUBACK cannot arrive before Kafka catches up; failing the attempt would only
     * repeat this until the task gives up (mqtt.connect.timeout.ms) in an outage of Kafka, not of MQTT. With the
     * session present the broker already has the subscriptions: the connection is kept, and Paho reads the SUBACK
     * once the task takes messages again.
     */
    protected final boolean subackHeldUp(boolean timedOut, boolean sessionPresent) {
        if (!timedOut || !sessionPresent || !isConnected()) {
            return false;
        }
        log.warn("client '{}': no SUBACK within {} ms, held up behind the session's messages that wait for Kafka;"
                + " keeping the connection (the session has the subscriptions)", settings.clientId(),
                settings.attemptTimeoutMs());
        return true;
    }

    /** Epoch of the current connection, to stamp each arriving message with. */
    protected final long epoch() {
        return epoch;
    }

    /**
     * Acks of the current connection that Paho has queued and not yet written to its tcp:// or ssl:// socket (0 over
     * WebSocket, where the bytes are framed by Paho). A message whose ack is still queued is in Kafka but not
     * acknowledged at the broker, so the window counts it until the ack is written.
     */
    @Override
    public final int acksInTransit() {
        return acks.inTransit();
    }

    @Override
    public final long connectionEpoch() {
        return epoch;
    }

    @Override
    public final void ack(InboundMessage message) {
        if (message.qos() == 0) {
            return;
        }
        synchronized (epochLock) { // Paho only queues the ack here: the lock is held for microseconds
            if (message.connectionEpoch() != epoch) {
                return;
            }
            acks.handed(); // before: the write may be counted before this call returns
            try {
                messageArrivedComplete(message.messageId(), message.qos());
            } catch (Exception e) {
                acks.notHanded();
                // the connection is going away; the broker redelivers the message on the next one
                log.debug("ack for message {} not sent: {}", message.messageId(), e.toString());
            }
        }
    }

    @Override
    public final void close() {
        if (isConnected()) {
            disconnectQuietly("on close");
        }
        try {
            release();
        } catch (Exception e) {
            log.debug("close of '{}': {}", settings.clientId(), e.toString());
        }
    }

    private void disconnectQuietly(String when) {
        try {
            disconnectForcibly();
        } catch (Exception e) {
            log.debug("disconnect of '{}' {}: {}", settings.clientId(), when, e.toString());
        }
    }
}
