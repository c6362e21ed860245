package dev.iotstream.connect.bench.timeseries;

import dev.iotstream.connect.bench.CpuMeter;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static dev.iotstream.connect.bench.timeseries.BenchPoints.BATCH;
import static dev.iotstream.connect.bench.timeseries.BenchPoints.awaitCount;
import static dev.iotstream.connect.bench.timeseries.BenchPoints.clock;
import static dev.iotstream.connect.bench.timeseries.BenchPoints.line;
import static dev.iotstream.connect.bench.timeseries.BenchPoints.suffix;

/**
 * Side (0), the bare HTTP baseline: the same points as finished line protocol bodies of {@link BenchPoints#BATCH}
 * lines, built before the clock starts, POSTed one after the other on one connection with the JDK's HttpClient
 * (HTTP/1.1, no gzip, no influxdb-client-java): what the store takes when the writer costs next to nothing.
 */
final class BareHttpPhase {
    private BareHttpPhase() {
    }

    static double run(RunningStore store, String storeName, int round, int points) throws Exception {
        String measurement = "bench_bare_" + suffix(storeName, round);
        List<byte[]> bodies = new ArrayList<>();
        for (int from = 0; from < points; from += BATCH) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            for (int i = from; i < Math.min(from + BATCH, points); i++) {
                body.writeBytes(line(measurement, i).getBytes(StandardCharsets.UTF_8));
                body.write('\n');
            }
            bodies.add(body.toByteArray());
        }
        BenchPoints.settle();
        String from = clock();
        CpuMeter cpu = CpuMeter.start();
        double rate = post(store.url(), bodies, points);
        awaitCount(store.counter(measurement), points, "bare http");
        System.out.printf(Locale.ROOT, "  phase bare-http %s round %d%s: %s - %s (until the store shows every point), "
                + "%,.0f points/s, %s%n", storeName, round, round <= 0 ? " (warm-up)" : "", from, clock(), rate,
                cpu.report(points));
        return rate;
    }

    private static double post(String url, List<byte[]> bodies, int points) throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        URI uri = URI.create(url + "/api/v2/write?org=bench&bucket=bench&precision=ns");
        long start = System.nanoTime();
        for (byte[] body : bodies) {
            HttpResponse<Void> response = client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
                    .header("Content-Type", "text/plain; charset=utf-8")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                    HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() / 100 != 2) {
                throw new IllegalStateException("bare http write answered " + response.statusCode());
            }
        }
        return points / ((System.nanoTime() - start) / 1e9);
    }
}
