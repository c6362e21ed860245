package dev.iotstream.connect.bench.sparkplug;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * The {@link SparkplugBenchmarks} methods timed by CPU time instead of wall-clock time, for a machine whose cores
 * other work competes for (wall-clock JMH numbers then mostly measure the scheduler). The benchmarks take turns
 * round by round, so load that changes during the run hits all of them alike. Prints the median CPU ns per metric
 * of the benchmark thread and of the whole process (GC and JIT threads included, so allocation is counted), and
 * the decode / bare protobuf parse ratios. Arguments: [rounds] [messages per round].
 */
public final class SparkplugCpuHarness {
    private static volatile Object sink;

    private SparkplugCpuHarness() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        int ops = args.length > 1 ? Integer.parseInt(args[1]) : 50_000;
        SparkplugBenchmarks bench = new SparkplugBenchmarks();
        bench.setUp();
        Map<String, Callable<Object>> benchmarks = new LinkedHashMap<>();
        benchmarks.put("protobufParse", bench::protobufParse);
        benchmarks.put("decodeMetricRecords", bench::decodeMetricRecords);
        benchmarks.put("decodeMessageRecord", bench::decodeMessageRecord);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        for (int w = 0; w < 5; w++) {
            for (Callable<Object> b : benchmarks.values()) {
                run(b, ops);
            }
        }
        Map<String, List<double[]>> samples = new LinkedHashMap<>();
        benchmarks.keySet().forEach(k -> samples.put(k, new ArrayList<>()));
        double perMetric = (double) ops * SparkplugBenchmarks.METRICS;
        for (int r = 0; r < rounds; r++) {
            for (Map.Entry<String, Callable<Object>> b : benchmarks.entrySet()) {
                long thread = threads.getCurrentThreadCpuTime();
                long process = os.getProcessCpuTime();
                run(b.getValue(), ops);
                samples.get(b.getKey()).add(new double[]{(threads.getCurrentThreadCpuTime() - thread) / perMetric,
                    (os.getProcessCpuTime() - process) / perMetric});
            }
        }
        Map<String, double[]> medians = new LinkedHashMap<>();
        samples.forEach((name, list) -> {
            double[] thread = list.stream().mapToDouble(s -> s[0]).sorted().toArray();
            double[] process = list.stream().mapToDouble(s -> s[1]).sorted().toArray();
            medians.put(name, new double[]{thread[thread.length / 2], process[process.length / 2]});
            System.out.printf(Locale.ROOT, "%s thread ns/metric per round: %s%n", name,
                    Arrays.toString(Arrays.stream(thread).mapToLong(Math::round).toArray()));
        });
        System.out.println();
        System.out.println("| benchmark | thread CPU ns/metric | process CPU ns/metric (incl. GC) |");
        System.out.println("|---|---:|---:|");
        medians.forEach((name, m) -> System.out.printf(Locale.ROOT, "| %s | %.1f | %.1f |%n", name, m[0], m[1]));
        double[] parse = medians.get("protobufParse");
        for (String decode : new String[]{"decodeMetricRecords", "decodeMessageRecord"}) {
            double[] d = medians.get(decode);
            System.out.printf(Locale.ROOT, "%s / protobufParse = %.2f (thread), %.2f (process)%n", decode,
                    d[0] / parse[0], d[1] / parse[1]);
        }
    }

    private static void run(Callable<Object> benchmark, int ops) throws Exception {
        Object last = null;
        for (int i = 0; i < ops; i++) {
            last = benchmark.call();
        }
        sink = last;
    }
}
