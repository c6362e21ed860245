package dev.iotstream.connect.bench.mqtt;

import dev.iotstream.connect.mqtt.MqttSourceConnector;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;

import java.util.HashMap;
import java.util.Map;

/** The connector into Kafka, exactly as a user configures it (plus the README's producer tuning). */
final class ConnectorSide implements ThroughputSide {
    /**
     * The connector's MQTT version ({@code -Dbench.mqtt.version}; "auto" is the connector's default, which speaks 5).
     * 3.1.1 by default because the raw subscriber and the bridge are Paho v3 clients: with auto the ratio compared
     * Paho's v5 client against its v3 client (v5 costs more per message in Paho itself, see the MQTT sink entry of
     * 2026-12-05 session 9 in docs/performance.md), not the connector against a subscriber.
     */
    static final String VERSION = System.getProperty("bench.mqtt.version", "3.1.1");
    private final EmbeddedConnectCluster connect;
    private final String uri;
    private final int qos;
    private final int n;
    private final String name;
    private final KafkaTopicTarget target;

    /** @param headers the connector's mqtt.headers, or null for its default */
    ConnectorSide(EmbeddedConnectCluster connect, String uri, int qos, int n, String headers) throws Exception {
        this.connect = connect;
        this.uri = uri;
        this.qos = qos;
        this.n = n;
        this.name = "bench-q" + qos + (headers == null ? "" : headers.isBlank() ? "-noheaders"
                : "-headers-" + headers.replaceAll("[^a-z]+", "-"));
        target = new KafkaTopicTarget(connect, name); // before the connector: its records need LogAppendTime
        Map<String, String> p = new HashMap<>(MqttThroughputBenchmark.PRODUCER_TUNING);
        p.put("connector.class", MqttSourceConnector.class.getName());
        p.put("tasks.max", "1");
        p.put("mqtt.server.uris", uri);
        p.put("mqtt.topics", "bench/conn/" + name);
        p.put("mqtt.qos", Integer.toString(qos));
        p.put("mqtt.version", VERSION);
        p.put("mqtt.max.inflight", Integer.toString(MqttThroughputBenchmark.BROKER_INFLIGHT));
        p.put("kafka.topic", name);
        p.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        p.put("value.converter", "org.apache.kafka.connect.converters.ByteArrayConverter");
        if (headers != null) { // absent: the connector's default, exactly what a user who does not set it gets
            p.put("mqtt.headers", headers);
        }
        connect.configureConnector(name, p);
        connect.assertions().assertConnectorAndExactlyNumTasksAreRunning(name, 1, "connector did not start");
        Thread.sleep(2000); // connected and subscribed (the metric would say so; keep the harness independent)
    }

    @Override
    public double run(int round) throws Exception {
        KafkaTopicTarget.Round result = target.publishAndAwait(uri, "bench/conn/" + name, qos, n);
        System.out.printf("connector QoS %d round %d%s (%s): %s%n", qos, round, ThroughputSide.label(round), name,
                result);
        return result.rate();
    }

    @Override
    public void close() throws Exception {
        target.close();
        connect.deleteConnector(name);
    }
}
