package dev.iotstream.connect.examples;

import dev.iotstream.connect.testing.TestCertificates;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.KeyStore;
import java.util.UUID;

/** A device: a Paho MQTT 3.1.1 client publishing at QoS 1, over TCP or mutual TLS. */
final class MqttPublisher implements AutoCloseable {
    private final MqttClient client;

    private MqttPublisher(String uri, MqttConnectOptions options) throws MqttException {
        client = new MqttClient(uri, "device-" + UUID.randomUUID().toString().substring(0, 8), new MemoryPersistence());
        options.setMaxInflight(1000);
        options.setCleanSession(true);
        client.connect(options);
    }

    static MqttPublisher connect(String uri) throws MqttException {
        return new MqttPublisher(uri, new MqttConnectOptions());
    }

    static MqttPublisher connect(String uri, String user, String password) throws MqttException {
        MqttConnectOptions options = new MqttConnectOptions();
        options.setUserName(user);
        options.setPassword(password.toCharArray());
        return new MqttPublisher(uri, options);
    }

    /** Connects with the test CA's client certificate (the broker requires one). */
    static MqttPublisher connectTls(String uri, TestCertificates certs) throws Exception {
        char[] password = TestCertificates.PASSWORD.toCharArray();
        KeyStore trust = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(certs.truststore("PKCS12"))) {
            trust.load(in, password);
        }
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(certs.clientKeystore("PKCS12"))) {
            keys.load(in, password);
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, password);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        MqttConnectOptions options = new MqttConnectOptions();
        options.setSocketFactory(tls.getSocketFactory());
        return new MqttPublisher(uri, options);
    }

    void publish(String topic, String payload) throws MqttException {
        client.publish(topic, payload.getBytes(StandardCharsets.UTF_8), 1, false);
    }

    void publish(String topic, byte[] payload) throws MqttException {
        client.publish(topic, payload, 1, false);
    }

    @Override
    public void close() throws MqttException {
        try {
            client.disconnect();
        } finally {
            client.close();
        }
    }
}
