package dev.iotstream.connect.testing;

import com.influxdb.client.InfluxDBClient;
import com.influxdb.client.InfluxDBClientFactory;
import com.influxdb.client.domain.WritePrecision;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Proves the servers every other test relies on start together in one JVM and do real work. */
class FixturesSmokeIT {

    @Test
    void connectHiveMqAndQuestDbRunTogether() throws Exception {
        try (EmbeddedHiveMqBroker broker = EmbeddedHiveMqBroker.start();
             EmbeddedQuestDb questDb = EmbeddedQuestDb.start()) {
            EmbeddedConnectCluster connect = ConnectClusters.start("smoke");
            try {
                ConnectClusters.createTopic(connect, "smoke", 1);
                connect.kafka().produce("smoke", "k", "v");
                assertThat(connect.kafka().consume(1, 30_000, "smoke").count()).isEqualTo(1);
            } finally {
                connect.stop();
            }

            MqttClient subscriber = new MqttClient(broker.uri(), "sub", new MemoryPersistence());
            MqttClient publisher = new MqttClient(broker.uri(), "pub", new MemoryPersistence());
            subscriber.connect(new MqttConnectOptions());
            CompletableFuture<String> received = new CompletableFuture<>();
            subscriber.subscribe("a/#", 1, (topic, message) -> received.complete(topic + "=" + new String(message.getPayload())));
            publisher.connect(new MqttConnectOptions());
            publisher.publish("a/b", "hello".getBytes(), 1, false);
            assertThat(received.get(10, TimeUnit.SECONDS)).isEqualTo("a/b=hello");
            publisher.disconnect();
            subscriber.disconnect();
            publisher.close();
            subscriber.close();

            try (InfluxDBClient influx = InfluxDBClientFactory.create(questDb.url(), "t".toCharArray(), "org", "bucket")) {
                influx.getWriteApiBlocking().writeRecord(WritePrecision.MS, "smoke,site=a temp=21.5 1700000000000");
            }
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(questDb.query("select site, temp from smoke")).hasSize(1));
            assertThat(questDb.query("select site, temp from smoke").get(0))
                    .containsEntry("site", "a").containsEntry("temp", 21.5);
        }
    }

    @Test
    void nginxProxiesToVictoriaMetricsAndFailsOnDemand() throws Exception {
        ServerRuntime.NGINX.require();
        ServerRuntime.VICTORIA_METRICS.require();
        try (VictoriaMetricsServer vm = VictoriaMetricsServer.start();
             NginxProxy proxy = NginxProxy.builder(vm.url()).clientMaxBodySize("1k").start()) {
            HttpClient http = HttpClient.newHttpClient();
            HttpRequest write = HttpRequest.newBuilder(URI.create(proxy.url() + "/api/v2/write?bucket=b&org=o&precision=ms"))
                    .POST(HttpRequest.BodyPublishers.ofString("smoke,site=a temp=21.5 1700000000000")).build();
            assertThat(http.send(write, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(204);
            assertThat(vm.countSamples("{__name__=\"smoke_temp\"}")).isEqualTo(1);
            // The server-side count sees the sample inside its window and not outside it.
            assertThat(vm.countSamplesInWindow("{__name__=\"smoke_temp\"}", 1_700_000_000_000L, 1)).isEqualTo(1);
            assertThat(vm.countSamplesInWindow("{__name__=\"smoke_temp\"}", 1_699_999_999_999L, 60_000)).isZero();

            proxy.respondWith(429, 7);
            HttpResponse<String> limited = http.send(write, HttpResponse.BodyHandlers.ofString());
            assertThat(limited.statusCode()).isEqualTo(429);
            assertThat(limited.headers().firstValue("Retry-After")).contains("7");

            proxy.passThrough();
            HttpRequest big = HttpRequest.newBuilder(URI.create(proxy.url() + "/api/v2/write?bucket=b&org=o"))
                    .POST(HttpRequest.BodyPublishers.ofString("x".repeat(2048))).build();
            assertThat(http.send(big, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(413);
            // nginx writes an access log line after it has answered: the last one may still be on its way
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(proxy.writes())
                    .extracting(NginxProxy.Request::status).containsExactly(204, 429, 413));
            assertThat(proxy.writes().get(1).retryAfter()).isEqualTo(7);
        }
    }

    @Test
    void nginxRequiresTheClientCertificateWhenAsked() throws Exception {
        ServerRuntime.NGINX.require();
        ServerRuntime.VICTORIA_METRICS.require();
        try (TestCertificates certs = TestCertificates.generate();
             VictoriaMetricsServer vm = VictoriaMetricsServer.start();
             NginxProxy proxy = NginxProxy.builder(vm.url()).tls(certs, true).start()) {
            HttpRequest health = HttpRequest.newBuilder(URI.create(proxy.url() + "/health")).build();
            HttpClient withCert = HttpClient.newBuilder().sslContext(certs.clientWithCertificate()).build();
            assertThat(withCert.send(health, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
            HttpClient withoutCert = HttpClient.newBuilder().sslContext(certs.clientTrustingCa()).build();
            HttpResponse<String> refused = withoutCert.send(health, HttpResponse.BodyHandlers.ofString());
            assertThat(refused.statusCode()).isEqualTo(400);
            assertThat(refused.body()).contains("No required SSL certificate was sent");
        }
    }
}
