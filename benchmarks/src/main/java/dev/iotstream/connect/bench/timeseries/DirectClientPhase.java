package dev.iotstream.connect.bench.timeseries;

import com.influxdb.client.InfluxDBClient;
import com.influxdb.client.InfluxDBClientFactory;
import com.influxdb.client.InfluxDBClientOptions;
import com.influxdb.client.WriteApiBlocking;
import com.influxdb.client.domain.WritePrecision;
import dev.iotstream.connect.bench.CpuMeter;
import okhttp3.OkHttpClient;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static dev.iotstream.connect.bench.timeseries.BenchPoints.BATCH;
import static dev.iotstream.connect.bench.timeseries.BenchPoints.line;
import static dev.iotstream.connect.bench.timeseries.BenchPoints.clock;
import static dev.iotstream.connect.bench.timeseries.BenchPoints.awaitCount;
import static dev.iotstream.connect.bench.timeseries.BenchPoints.suffix;

/** Side (a): influxdb-client-java's blocking API writing pre-built lines in batches (the ceiling). */
final class DirectClientPhase {
    private DirectClientPhase() {
    }

    static double run(RunningStore store, String storeName, int round, int points) throws Exception {
        String direct = "bench_direct_" + suffix(storeName, round);
        List<String> lines = new ArrayList<>(points);
        for (int i = 0; i < points; i++) {
            lines.add(line(direct, i));
        }
        BenchPoints.settle();
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

    private static double writeDirect(String url, List<String> lines) {
        InfluxDBClientOptions options = InfluxDBClientOptions.builder().url(url).org("bench").bucket("bench")
                .okHttpClient(new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(60))).build();
        try (InfluxDBClient client = InfluxDBClientFactory.create(options)) {
            WriteApiBlocking api = client.getWriteApiBlocking();
            api.writeRecords("bench", "bench", WritePrecision.NS, lines.subList(0, Math.min(BATCH, lines.size())));
            long start = System.nanoTime();
            for (int from = 0; from < lines.size(); from += BATCH) {
                api.writeRecords("bench", "bench", WritePrecision.NS,
                        lines.subList(from, Math.min(from + BATCH, lines.size())));
            }
            return lines.size() / ((System.nanoTime() - start) / 1e9);
        }
    }
}
