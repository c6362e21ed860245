package dev.iotstream.connect.bench.timeseries;

import dev.iotstream.connect.bench.CpuMeter;
import dev.iotstream.connect.timeseries.TimeSeriesSinkConnector;
import dev.iotstream.connect.timeseries.delivery.SinkTaskMetrics;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;

import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import static dev.iotstream.connect.bench.timeseries.BenchPoints.BATCH;
import static dev.iotstream.connect.bench.timeseries.BenchPoints.produce;
import static dev.iotstream.connect.bench.timeseries.BenchPoints.clock;
import static dev.iotstream.connect.bench.timeseries.BenchPoints.awaitCount;
import static dev.iotstream.connect.bench.timeseries.BenchPoints.suffix;

/**
 * Side (b): the connector, through a real Connect worker, from a topic of device JSON; one per variant: value
 * converter "bytes", "json" or "string" (v2 API, JSON mapped to points), "v1" (bytes, the InfluxDB 1.x write API)
 * "lp" (input.format=line-protocol: the topic holds the finished lines, ByteArrayConverter, v2 API) or "gzip"
 * (bytes with influx.gzip=true, the connector's default; the other variants write uncompressed); "client" and
 * "clientgzip": bytes and gzip through influxdb-client-java's WriteApiBlocking ({@link ClientWriterSinkConnector}).
 */
final class ConnectorPhase {
    /** Value converters by the name the arguments use. */
    static final Map<String, String> CONVERTERS = Map.of(
            "bytes", "org.apache.kafka.connect.converters.ByteArrayConverter",
            "json", "org.apache.kafka.connect.json.JsonConverter",
            "string", "org.apache.kafka.connect.storage.StringConverter",
            "v1", "org.apache.kafka.connect.converters.ByteArrayConverter",
            "lp", "org.apache.kafka.connect.converters.ByteArrayConverter",
            "gzip", "org.apache.kafka.connect.converters.ByteArrayConverter",
            "client", "org.apache.kafka.connect.converters.ByteArrayConverter",
            "clientgzip", "org.apache.kafka.connect.converters.ByteArrayConverter");

    private ConnectorPhase() {
    }

    static double run(EmbeddedConnectCluster connect, RunningStore store, String storeName,
                                       int round, int points, String converter) throws Exception {
        String topic = "bench_connector_" + suffix(storeName, round) + "_" + converter;
        connect.kafka().createTopic(topic, 1);
        if (converter.equals("lp")) {
            produce(connect, topic, points, i -> BenchPoints.line(topic, i));
        } else {
            produce(connect, topic, points, BenchPoints::json);
        }
        BenchPoints.settle();
        String connectorFrom = clock();
        CpuMeter connectorCpu = CpuMeter.start();
        double connectorRate = runConnector(connect, store.url(), topic, points, converter);
        awaitCount(store.counter(topic), points, "connector");
        System.out.printf(Locale.ROOT, "  phase connector %s round %d%s %s: %s - %s (Connect start-up until the store "
                + "shows every point), %,.0f points/s, %s%n", storeName, round, round <= 0 ? " (warm-up)" : "",
                converter, connectorFrom, clock(), connectorRate, connectorCpu.report(points));
        System.out.println("    busiest threads: " + connectorCpu.threads(6));
        // Deleted only now: its task and writer threads must still be alive to be counted above.
        connect.deleteConnector(topic);
        return connectorRate;
    }

    /** Points/s from the connector's first written batch to its last (Connect start-up excluded, reported apart). */
    private static double runConnector(EmbeddedConnectCluster connect, String url, String topic, int points,
                                       String converter) throws Exception {
        Map<String, String> props = new HashMap<>();
        props.put("connector.class", converter.startsWith("client") ? ClientWriterSinkConnector.class.getName()
                : TimeSeriesSinkConnector.class.getName());
        props.put("tasks.max", "1");
        props.put("topics", topic);
        props.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        props.put("value.converter", CONVERTERS.get(converter));
        if (converter.equals("json")) {
            props.put("value.converter.schemas.enable", "false");
        }
        props.put("consumer.override.max.poll.records", "5000");
        props.put("consumer.override.fetch.min.bytes", "1");
        props.put("consumer.override.max.partition.fetch.bytes", String.valueOf(8 * 1024 * 1024));
        props.put("influx.url", url);
        if (converter.equals("v1")) {
            props.put("influx.api", "v1");
            props.put("influx.v1.database", "bench");
        } else {
            props.put("influx.bucket", "bench");
        }
        // gzip costs CPU and saves nothing on loopback; "gzip" shows what the default (on) costs here.
        props.put("influx.gzip", String.valueOf(converter.endsWith("gzip")));
        if (converter.equals("lp")) {
            props.put("input.format", "line-protocol");
        } else {
            props.put("tags", "device,site");
            props.put("time.field", "ts");
            props.put("time.unit", "ms");
        }
        props.put("batch.size", String.valueOf(BATCH));
        props.put("flush.interval.ms", "1000");
        // -Dbench.connector.props=k=v;k=v adds or overrides connector settings (experiments: fetch sizes, ...).
        for (String pair : System.getProperty("bench.connector.props", "").split(";")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                props.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
            }
        }
        long created = System.nanoTime();
        connect.configureConnector(topic, props);
        MBeanServer jmx = ManagementFactory.getPlatformMBeanServer();
        ObjectName name = SinkTaskMetrics.objectName(topic, 0);
        long first = -1;
        long firstPoints = 0;
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        while (System.nanoTime() < deadline) {
            long written = jmx.isRegistered(name) ? (Long) jmx.getAttribute(name, "PointsWritten") : 0;
            if (first < 0 && written > 0) {
                first = System.nanoTime();
                firstPoints = written;
            }
            if (written >= points) {
                long end = System.nanoTime();
                // The writer thread's time per request (body, HTTP, the store's answer), apart from the task's.
                System.out.printf(Locale.ROOT, "  connector %s: %.1f s from creation to last point "
                        + "(incl. Connect start-up), "
                        + "%.2f s first to last batch, write latency avg %.1f ms, max %.1f ms%n", topic,
                        (end - created) / 1e9, (end - first) / 1e9, jmx.getAttribute(name, "WriteLatencyAvgMs"),
                        jmx.getAttribute(name, "WriteLatencyMaxMs"));
                return (points - firstPoints) / ((end - first) / 1e9);
            }
            Thread.sleep(2);
        }
        throw new IllegalStateException("connector did not write " + points + " points in 10 minutes");
    }
}
