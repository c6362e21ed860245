package dev.iotstream.connect.bench.timeseries;

import dev.iotstream.connect.bench.JitQuiet;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.function.LongSupplier;

/** The benchmark's data: the same readings as finished lines (direct, floor) and as device JSON (connector). */
final class BenchPoints {
    static final long BASE_MS = 1_700_000_000_000L;
    static final int BATCH = 5000;
    static final int DEVICES = 10;

    private BenchPoints() {
    }

    /** Point i as the direct client writes it (and the connector should: same tags, fields and time). */
    static String line(String measurement, int i) {
        return measurement + ",device=dev-" + (i % DEVICES) + ",site=plant-" + (i % DEVICES / 5) + " temp="
                + (20 + (i % 100) * 0.1) + ",hum=" + (40 + i % 30) + ",pressure=" + (1000 + (i % 50) * 0.5)
                + ",battery=" + (100 - i % 100) + " " + (BASE_MS + i) + "000000";
    }

    /** Reading i as the connector gets it: the same point as {@link #line}, as a device would send it. */
    static String json(int i) {
        return "{\"device\":\"dev-" + (i % DEVICES) + "\",\"site\":\"plant-" + (i % DEVICES / 5) + "\",\"temp\":"
                + (20 + (i % 100) * 0.1) + ",\"hum\":" + (40 + i % 30) + ",\"pressure\":" + (1000 + (i % 50) * 0.5)
                + ",\"battery\":" + (100 - i % 100) + ",\"ts\":" + (BASE_MS + i) + "}";
    }

    static void produce(EmbeddedConnectCluster connect, String topic, int points, IntFunction<String> value) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        try (KafkaProducer<byte[], byte[]> producer = connect.kafka().createProducer(config)) {
            for (int i = 0; i < points; i++) {
                String device = "dev-" + (i % DEVICES);
                // Recent Kafka timestamps: 2023 ones would fall to the broker's 7-day retention mid-run.
                producer.send(new ProducerRecord<>(topic, null, System.currentTimeMillis(),
                        device.getBytes(StandardCharsets.UTF_8),
                        value.apply(i).getBytes(StandardCharsets.UTF_8)));
            }
            producer.flush();
        }
    }

    /**
     * Before every timed phase: the garbage and the queued compilations of its set-up (a million records
     * produced, bodies built, a store started) are not the phase's to pay. Without this the Kafka-fed sides,
     * which produce their topic right before they run, paid up to 1.5 s of GC a round for the producer's garbage
     * and the bare writer, which produces nothing, did not. {@code -Dbench.settle=false} measures without it.
     */
    static void settle() throws InterruptedException {
        if (!"false".equals(System.getProperty("bench.settle"))) {
            System.gc();
            JitQuiet.await(10_000);
        }
    }

    /** Wall-clock marks, to cut a JFR recording of the whole run into its phases. */
    static String clock() {
        return java.time.LocalTime.now(java.time.ZoneOffset.UTC).toString();
    }

    static void awaitCount(LongSupplier count, long expected, String what) throws InterruptedException {
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

    /** Warm-up rounds are numbered up to zero; every phase gets its own topic and measurement. */
    static String suffix(String store, int round) {
        return store + (round <= 0 ? "_w" + (1 - round) : "_r" + round);
    }
}
