package dev.iotstream.connect.bench.timeseries;

import dev.iotstream.connect.bench.CpuMeter;
import dev.iotstream.connect.testing.EmbeddedQuestDb;
import dev.iotstream.connect.timeseries.write.InfluxLineWriter;
import dev.iotstream.connect.timeseries.write.InfluxV1LineWriter;
import dev.iotstream.connect.timeseries.write.LineWriter;
import dev.iotstream.connect.timeseries.write.TargetSettings;
import dev.iotstream.connect.timeseries.write.TlsSettings;
import dev.iotstream.connect.timeseries.write.V1Settings;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Why did the v1 path write faster into QuestDB than the v2 path with the same lines? This takes Kafka, Connect
 * and the mapping out: the sink's own two writers post the same pre-built lines (batches of
 * {@link BenchPoints#BATCH}) into one embedded QuestDB, taking turns, each pass into a table of its own. Prints
 * points/s and the JVM's CPU per point (QuestDB's threads included) per pass.
 * <p>Args: {@code [points=500000] [passes per writer=4]}.
 */
public final class QuestDbEndpointHarness {
    private QuestDbEndpointHarness() {
    }

    public static void main(String[] args) throws Exception {
        int points = args.length > 0 ? Integer.parseInt(args[0]) : 500_000;
        int passes = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        List<String> order = List.of((args.length > 2 ? args[2] : "v2,v1").split(","));
        TlsSettings noTls = new TlsSettings("", "", "JKS", "", "", "JKS");
        try (EmbeddedQuestDb questDb = EmbeddedQuestDb.start()) {
            TargetSettings target = new TargetSettings(questDb.url(), "", "", "bench", "ns", false,
                    Duration.ofSeconds(10), Duration.ofSeconds(60), noTls);
            StringBuilder summary = new StringBuilder();
            for (int pass = 0; pass < passes; pass++) {
                for (String api : order) {
                    String table = "q_" + api + "_" + pass;
                    List<List<String>> batches = batches(table, points);
                    try (LineWriter writer = api.equals("v1")
                            ? new InfluxV1LineWriter(target, new V1Settings("bench", "", "", "", false))
                            : new InfluxLineWriter(target)) {
                        CpuMeter cpu = CpuMeter.start();
                        long start = System.nanoTime();
                        for (List<String> batch : batches) {
                            writer.write(batch);
                        }
                        double rate = points / ((System.nanoTime() - start) / 1e9);
                        BenchPoints.awaitCount(() -> questDb.count(table), points, api);
                        String line = String.format(Locale.ROOT, "pass %d %s: %,.0f points/s, %s", pass, api, rate,
                                cpu.report(points));
                        System.out.println(line);
                        summary.append(line).append('\n');
                    }
                }
            }
            System.out.println("\n=== QuestDbEndpointHarness, " + points + " points a pass\n" + summary);
        }
        System.exit(0);
    }

    private static List<List<String>> batches(String table, int points) {
        List<List<String>> batches = new ArrayList<>();
        for (int from = 0; from < points; from += BenchPoints.BATCH) {
            List<String> batch = new ArrayList<>();
            for (int i = from; i < Math.min(points, from + BenchPoints.BATCH); i++) {
                batch.add(BenchPoints.line(table, i));
            }
            batches.add(batch);
        }
        return batches;
    }
}
