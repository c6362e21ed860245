package dev.iotstream.connect.testing;

import com.influxdb.client.InfluxDBClient;
import com.influxdb.client.InfluxDBClientFactory;
import com.influxdb.client.domain.WritePrecision;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;

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
                connect.kafka().createTopic("smoke", 1);
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
}
