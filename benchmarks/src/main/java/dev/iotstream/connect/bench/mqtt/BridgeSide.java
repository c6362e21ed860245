package dev.iotstream.connect.bench.mqtt;

import dev.iotstream.connect.mqtt.client.BufferedReadSocketFactory;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.eclipse.paho.client.mqttv3.MqttClient;

import java.util.HashMap;
import java.util.Map;

/**
 * The floor for any MQTT-to-Kafka bridge on this machine: a Paho subscriber reading its socket through the same
 * buffer as the connector ({@link BufferedReadSocketFactory}) and handing every message to a bare KafkaProducer
 * (the connector's producer tuning, no key, no headers, nothing held back for acks:
 * Paho acknowledges QoS 1 when the callback returns, before Kafka has the record, so this loses messages a
 * crash would not give back). Timed like the connector side, to the last record's LogAppendTime. On by
 * default; -Dbench.bridge=false (in -Dbench.jvm.args) skips it.
 */
final class BridgeSide implements ThroughputSide {
    private final String uri;
    private final int qos;
    private final int n;
    private final String mqttTopic;
    private final KafkaProducer<byte[], byte[]> producer;
    private final MqttClient sub;
    private final KafkaTopicTarget target;

    BridgeSide(EmbeddedConnectCluster connect, String uri, int qos, int n) throws Exception {
        this.uri = uri;
        this.qos = qos;
        this.n = n;
        String kafkaTopic = "bridge-q" + qos;
        target = new KafkaTopicTarget(connect, kafkaTopic);
        Map<String, String> tuning = MqttThroughputBenchmark.PRODUCER_TUNING;
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.LINGER_MS_CONFIG, tuning.get("producer.override.linger.ms"));
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, tuning.get("producer.override.batch.size"));
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        mqttTopic = "bench/bridge/q" + qos;
        producer = connect.kafka().createProducer(config);
        sub = RawSubscriberSide.connectedClient(uri, "bench-bridge-", true);
        sub.subscribe(mqttTopic, qos, (t, m) -> producer.send(new ProducerRecord<>(kafkaTopic, m.getPayload())));
    }

    @Override
    public double run(int round) throws Exception {
        KafkaTopicTarget.Round result = target.publishAndAwait(uri, mqttTopic, qos, n);
        System.out.printf("bridge    QoS %d round %d%s: %s%n", qos, round, ThroughputSide.label(round), result);
        return result.rate();
    }

    @Override
    public void close() throws Exception {
        target.close();
        sub.disconnect();
        sub.close();
        producer.close();
    }
}
