package dev.iotstream.connect.bench.mqtt;

import dev.iotstream.connect.bench.CpuMeter;
import dev.iotstream.connect.bench.JitQuiet;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * The Kafka topic a side writes into, created with LogAppendTime: the broker stamps every batch with the time it
 * appended it, so the end of a round is read from the last record itself, as exactly as the raw side's callback
 * time, without polling Kafka. One consumer serves all the side's rounds.
 */
final class KafkaTopicTarget implements AutoCloseable {
    private final TopicPartition tp;
    private final KafkaConsumer<byte[], byte[]> consumer;

    KafkaTopicTarget(EmbeddedConnectCluster connect, String kafkaTopic) {
        connect.kafka().createTopic(kafkaTopic, 1, 1, Map.of("message.timestamp.type", "LogAppendTime"));
        tp = new TopicPartition(kafkaTopic, 0);
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "bench");
        consumer = connect.kafka().createConsumer(props);
        consumer.assign(List.of(tp));
    }

    /** What one round measured. */
    record Round(long count, int n, MqttPublisher.Start start, long lastAppendMillis, String cpuReport,
                 double cpuSeconds) {
        double rate() {
            return count / ((lastAppendMillis - start.epochMillis()) / 1e3);
        }

        @Override
        public String toString() {
            return String.format("%d of %d in Kafka, %,.0f msgs/s [epoch ms %d..%d]%n  %s", count, n, rate(),
                    start.epochMillis(), lastAppendMillis, cpuReport);
        }
    }

    /** Publishes n messages to mqttTopic once the JIT is idle and waits until Kafka has them (or stalls). */
    Round publishAndAwait(String uri, String mqttTopic, int qos, int n) throws Exception {
        return publishAndAwait(uri, mqttTopic, qos, n, null, n);
    }

    /**
     * Publishes {@code messages} messages (payloads: null for the default reading) and waits until Kafka has
     * {@code n} records made from them (or stalls); the round's count and rate are records.
     */
    Round publishAndAwait(String uri, String mqttTopic, int qos, int messages, IntFunction<byte[]> payloads, int n)
            throws Exception {
        long base = endOffset(); // the previous round ended only once its count stood still
        JitQuiet.await(MqttThroughputBenchmark.JIT_QUIET_MAX_MS);
        CpuMeter cpu = CpuMeter.start();
        MqttPublisher.Start start = payloads == null ? MqttPublisher.publish(uri, mqttTopic, qos, messages)
                : MqttPublisher.publish(uri, mqttTopic, qos, messages, payloads);
        // completion only: a cheap check every 100 ms (the end time comes from the record, not this loop)
        long count = StableCount.await(() -> endOffset() - base, n, 100);
        long lastAppendMillis = appendTimeOf(base + count - 1);
        // before the side is closed, so that the connector task's threads are still there to be counted
        double cpuSeconds = cpu.seconds();
        String cpuReport = cpu.report(n, payloads == null ? "message" : "record") + "\n    busiest threads: "
                + cpu.threads(5);
        return new Round(count, n, start, lastAppendMillis, cpuReport, cpuSeconds);
    }

    long endOffset() {
        return consumer.endOffsets(List.of(tp)).get(tp);
    }

    /** The broker's append time (LogAppendTime topic) of the record at {@code offset}. */
    long appendTimeOf(long offset) {
        consumer.seek(tp, offset);
        long deadline = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < deadline) {
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                if (r.offset() == offset) {
                    if (r.timestampType() != TimestampType.LOG_APPEND_TIME) {
                        throw new IllegalStateException("expected LogAppendTime, got " + r.timestampType());
                    }
                    return r.timestamp();
                }
            }
        }
        throw new IllegalStateException("could not read offset " + offset + " of " + tp);
    }

    @Override
    public void close() {
        consumer.close();
    }
}
