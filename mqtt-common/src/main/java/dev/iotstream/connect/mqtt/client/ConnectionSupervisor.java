package dev.iotstream.connect.mqtt.client;

import dev.iotstream.connect.common.Backoff;
import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Keeps one client connected on its own thread: the first connect and every reconnect are retried with
 * exponential backoff and jitter, and every successful connect subscribes again. The task stays RUNNING while
 * this retries; {@link #checkHealthy()} (called from poll) turns "disconnected for longer than the give-up time"
 * or a fatal failure (rejected credentials) into a task failure with the reason.
 */
public final class ConnectionSupervisor implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ConnectionSupervisor.class);

    /** Told about every (re)connection, so pending acks can be voided and metrics counted. */
    public interface Events {
        void connected(boolean reconnect);
    }

    private final MqttClientAdapter client;
    private final Backoff backoff;
    private final long giveUpMs;
    private final String name;
    private final Events events;
    private final Object lock = new Object();
    private final Thread thread;
    private volatile boolean closed;
    private volatile boolean lost = true;
    private volatile long disconnectedSinceMs = System.currentTimeMillis();
    private volatile String lastFailure = "not connected yet";
    private volatile ConnectException fatal;
    private boolean everConnected;
    private long losses; // guarded by lock; a loss during an attempt must not be overwritten by its success

    public ConnectionSupervisor(MqttClientAdapter client, long initialBackoffMs, long maxBackoffMs, long giveUpMs,
                                String name, Events events) {
        this.client = client;
        this.backoff = new Backoff(initialBackoffMs, maxBackoffMs, () -> ThreadLocalRandom.current().nextDouble());
        this.giveUpMs = giveUpMs;
        this.name = name;
        this.events = events;
        this.thread = new Thread(this::run, "mqtt-connection-" + name);
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    /** Called from the client's callback when the connection drops: returns at once, the thread reconnects. */
    public void connectionLost(Throwable cause) {
        synchronized (lock) {
            losses++;
            if (!lost) {
                lost = true;
                disconnectedSinceMs = System.currentTimeMillis();
            }
            lastFailure = "connection lost: " + cause;
            lock.notifyAll();
        }
        if (!closed) {
            log.warn("{}: MQTT connection lost ({}); reconnecting", name, String.valueOf(cause));
        }
    }

    public boolean isConnected() {
        return !lost && client.isConnected();
    }

    /** @throws ConnectException when the task must fail: a fatal connect error or too long without a connection */
    public void checkHealthy() {
        if (fatal != null) {
            throw fatal;
        }
        if (lost && System.currentTimeMillis() - disconnectedSinceMs > giveUpMs) {
            throw new ConnectException(name + ": no MQTT connection for more than " + giveUpMs
                    + " ms (mqtt.connect.timeout.ms); giving up. Last failure: " + lastFailure);
        }
    }

    private void run() {
        while (!closed) {
            if (!lost) {
                synchronized (lock) {
                    try {
                        lock.wait(1000);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                continue;
            }
            try {
                long lossesBefore;
                synchronized (lock) {
                    lossesBefore = losses;
                }
                String uri = client.connectAndSubscribe();
                if (closed) {
                    return;
                }
                boolean reconnect = everConnected;
                everConnected = true;
                synchronized (lock) {
                    if (losses != lossesBefore) {
                        continue; // dropped again while subscribing: try again
                    }
                    lost = false;
                }
                backoff.reset();
                events.connected(reconnect);
                log.info("{}: MQTT {} to {} and subscribed", name, reconnect ? "reconnected" : "connected", uri);
            } catch (MqttConnectFailure e) {
                lastFailure = e.getMessage();
                if (e.isFatal()) {
                    fatal = new ConnectException(name + ": " + e.getMessage()
                            + ". Retrying cannot help; check mqtt.username / mqtt.password and the broker's ACLs.", e);
                    log.error("{}: {}", name, e.getMessage());
                    return;
                }
                long delay = backoff.nextDelayMs();
                log.warn("{}: {}; retrying in {} ms", name, e.getMessage(), delay);
                sleep(delay);
            } catch (RuntimeException e) {
                lastFailure = e.toString();
                long delay = backoff.nextDelayMs();
                log.warn("{}: connect attempt failed: {}; retrying in {} ms", name, e, delay);
                sleep(delay);
            }
        }
    }

    private void sleep(long ms) {
        synchronized (lock) {
            try {
                if (!closed) {
                    lock.wait(ms);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        synchronized (lock) {
            lock.notifyAll();
        }
        thread.interrupt();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
