package dev.iotstream.connect.bench.timeseries;

import dev.iotstream.connect.bench.CpuMeter;
import dev.iotstream.connect.timeseries.write.InfluxLineWriter;
import dev.iotstream.connect.timeseries.write.TargetSettings;
import dev.iotstream.connect.timeseries.write.TlsSettings;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static dev.iotstream.connect.bench.timeseries.BenchPoints.BATCH;
import static dev.iotstream.connect.bench.timeseries.BenchPoints.line;
import static dev.iotstream.connect.bench.timeseries.BenchPoints.produce;
import static dev.iotstream.connect.bench.timeseries.BenchPoints.clock;
import static dev.iotstream.connect.bench.timeseries.BenchPoints.awaitCount;
import static dev.iotstream.connect.bench.timeseries.BenchPoints.suffix;

/**
 * The floor for any sink fed from Kafka on this machine: the topic holds the finished lines, and one bare
 * KafkaConsumer (the connector's consumer overrides) hands each poll's lines to the connector's own v2 writer
 * ({@link InfluxLineWriter}, gzip off like the measured variants) in
 * batches of {@value BenchPoints#BATCH}, written on a second thread while the next batch is read (one write in flight,
 * as in the connector; -Dbench.floor.inflight and -Dbench.floor.batch, or a second floor side with
 * -Dbench.floor2=&lt;in flight&gt;,&lt;batch&gt;, try others): no Connect, no JSON, no mapping, no dead letters, no offsets
 * committed. Timed like the connector, from the first batch written to the last.
 */
final class KafkaFloorPhase {
    private KafkaFloorPhase() {
    }

    static double run(EmbeddedConnectCluster connect, RunningStore store, String storeName, int round,
                                     int points) throws Exception {
        return run(connect, store, storeName, round, points, Math.max(1, Integer.getInteger("bench.floor.inflight", 1)),
                Integer.getInteger("bench.floor.batch", BATCH));
    }

    static double run(EmbeddedConnectCluster connect, RunningStore store, String storeName, int round,
                      int points, int inFlightMax, int batchSize) throws Exception {
        String topic = "bench_floor_" + suffix(storeName, round) + "_" + inFlightMax + "_" + batchSize;
        connect.kafka().createTopic(topic, 1);
        produce(connect, topic, points, i -> line(topic, i));
        BenchPoints.settle();
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
        ExecutorService writer = Executors.newFixedThreadPool(inFlightMax);
        BlockingQueue<InfluxLineWriter> apis = new LinkedBlockingQueue<>();
        for (int i = 0; i < inFlightMax; i++) {
            apis.add(new InfluxLineWriter(new TargetSettings(store.url(), "", "bench", "bench", "ns",
                    false, Duration.ofSeconds(10), Duration.ofSeconds(60), new TlsSettings("", "", "JKS", "", "",
                    "JKS"))));
        }
        try (KafkaConsumer<byte[], byte[]> consumer = connect.kafka().createConsumer(config)) {
            consumer.subscribe(List.of(topic));
            List<String> batch = new ArrayList<>(batchSize);
            ArrayDeque<Future<?>> inFlight = new ArrayDeque<>();
            long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
            while (written < points && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    batch.add(new String(r.value(), StandardCharsets.UTF_8));
                }
                if (batch.size() >= batchSize || (!batch.isEmpty() && written + batch.size() >= points)) {
                    // Up to inFlightMax writes in flight while the next batch is read (the connector: one).
                    long waitFrom = System.nanoTime();
                    while (inFlight.size() >= inFlightMax) {
                        inFlight.poll().get();
                    }
                    waits[0] += System.nanoTime() - waitFrom;
                    List<String> lines = batch;
                    long total = written + lines.size();
                    inFlight.add(writer.submit(() -> {
                        long writeFrom = System.nanoTime();
                        InfluxLineWriter api = apis.take();
                        try {
                            api.write(lines);
                        } finally {
                            apis.add(api);
                        }
                        synchronized (waits) {
                            waits[1] += System.nanoTime() - writeFrom;
                            if (first[0] < 0) {
                                first[0] = System.nanoTime();
                                first[1] = total;
                            }
                        }
                        return null;
                    }));
                    written = total;
                    batch = new ArrayList<>(batchSize);
                }
            }
            while (!inFlight.isEmpty()) {
                inFlight.poll().get();
            }
        } finally {
            writer.shutdownNow();
            apis.forEach(InfluxLineWriter::close);
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
        System.out.printf(Locale.ROOT, "  phase floor (in flight %d, batch %d) %s round %d%s: %s - %s (until the store "
                + "shows every point), %,.0f points/s, %s%n", inFlightMax, batchSize, storeName, round,
                round <= 0 ? " (warm-up)" : "", from, clock(), rate, cpu.report(points));
        System.out.println("    busiest threads: " + cpu.threads(6));
        return rate;
    }
}
