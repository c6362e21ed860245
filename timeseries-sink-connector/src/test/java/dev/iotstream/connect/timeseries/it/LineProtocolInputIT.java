package dev.iotstream.connect.timeseries.it;

import dev.iotstream.connect.testing.ConnectClusters;
import dev.iotstream.connect.testing.InfluxDb1Server;
import dev.iotstream.connect.testing.ServerRuntime;
import dev.iotstream.connect.timeseries.delivery.SinkTaskMetrics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.connect.storage.StringConverter;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.management.ObjectName;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static dev.iotstream.connect.timeseries.it.QuestDbSinkIT.jmx;
import static dev.iotstream.connect.timeseries.it.SinkItSupport.bytes;
import static dev.iotstream.connect.timeseries.it.SinkItSupport.committedTotal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * input.format=line-protocol: Telegraf-style line protocol records through Kafka and Connect into a real
 * InfluxDB 1.x, with a static tag added, a bad line in the dead letter queue by its line number, the record's
 * good lines written.
 */
class LineProtocolInputIT {
    private static final long T0 = 1_700_000_000_000L;
    private static InfluxDb1Server influx;
    private static EmbeddedConnectCluster connect;

    @BeforeAll
    static void startServers() {
        ServerRuntime.INFLUXD.require();
        influx = InfluxDb1Server.start();
        connect = ConnectClusters.start("lp-input-it");
    }

    @AfterAll
    static void stopServers() {
        if (connect != null) {
            connect.stop();
        }
        if (influx != null) {
            influx.close();
        }
    }

    @Test
    void goodLinesAreWrittenWithStaticTagsAndBadLinesGoToTheDeadLetterQueueByNumber() throws Exception {
        String topic = "telegraf";
        influx.createDatabase("lp");
        ConnectClusters.createTopic(connect, topic, 1);
        long kafkaTime = System.currentTimeMillis();
        try (KafkaProducer<byte[], byte[]> producer = connect.kafka().createProducer(Map.of())) {
            producer.send(new ProducerRecord<>(topic, null, kafkaTime, bytes("r0"), bytes(
                    "cpu,host=a usage_idle=98.5,usage_user=1.5 " + T0 + "\n"
                            + "mem,host=a free=1024i " + T0 + "\n"
                            + "# a comment\n"
                            + "disk,host=a,env=lab used=0.5\n")));
            producer.send(new ProducerRecord<>(topic, null, kafkaTime, bytes("r1"), bytes(
                    "cpu,host=b usage_idle=97 " + T0 + "\n"
                            + "cpu,host=b usage_idle=not-a-number " + (T0 + 1) + "\n"
                            + "cpu,host=b usage_idle=96 " + (T0 + 2))));
            producer.send(new ProducerRecord<>(topic, null, kafkaTime, bytes("r2"), bytes("garbage")));
            producer.flush();
        }
        Map<String, String> props = SinkItSupport.withDeadLetterQueue(
                SinkItSupport.connectorProps(topic, influx.url()), "telegraf-dlq");
        props.remove("influx.bucket");
        props.remove("influx.org");
        props.put("influx.api", "v1");
        props.put("influx.v1.database", "lp");
        props.put("value.converter", StringConverter.class.getName());
        props.put("input.format", "line-protocol");
        props.put("tags.static", "env=prod,region=eu");
        props.put("write.precision", "ms");
        SinkItSupport.start(connect, "telegraf-sink", props);

        Map<String, String> reasons = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : connect.kafka().consume(2, 60_000, "telegraf-dlq")) {
            reasons.put(new String(r.key()), new String(r.headers().lastHeader("__connect.errors.exception.message")
                    .value()));
        }
        assertThat(reasons).containsOnlyKeys("r1", "r2");
        assertThat(reasons.get("r1")).contains("1 of 3 line(s) not written").contains("line 2:")
                .contains("not-a-number");
        assertThat(reasons.get("r2")).contains("line 1:").contains("garbage");

        await().atMost(Duration.ofSeconds(60)).until(() -> committedTotal(connect, "telegraf-sink") == 3);
        await().atMost(Duration.ofSeconds(30)).until(() -> influx.count("lp", "cpu", "usage_idle") == 3);
        Map<String, Object> points = new TreeMap<>();
        for (String m : List.of("cpu", "mem", "disk")) {
            for (Map<String, Object> row : influx.select("lp", "SELECT * FROM " + m)) {
                points.put(m + "|" + row.get("host") + "|" + row.get("env") + "|" + row.get("region") + "|"
                        + row.get("time"), row.containsKey("usage_idle") ? row.get("usage_idle")
                        : row.containsKey("free") ? row.get("free") : row.get("used"));
            }
        }
        long ns = 1_000_000L;
        assertThat(points).containsOnlyKeys(
                "cpu|a|prod|eu|" + T0 * ns, "mem|a|prod|eu|" + T0 * ns,
                // the line's own env wins over the static tag; no timestamp: the Kafka record's, in ms
                "disk|a|lab|eu|" + kafkaTime * ns,
                "cpu|b|prod|eu|" + T0 * ns, "cpu|b|prod|eu|" + (T0 + 2) * ns);
        ObjectName metrics = SinkTaskMetrics.objectName("telegraf-sink", 0);
        assertThat(jmx(metrics, "PointsWritten")).isEqualTo(5L);
        assertThat(jmx(metrics, "RecordsToDeadLetterQueue")).isEqualTo(2L);
        connect.deleteConnector("telegraf-sink");
    }
}
