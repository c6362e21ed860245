package dev.iotstream.connect.bench.timeseries;

import dev.iotstream.connect.testing.EmbeddedQuestDb;
import dev.iotstream.connect.testing.VictoriaMetricsServer;

import java.util.function.Function;
import java.util.function.LongSupplier;

/** A store started for one benchmark phase: where to write, and how many points of a measurement it shows. */
final class RunningStore implements AutoCloseable {
    private static final long COUNTED_MS = 3_600_000;
    private final String url;
    private final Function<String, LongSupplier> counter;
    private final AutoCloseable server;

    private RunningStore(String url, Function<String, LongSupplier> counter, AutoCloseable server) {
        this.url = url;
        this.counter = counter;
        this.server = server;
    }

    /** "questdb" (embedded, in this JVM) or "vm" (a VictoriaMetrics process). */
    static RunningStore start(String store) throws Exception {
        if (store.equals("questdb")) {
            EmbeddedQuestDb questDb = EmbeddedQuestDb.start();
            return new RunningStore(questDb.url(), table -> () -> questDb.count(table), questDb);
        }
        if (store.equals("vm")) {
            VictoriaMetricsServer vm = VictoriaMetricsServer.start();
            // Counted by the server: exporting a million samples into a JSON tree cost this JVM up to a second of
            // CPU and GC per phase, and VictoriaMetrics the export. Every point's time is within the hour from
            // BASE_MS (rounds of up to 3,600,000 points).
            return new RunningStore(vm.url(), measurement -> () -> vm.countSamplesInWindow(
                    "{__name__=\"" + measurement + "_temp\"}", BenchPoints.BASE_MS + COUNTED_MS, COUNTED_MS + 1), vm);
        }
        throw new IllegalArgumentException("store '" + store + "': expected questdb or vm");
    }

    String url() {
        return url;
    }

    LongSupplier counter(String measurement) {
        return counter.apply(measurement);
    }

    @Override
    public void close() throws Exception {
        server.close();
    }
}
