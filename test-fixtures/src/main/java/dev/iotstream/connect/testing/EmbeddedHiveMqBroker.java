package dev.iotstream.connect.testing;

import com.hivemq.configuration.service.InternalConfigurations;
import com.hivemq.embedded.EmbeddedExtension;
import com.hivemq.embedded.EmbeddedHiveMQ;
import com.hivemq.embedded.EmbeddedHiveMQBuilder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * HiveMQ CE inside the test JVM (MQTT 3.1.1 and 5). With {@code persistent=true} the broker keeps sessions and
 * queued messages on disk, so {@link #restart()} exercises persistent sessions across a broker restart.
 * {@link #builder()} adds an embedded extension (e.g. {@link HiveMqPublishRefusals}) or a maximum packet size.
 */
public final class EmbeddedHiveMqBroker implements AutoCloseable {
    /** HiveMQ's own grace period (2 s) for persistence tasks still queued when it shuts down. */
    private static final int DEFAULT_SHUTDOWN_GRACE_MS = InternalConfigurations.PERSISTENCE_SHUTDOWN_GRACE_PERIOD_MSEC.get();
    /**
     * In-memory mode discards every session at stop, so there is nothing for that grace period to save; it was half
     * of each stop's ~4 s (the other half is Netty's fixed 2 s quiet period). File mode keeps the default: there the
     * queued writes are what a restart must find again.
     */
    private static final int IN_MEMORY_SHUTDOWN_GRACE_MS = 100;
    private final int port;
    private final int webSocketPort;
    private final boolean persistent;
    private final Path tlsKeystore;
    private final int secureWebSocketPort;
    private final Path configDir;
    private final Path dataDir;
    private final Path extensionsDir;
    private final EmbeddedExtension extension;
    private final int maxPacketSize;
    private EmbeddedHiveMQ broker;

    private EmbeddedHiveMqBroker(Builder b) {
        this.port = FreePorts.next();
        this.webSocketPort = FreePorts.next();
        this.persistent = b.persistent;
        this.tlsKeystore = b.tlsKeystore;
        this.extension = b.extension;
        this.maxPacketSize = b.maxPacketSize;
        this.secureWebSocketPort = FreePorts.next();
        this.configDir = TempDirs.create("hivemq-conf");
        this.dataDir = TempDirs.create("hivemq-data");
        this.extensionsDir = TempDirs.create("hivemq-ext");
        writeConfig();
    }

    public static EmbeddedHiveMqBroker start() {
        return start(false);
    }

    public static EmbeddedHiveMqBroker start(boolean persistent) {
        return builder().persistent(persistent).start();
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Also serves MQTT over TLS WebSocket ({@link #secureWebSocketUri()}) with the key in {@code jksKeystore}
     * (password {@link TestCertificates#PASSWORD}), e.g. {@code TestCertificates#serverKeystore("JKS")}.
     */
    public static EmbeddedHiveMqBroker startWithTls(Path jksKeystore) {
        return builder().tls(jksKeystore).start();
    }

    /** Options of a broker; {@link #start()} starts it. */
    public static final class Builder {
        private boolean persistent;
        private Path tlsKeystore;
        private EmbeddedExtension extension;
        private int maxPacketSize;

        private Builder() {
        }

        public Builder persistent(boolean persistent) {
            this.persistent = persistent;
            return this;
        }

        /** See {@link #startWithTls(Path)}. */
        public Builder tls(Path jksKeystore) {
            this.tlsKeystore = jksKeystore;
            return this;
        }

        /** An extension running inside the broker, e.g. {@link HiveMqPublishRefusals#extension()}. */
        public Builder extension(EmbeddedExtension extension) {
            this.extension = extension;
            return this;
        }

        /**
         * HiveMQ's {@code max-packet-size}: the broker answers a larger PUBLISH with an MQTT 5 DISCONNECT Packet too
         * large (0x95) and closes the connection (seen with Paho v5 1.2.5, which sends it all the same).
         */
        public Builder maxPacketSize(int bytes) {
            this.maxPacketSize = bytes;
            return this;
        }

        public EmbeddedHiveMqBroker start() {
            EmbeddedHiveMqBroker b = new EmbeddedHiveMqBroker(this);
            b.startBroker();
            return b;
        }
    }

    public String secureWebSocketUri() {
        if (tlsKeystore == null) {
            throw new IllegalStateException("start the broker with startWithTls to get a wss:// listener");
        }
        return "wss://127.0.0.1:" + secureWebSocketPort + "/mqtt";
    }

    public int port() {
        return port;
    }

    public String uri() {
        return "tcp://127.0.0.1:" + port;
    }

    /** The same broker over MQTT-over-WebSocket. */
    public String webSocketUri() {
        return "ws://127.0.0.1:" + webSocketPort + "/mqtt";
    }

    public void stop() {
        if (broker == null) {
            return;
        }
        try {
            broker.stop().get(60, TimeUnit.SECONDS);
            broker.close();
        } catch (Exception e) {
            throw new IllegalStateException("HiveMQ did not stop", e);
        } finally {
            broker = null;
        }
    }

    public void restart() {
        stop();
        startBroker();
    }

    @Override
    public void close() {
        try {
            stop();
        } finally {
            TempDirs.deleteRecursively(configDir);
            TempDirs.deleteRecursively(dataDir);
            TempDirs.deleteRecursively(extensionsDir);
        }
    }

    private void startBroker() {
        // read by HiveMQ's persistence queues when they are created, i.e. during this start (tests start brokers
        // one at a time)
        InternalConfigurations.PERSISTENCE_SHUTDOWN_GRACE_PERIOD_MSEC.set(
                persistent ? DEFAULT_SHUTDOWN_GRACE_MS : IN_MEMORY_SHUTDOWN_GRACE_MS);
        EmbeddedHiveMQBuilder builder = EmbeddedHiveMQ.builder()
                .withConfigurationFolder(configDir)
                .withDataFolder(dataDir)
                .withExtensionsFolder(extensionsDir);
        if (extension != null) {
            builder.withEmbeddedExtension(extension);
        }
        broker = builder.build();
        try {
            broker.start().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("HiveMQ did not start on 127.0.0.1:" + port, e);
        }
    }

    private String secureWebSocketListener() {
        if (tlsKeystore == null) {
            return "";
        }
        return """
                <tls-websocket-listener>
                  <port>%d</port>
                  <bind-address>127.0.0.1</bind-address>
                  <path>/mqtt</path>
                  <subprotocols><subprotocol>mqttv3.1</subprotocol><subprotocol>mqtt</subprotocol></subprotocols>
                  <tls>
                    <keystore>
                      <path>%s</path>
                      <password>%s</password>
                      <private-key-password>%s</private-key-password>
                    </keystore>
                  </tls>
                </tls-websocket-listener>
                """.formatted(secureWebSocketPort, tlsKeystore.toAbsolutePath(), TestCertificates.PASSWORD,
                TestCertificates.PASSWORD);
    }

    private String packets() {
        return maxPacketSize <= 0 ? ""
                : "<packets><max-packet-size>" + maxPacketSize + "</max-packet-size></packets>";
    }

    private void writeConfig() {
        String xml = """
                <?xml version="1.0"?>
                <hivemq>
                  <listeners>
                    <tcp-listener>
                      <port>%d</port>
                      <bind-address>127.0.0.1</bind-address>
                    </tcp-listener>
                    <websocket-listener>
                      <port>%d</port>
                      <bind-address>127.0.0.1</bind-address>
                      <path>/mqtt</path>
                      <subprotocols><subprotocol>mqttv3.1</subprotocol><subprotocol>mqtt</subprotocol></subprotocols>
                    </websocket-listener>
                    %s
                  </listeners>
                  <mqtt>
                    <queued-messages>
                      <max-queue-size>100000</max-queue-size>
                    </queued-messages>
                    %s
                  </mqtt>
                  <persistence>
                    <mode>%s</mode>
                  </persistence>
                  <anonymous-usage-statistics>
                    <enabled>false</enabled>
                  </anonymous-usage-statistics>
                </hivemq>
                """.formatted(port, webSocketPort, secureWebSocketListener(), packets(),
                persistent ? "file" : "in-memory");
        try {
            Files.writeString(configDir.resolve("config.xml"), xml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
