package dev.iotstream.connect.bench.timeseries;

import com.influxdb.client.InfluxDBClient;
import com.influxdb.client.InfluxDBClientFactory;
import com.influxdb.client.InfluxDBClientOptions;
import com.influxdb.client.WriteApiBlocking;
import com.influxdb.client.domain.WritePrecision;
import dev.iotstream.connect.bench.CpuMeter;
import dev.iotstream.connect.testing.ConnectClusters;
import dev.iotstream.connect.testing.VictoriaMetricsServer;
import dev.iotstream.connect.timeseries.TimeSeriesSinkConnector;
import dev.iotstream.connect.timeseries.delivery.SinkTaskMetrics;
import okhttp3.OkHttpClient;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;

import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import java.util.function.LongSupplier;

/**
 * Throughput of the time-series sink against the raw client, same points, same store, same run:
 * (a) influxdb-client-java's blocking API writing pre-built lines in batches of 5000 (the ceiling: no Kafka,
 * no JSON, no mapping), (b) the connector consuming the same readings as JSON from a Kafka topic through a
 * real Connect worker, once per value converter. Prints points/s of both and the ratio b/a, per store.
 *
 * <p>Args: {@code [points=300000] [stores=questdb,vm] [rounds=2] [converters=bytes,json]}; converters, comma
 * separated: "bytes" (ByteArrayConverter, the sink streams the JSON bytes: the recommended configuration),
 * "json" (JsonConverter with schemas.enable=false: Connect builds maps), "string" (StringConverter).
 * Unmeasured warm-up rounds first: {@code -Dbench.warmups=N} (default 3, in {@code -Dbench.jvm.args}).
 */
public final class SinkThroughputBenchmark {
    private static final long BASE_MS = 1_700_000_000_000L;
    private static final int BATCH = 5000;
    private static final int DEVICES = 10;
    private static final Map<String, String> CONVERTERS = Map.of(
            "bytes", "org.apache.kafka.connect.converters.ByteArrayConverter",
            "json", "org.apache.kafka.connect.json.JsonConverter",
            "string", "org.apache.kafka.connect.storage.StringConverter");
    private static List<String> converters = List.of("bytes", "json");
    /**
     * This JVM holds Kafka, Connect, Jetty and (for QuestDB) the store: with one warm-up round its JIT compilers
     * still used about a core through the measured connector phases (JIT seconds are printed per phase), which
     * made the rates swing by 2x from round to round. Override with -Dbench.warmups=N.
     */
    private static final int WARM_UP_ROUNDS = Math.max(1, Integer.getInteger("bench.warmups", 3));
    /**
     * By default each side (direct client, connector per converter) runs its warm-ups and rounds in a row: switching
     * sides in one JVM deoptimizes shared code and puts C2 recompiles into every measured round of the side with
     * more code (the connector's). -Dbench.alternate=true keeps the old order: direct, connectors, direct, ...
     */
    private static final boolean ALTERNATE = Boolean.getBoolean("bench.alternate");
    /** The last side, the Kafka floor (see {@link #kafkaFloor}); -Dbench.floor=false skips it. */
    private static final boolean FLOOR = !"false".equals(System.getProperty("bench.floor"));

    private SinkThroughputBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int points = args.length > 0 ? Integer.parseInt(args[0]) : 300_000;
        List<String> stores = List.of((args.length > 1 ? args[1] : "questdb,vm").split(","));
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        converters = List.of((args.length > 3 ? args[3] : "bytes,json").split(","));
        for (String converter : converters) {
            if (!CONVERTERS.containsKey(converter)) {
                throw new IllegalArgumentException("converter '" + converter + "': expected one of " + CONVERTERS.keySet());
            }
        }
        EmbeddedConnectCluster connect = ConnectClusters.start("sink-bench");
        List<String> summary = new ArrayList<>();
        try {
            for (String store : stores) {
                summary.addAll(runStore(connect, store.trim(), points, rounds));
            }
        } finally {
            connect.stop();
        }
        System.out.println();
        System.out.println("=== SinkThroughputBenchmark: " + points + " points, " + DEVICES + " devices, 4 fields, batch "
                + BATCH + ", value converters " + converters + ", " + WARM_UP_ROUNDS + " warm-ups per side, "
                + (ALTERNATE ? "sides alternating" : "each side's rounds in a row"));
        summary.forEach(System.out::println);
        System.exit(0);
    }

    /** One phase: writes the points of one round into a store started for it; returns points/s. */
    private interface Phase {
        double run(RunningStore store, int round) throws Exception;
    }

    /**
     * Warm-ups (rounds up to 0, not counted) and measured rounds of the direct client and of the connector per
     * converter, each phase on a store of its own. Rounds of the same side run in a row unless -Dbench.alternate.
     */
    private static List<String> runStore(EmbeddedConnectCluster connect, String store, int points, int rounds)
            throws Exception {
        if (store.equals("vm") && !VictoriaMetricsServer.isInstalled()) {
            return List.of(store + ": skipped, " + VictoriaMetricsServer.BINARY + " not installed");
        }
        List<Phase> sides = new ArrayList<>();
        sides.add((running, round) -> direct(running, store, round, points));
        for (String converter : converters) {
            sides.add((running, round) -> viaConnector(connect, running, store, round, points, converter));
        }
        if (FLOOR) {
            sides.add((running, round) -> kafkaFloor(connect, running, store, round, points));
        }
        double[][] rates = new double[sides.size()][rounds + 1];
        if (ALTERNATE) {
            for (int round = 1 - WARM_UP_ROUNDS; round <= rounds; round++) {
                for (int side = 0; side < sides.size(); side++) {
                    runPhase(store, sides.get(side), round, rates[side]);
                }
            }
        } else {
            for (int side = 0; side < sides.size(); side++) {
                for (int round = 1 - WARM_UP_ROUNDS; round <= rounds; round++) {
                    runPhase(store, sides.get(side), round, rates[side]);
                }
            }
        }
        List<String> results = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            for (int c = 0; c < converters.size(); c++) {
                results.add(String.format(Locale.ROOT, "%-8s round %d: direct client %,10.0f points/s | connector "
                        + "(%-6s) %,10.0f points/s | ratio %.2f", store, round, rates[0][round], converters.get(c),
                        rates[c + 1][round], rates[c + 1][round] / rates[0][round]));
            }
            if (FLOOR) {
                double floor = rates[converters.size() + 1][round];
                results.add(String.format(Locale.ROOT, "%-8s round %d: floor, bare KafkaConsumer of ready lines into "
                        + "the same client %,10.0f points/s | ratio %.2f (the most any Kafka-fed sink gets here)",
                        store, round, floor, floor / rates[0][round]));
            }
        }
        return results;
    }

    private static void runPhase(String store, Phase phase, int round, double[] rates) throws Exception {
        try (RunningStore running = RunningStore.start(store)) {
            double rate = phase.run(running, round);
            if (round > 0) {
                rates[round] = rate;
            }
        }
    }

    /** Warm-up rounds are numbered up to zero; every phase gets its own topic and measurement. */
    private static String suffix(String store, int round) {
        return store + (round <= 0 ? "_w" + (1 - round) : "_r" + round);
    }

    private static double direct(RunningStore store, String storeName, int round, int points) throws Exception {
        String direct = "bench_direct_" + suffix(storeName, round);
        List<String> lines = new ArrayList<>(points);
        for (int i = 0; i < points; i++) {
            lines.add(line(direct, i));
        }
        String directFrom = clock();
        CpuMeter directCpu = CpuMeter.start();
        double directRate = writeDirect(store.url(), lines);
        awaitCount(store.counter(direct), points, "direct");
        System.out.printf(Locale.ROOT, "  phase direct %s round %d%s: %s - %s (until the store shows every point), "
                + "%,.0f points/s, %s%n", storeName, round, round <= 0 ? " (warm-up)" : "", directFrom, clock(),
                directRate, directCpu.report(points));
        System.out.println("    busiest threads: " + directCpu.threads(6));
        return directRate;
    }

    /** Point i as the direct client writes it (and the connector should: same tags, fields and time). */
    private static String line(String measurement, int i) {
        return measurement + ",device=dev-" + (i % DEVICES) + ",site=plant-" + (i % DEVICES / 5) + " temp="
                + (20 + (i % 100) * 0.1) + ",hum=" + (40 + i % 30) + ",pressure=" + (1000 + (i % 50) * 0.5)
                + ",battery=" + (100 - i % 100) + " " + (BASE_MS + i) + "000000";
    }

    /**
     * The floor for any sink fed from Kafka on this machine: the topic holds the finished lines, and one bare
     * KafkaConsumer (the connector's consumer overrides) hands each poll's lines to the same blocking client in
     * batches of {@value #BATCH}, written on a second thread while the next batch is read (one write in flight,
     * as in the connector): no Connect, no JSON, no mapping, no dead letters, no offsets committed. Timed like
     * the connector, from the first batch written to the last.
     */
    private static double kafkaFloor(EmbeddedConnectCluster connect, RunningStore store, String storeName, int round,
                                     int points) throws Exception {
        String topic = "bench_floor_" + suffix(storeName, round);
        connect.kafka().createTopic(topic, 1);
        produce(connect, topic, points, i -> line(topic, i));
        String from = clock();
        CpuMeter cpu = CpuMeter.start();
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.GROUP_ID_CONFIG, topic);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, BATCH);
        config.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 8 * 1024 * 1024);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        long[] first = {-1, 0};
        long[] waits = {0, 0};
        long written = 0;
        ExecutorService writer = Executors.newSingleThreadExecutor();
        try (KafkaConsumer<byte[], byte[]> consumer = connect.kafka().createConsumer(config);
             InfluxDBClient client = InfluxDBClientFactory.create(InfluxDBClientOptions.builder().url(store.url())
                     .org("bench").bucket("bench").okHttpClient(new OkHttpClient.Builder()
                             .readTimeout(Duration.ofSeconds(60))).build())) {
            WriteApiBlocking api = client.getWriteApiBlocking();
            consumer.subscribe(List.of(topic));
            List<String> batch = new ArrayList<>(BATCH);
            Future<?> inFlight = CompletableFuture.completedFuture(null);
            long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
            while (written < points && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    batch.add(new String(r.value(), StandardCharsets.UTF_8));
                }
                if (batch.size() >= BATCH || (!batch.isEmpty() && written + batch.size() >= points)) {
                    // One write in flight while the next batch is read, like the connector's pipelined writer.
                    long waitFrom = System.nanoTime();
                    inFlight.get();
                    waits[0] += System.nanoTime() - waitFrom;
                    List<String> lines = batch;
                    long total = written + lines.size();
                    inFlight = writer.submit(() -> {
                        long writeFrom = System.nanoTime();
                        api.writeRecords("bench", "bench", WritePrecision.NS, lines);
                        waits[1] += System.nanoTime() - writeFrom;
                        if (first[0] < 0) {
                            first[0] = System.nanoTime();
                            first[1] = total;
                        }
                    });
                    written = total;
                    batch = new ArrayList<>(BATCH);
                }
            }
            inFlight.get();
        } finally {
            writer.shutdownNow();
        }
        long firstPoints = first[1];
        long end = System.nanoTime();
        if (written < points) {
            throw new IllegalStateException("floor: wrote " + written + " of " + points + " points in 10 minutes");
        }
        double rate = (points - firstPoints) / ((end - first[0]) / 1e9);
        System.out.printf(Locale.ROOT, "  floor: %.2f s first to last batch; reader waited %.2f s for writes, writes "
                + "took %.2f s%n", (end - first[0]) / 1e9, waits[0] / 1e9, waits[1] / 1e9);
        awaitCount(store.counter(topic), points, "floor");
        System.out.printf(Locale.ROOT, "  phase floor %s round %d%s: %s - %s (until the store shows every point), "
                + "%,.0f points/s, %s%n", storeName, round, round <= 0 ? " (warm-up)" : "", from, clock(), rate,
                cpu.report(points));
        System.out.println("    busiest threads: " + cpu.threads(6));
        return rate;
    }

    private static double viaConnector(EmbeddedConnectCluster connect, RunningStore store, String storeName,
                                       int round, int points, String converter) throws Exception {
        String topic = "bench_connector_" + suffix(storeName, round) + "_" + converter;
        connect.kafka().createTopic(topic, 1);
        produce(connect, topic, points, SinkThroughputBenchmark::json);
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

    /** Wall-clock marks, to cut a JFR recording of the whole run into its phases. */
    private static String clock() {
        return java.time.LocalTime.now(java.time.ZoneOffset.UTC).toString();
    }

    private static double writeDirect(String url, List<String> lines) {
        InfluxDBClientOptions options = InfluxDBClientOptions.builder().url(url).org("bench").bucket("bench")
                .okHttpClient(new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(60))).build();
        try (InfluxDBClient client = InfluxDBClientFactory.create(options)) {
            WriteApiBlocking api = client.getWriteApiBlocking();
            api.writeRecords("bench", "bench", WritePrecision.NS, lines.subList(0, Math.min(BATCH, lines.size())));
            long start = System.nanoTime();
            for (int from = 0; from < lines.size(); from += BATCH) {
                api.writeRecords("bench", "bench", WritePrecision.NS, lines.subList(from, Math.min(from + BATCH, lines.size())));
            }
            return lines.size() / ((System.nanoTime() - start) / 1e9);
        }
    }

    /** Reading i as the connector gets it: the same point as {@link #line}, as a device would send it. */
    private static String json(int i) {
        return "{\"device\":\"dev-" + (i % DEVICES) + "\",\"site\":\"plant-" + (i % DEVICES / 5) + "\",\"temp\":"
                + (20 + (i % 100) * 0.1) + ",\"hum\":" + (40 + i % 30) + ",\"pressure\":" + (1000 + (i % 50) * 0.5)
                + ",\"battery\":" + (100 - i % 100) + ",\"ts\":" + (BASE_MS + i) + "}";
    }

    private static void produce(EmbeddedConnectCluster connect, String topic, int points, IntFunction<String> value) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        try (KafkaProducer<byte[], byte[]> producer = connect.kafka().createProducer(config)) {
            for (int i = 0; i < points; i++) {
                String device = "dev-" + (i % DEVICES);
                // Recent Kafka timestamps: 2023 ones would fall to the broker's 7-day retention mid-run.
                producer.send(new ProducerRecord<>(topic, null, System.currentTimeMillis(), device.getBytes(StandardCharsets.UTF_8),
                        value.apply(i).getBytes(StandardCharsets.UTF_8)));
            }
            producer.flush();
        }
    }

    /** Points/s from the connector's first written batch to its last (Connect start-up excluded, reported apart). */
    private static double runConnector(EmbeddedConnectCluster connect, String url, String topic, int points,
                                       String converter) throws Exception {
        Map<String, String> props = new HashMap<>();
        props.put("connector.class", TimeSeriesSinkConnector.class.getName());
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
        props.put("influx.bucket", "bench");
        props.put("influx.gzip", "false");
        props.put("tags", "device,site");
        props.put("time.field", "ts");
        props.put("time.unit", "ms");
        props.put("batch.size", String.valueOf(BATCH));
        props.put("flush.interval.ms", "1000");
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
                System.out.printf(Locale.ROOT, "  connector %s: %.1f s from creation to last point (incl. Connect start-up), "
                        + "%.2f s first to last batch%n", topic, (end - created) / 1e9, (end - first) / 1e9);
                return (points - firstPoints) / ((end - first) / 1e9);
            }
            Thread.sleep(2);
        }
        throw new IllegalStateException("connector did not write " + points + " points in 10 minutes");
    }

    private static void awaitCount(LongSupplier count, long expected, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        long seen = -1;
        while (System.nanoTime() < deadline) {
            seen = count.getAsLong();
            if (seen >= expected) {
                return;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException(what + ": store shows " + seen + " of " + expected + " points");
    }
}
