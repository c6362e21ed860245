package dev.iotstream.connect.timeseries.it;

import dev.iotstream.connect.timeseries.TimeSeriesSinkConnector;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.storage.StringConverter;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Connector configs, producers and offset checks shared by the sink's integration tests. */
final class SinkItSupport {
    private SinkItSupport() {
    }

    static Map<String, String> connectorProps(String topic, String url) {
        Map<String, String> props = new HashMap<>();
        props.put("connector.class", TimeSeriesSinkConnector.class.getName());
        props.put("tasks.max", "1");
        props.put("topics", topic);
        props.put("key.converter", StringConverter.class.getName());
        props.put("value.converter", JsonConverter.class.getName());
        props.put("value.converter.schemas.enable", "false");
        props.put("influx.url", url);
        props.put("influx.bucket", "telemetry");
        props.put("influx.org", "iotstream");
        props.put("flush.interval.ms", "200");
        return props;
    }

    static Map<String, String> withDeadLetterQueue(Map<String, String> props, String dlqTopic) {
        props.put("errors.tolerance", "all");
        props.put("errors.deadletterqueue.topic.name", dlqTopic);
        props.put("errors.deadletterqueue.topic.replication.factor", "1");
        props.put("errors.deadletterqueue.context.headers.enable", "true");
        return props;
    }

    /**
     * Sends values (key, JSON) and waits until all are acknowledged. The Kafka timestamp is always recent:
     * records stamped with the data's (2023) time would be deleted by the broker's 7-day retention while a test
     * runs. Tests take point times from a field; {@code dataTime} only documents which one.
     */
    static void produce(EmbeddedConnectCluster connect, String topic, List<String[]> keyValues, long dataTime) {
        long now = System.currentTimeMillis();
        // Not idempotent, one request in flight: a partition leader that the broker of the test kit announces late
        // (NOT_LEADER_OR_FOLLOWER on a loaded machine) is then retried in order, where an idempotent producer gave
        // up with OutOfOrderSequenceException and left the topic short, silently. Every send is checked.
        Map<String, Object> config = Map.of("enable.idempotence", false, "max.in.flight.requests.per.connection", 1,
                "acks", "all", "delivery.timeout.ms", 120_000);
        List<java.util.concurrent.Future<?>> sends = new java.util.ArrayList<>(keyValues.size());
        try (KafkaProducer<byte[], byte[]> producer = connect.kafka().createProducer(config)) {
            for (String[] kv : keyValues) {
                sends.add(producer.send(new ProducerRecord<>(topic, null, now, bytes(kv[0]), bytes(kv[1]))));
            }
            producer.flush();
            for (java.util.concurrent.Future<?> send : sends) {
                send.get();
            }
        } catch (Exception e) {
            throw new IllegalStateException("producing the test records to " + topic + " failed", e);
        }
    }

    static byte[] bytes(String s) {
        return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
    }

    static Map<TopicPartition, OffsetAndMetadata> committedOffsets(EmbeddedConnectCluster connect, String connector) {
        try (Admin admin = connect.kafka().createAdminClient()) {
            return new HashMap<>(admin.listConsumerGroupOffsets("connect-" + connector)
                    .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static long committedTotal(EmbeddedConnectCluster connect, String connector) {
        return committedOffsets(connect, connector).values().stream().mapToLong(OffsetAndMetadata::offset).sum();
    }

    static void start(EmbeddedConnectCluster connect, String name, Map<String, String> props) {
        connect.configureConnector(name, props);
        try {
            connect.assertions().assertConnectorAndAtLeastNumTasksAreRunning(name, 1, "sink did not start");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static Map<String, Object> copy(Map<String, Object> map) {
        return new HashMap<>(map);
    }
}
