package dev.iotstream.connect.mqtt;

import dev.iotstream.connect.mqtt.client.ClientSettings;
import dev.iotstream.connect.mqtt.client.InboundMessage;
import dev.iotstream.connect.mqtt.client.MqttClientAdapter;
import dev.iotstream.connect.mqtt.client.MqttClients;
import dev.iotstream.connect.mqtt.client.MqttVersion;
import dev.iotstream.connect.mqtt.client.TlsSettings;
import dev.iotstream.connect.testing.MosquittoBroker;
import dev.iotstream.connect.testing.ServerRuntime;
import dev.iotstream.connect.testing.TestCertificates;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The duplicate bound rests on knowing which acks have left the process: the client adapter counts the acks Paho has
 * queued and the PUBACK/PUBCOMP packets its tcp:// or ssl:// socket has written, against a real broker, and the
 * broker got them (a new connection of the same persistent session receives nothing again).
 */
class AcksInTransitIT {
    private static final int MESSAGES = 300;
    private static MosquittoBroker plain;
    private static MosquittoBroker tls;
    private static TestCertificates certs;

    @BeforeAll
    static void startBrokers() {
        ServerRuntime.MOSQUITTO.require();
        certs = TestCertificates.generate();
        plain = MosquittoBroker.builder().limits(1000, 10_000).start();
        tls = MosquittoBroker.builder().limits(1000, 10_000)
                .tls(certs.caPem(), certs.serverCertPem(), certs.serverKeyPem(), false).start();
    }

    @AfterAll
    static void stopBrokers() throws Exception {
        for (AutoCloseable c : new AutoCloseable[] {plain, tls, certs}) {
            if (c != null) {
                c.close();
            }
        }
    }

    @ParameterizedTest(name = "MQTT {0}, QoS {1}, {2}")
    @CsvSource({"V3_1_1, 1, tcp", "V3_1_1, 2, tcp", "V5, 1, tcp", "V3_1_1, 1, ssl", "V5, 1, ssl"})
    void everyAckHandedToTheClientIsCountedOnceWrittenToTheSocket(MqttVersion version, int qos, String scheme)
            throws Exception {
        boolean ssl = scheme.equals("ssl");
        String uri = ssl ? tls.uri().replace("tcp://", "ssl://") : plain.uri();
        String clientId = "acks-" + UUID.randomUUID();
        String topic = "acks/" + clientId;
        LinkedBlockingQueue<InboundMessage> arrived = new LinkedBlockingQueue<>();
        MqttClientAdapter client = connect(version, uri, clientId, topic, qos, arrived);
        try {
            MqttIt.publish(uri, qos, MESSAGES, i -> topic, i -> "m" + i, o -> {
                if (ssl) {
                    o.setSocketFactory(certs.clientTrustingCa().getSocketFactory());
                }
            });
            List<InboundMessage> messages = new ArrayList<>();
            while (messages.size() < MESSAGES) {
                InboundMessage m = arrived.poll(30, TimeUnit.SECONDS);
                assertThat(m).as("message %d of %d", messages.size() + 1, MESSAGES).isNotNull();
                messages.add(m);
            }
            assertThat(client.acksInTransit()).isZero();
            for (InboundMessage m : messages) {
                client.ack(m);
            }
            // Without the written acks being seen on the socket this stays at MESSAGES.
            await().atMost(Duration.ofSeconds(10)).until(() -> client.acksInTransit() == 0);
        } finally {
            client.close();
        }
        MqttClientAdapter again = connect(version, uri, clientId, topic, qos, arrived);
        try {
            assertThat(arrived.poll(1, TimeUnit.SECONDS)).as("redelivered although acknowledged").isNull();
        } finally {
            again.close();
        }
    }

    private static MqttClientAdapter connect(MqttVersion version, String uri, String clientId, String topic, int qos,
                                             LinkedBlockingQueue<InboundMessage> arrived) throws Exception {
        TlsSettings tlsSettings = new TlsSettings("", new char[0], "", "", new char[0], "", new char[0],
                uri.startsWith("ssl") ? certs.caPem().toString() : "", "", "", true, "TLSv1.2");
        ClientSettings settings = new ClientSettings(List.of(uri), clientId, "", new char[0], false, 3600,
                1000, 30, 10_000, List.of(topic), qos, Map.of(), tlsSettings);
        MqttClientAdapter client = MqttClients.create(version, settings, new MqttClientAdapter.Listener() {
            @Override
            public void messageArrived(InboundMessage message) {
                arrived.add(message);
            }

            @Override
            public void connectionLost(Throwable cause) {
            }
        }, clientId);
        client.connectAndSubscribe();
        return client;
    }
}
