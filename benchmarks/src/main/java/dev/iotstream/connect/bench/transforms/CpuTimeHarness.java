package dev.iotstream.connect.bench.transforms;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@link TransformBenchmarks} methods timed by CPU time instead of wall-clock time, for machines where other
 * work competes for the cores (wall-clock JMH numbers then mostly measure the scheduler). Per benchmark: warm-up
 * rounds, then {@code rounds} rounds of {@code ops} calls; prints the median CPU ns per record of the benchmark
 * thread and of the whole JVM process (which includes garbage collection and JIT threads, so allocation costs
 * are counted), and the ParseJson/Jackson ratio of the process medians.
 * Arguments: [rounds] [ops] [benchmark-name-regex].
 */
public final class CpuTimeHarness {
    private static volatile Object sink;

    private CpuTimeHarness() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 7;
        int ops = args.length > 1 ? Integer.parseInt(args[1]) : 200_000;
        String filter = args.length > 2 ? args[2] : ".*";
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        Map<String, double[]> results = new LinkedHashMap<>();
        for (String name : List.of("jacksonReadMap", "parseJsonMap", "parseJsonStruct", "topicSegmentsToFields",
                "headersToFields", "normalizeTimestamp", "convertUnits", "coerceTypes", "flattenArrays",
                "fieldInRange", "chain")) {
            if (!name.matches(filter)) {
                continue;
            }
            TransformBenchmarks bench = new TransformBenchmarks();
            bench.setUp();
            Method method = TransformBenchmarks.class.getMethod(name);
            for (int w = 0; w < 3; w++) {
                run(bench, method, ops);
            }
            List<Double> threadPerOp = new ArrayList<>();
            List<Double> processPerOp = new ArrayList<>();
            for (int r = 0; r < rounds; r++) {
                long thread = threads.getCurrentThreadCpuTime();
                long process = os.getProcessCpuTime();
                run(bench, method, ops);
                threadPerOp.add((threads.getCurrentThreadCpuTime() - thread) / (double) ops);
                processPerOp.add((os.getProcessCpuTime() - process) / (double) ops);
            }
            double[] thread = threadPerOp.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            double[] process = processPerOp.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            results.put(name, new double[]{thread[thread.length / 2], process[process.length / 2]});
            System.out.printf(Locale.ROOT, "%s: thread %s process %s%n", name,
                    Arrays.toString(Arrays.stream(thread).mapToLong(Math::round).toArray()),
                    Arrays.toString(Arrays.stream(process).mapToLong(Math::round).toArray()));
        }
        System.out.println();
        System.out.println("| benchmark | thread CPU ns/record | process CPU ns/record (incl. GC) |");
        System.out.println("|---|---:|---:|");
        results.forEach((name, r) -> System.out.printf(Locale.ROOT, "| %s | %.0f | %.0f |%n", name, r[0], r[1]));
        double[] jackson = results.get("jacksonReadMap");
        for (String parse : new String[]{"parseJsonMap", "parseJsonStruct"}) {
            if (jackson != null && results.containsKey(parse)) {
                System.out.printf(Locale.ROOT, "%s / jacksonReadMap = %.2f (thread), %.2f (process)%n", parse,
                        results.get(parse)[0] / jackson[0], results.get(parse)[1] / jackson[1]);
            }
        }
    }

    private static void run(TransformBenchmarks bench, Method method, int ops) throws Exception {
        Object last = null;
        for (int i = 0; i < ops; i++) {
            last = method.invoke(bench);
        }
        sink = last;
    }
}
