package dev.iotstream.connect.bench.timeseries;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

/**
 * Thread CPU and size of deflating one request body of the sink benchmark's points ({@link BenchPoints#BATCH}
 * lines) at each gzip level asked for: what {@code influx.gzip} costs the writer thread at the level the sink uses
 * (1) against okio's default (6), which influxdb-client-java used. Args: {@code [repetitions=100] [levels=1,6]};
 * each level runs three times, in turns.
 */
public final class GzipLevelHarness {
    private GzipLevelHarness() {
    }

    public static void main(String[] args) throws IOException {
        int repetitions = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        String[] levels = (args.length > 1 ? args[1] : "1,6").split(",");
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < BenchPoints.BATCH; i++) {
            text.append(BenchPoints.line("bench_connector_vm_r1_bytes", i)).append('\n');
        }
        byte[] body = text.toString().getBytes(StandardCharsets.UTF_8);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (int turn = 0; turn < 3; turn++) {
            for (String level : levels) {
                int size = 0;
                long start = threads.getCurrentThreadCpuTime();
                for (int r = 0; r < repetitions; r++) {
                    size = deflate(body, Integer.parseInt(level));
                }
                double nanos = threads.getCurrentThreadCpuTime() - start;
                System.out.printf(Locale.ROOT, "level %s: %,d -> %,d bytes (%.1fx smaller), %.2f ms thread CPU per "
                        + "body, %.0f ns per point%n", level, body.length, size, body.length / (double) size,
                        nanos / 1e6 / repetitions, nanos / repetitions / BenchPoints.BATCH);
            }
        }
    }

    private static int deflate(byte[] body, int level) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length / 8);
        Deflater deflater = new Deflater(level, true);
        try (DeflaterOutputStream stream = new DeflaterOutputStream(out, deflater, 64 * 1024)) {
            stream.write(body);
        } finally {
            deflater.end();
        }
        return out.size();
    }
}
