package dev.iotstream.connect.bench.sparkplug;

import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;

import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Runs {@link SparkplugBenchmarks} and prints ns per metric plus the decode / bare protobuf parse ratios measured
 * in the same run (target: decodeMetricRecords / protobufParse <= 1.5). Accepts JMH's command-line options.
 */
public final class SparkplugBenchRunner {
    private SparkplugBenchRunner() {
    }

    public static void main(String[] args) throws RunnerException, CommandLineOptionException {
        OptionsBuilder options = new OptionsBuilder();
        options.parent(new CommandLineOptions(args)).include(SparkplugBenchmarks.class.getName() + ".*");
        Collection<RunResult> results = new Runner(options.build()).run();
        Map<String, double[]> scores = new TreeMap<>();
        for (RunResult result : results) {
            String name = result.getParams().getBenchmark();
            scores.put(name.substring(name.lastIndexOf('.') + 1), new double[]{
                result.getPrimaryResult().getScore(), result.getPrimaryResult().getScoreError()});
        }
        System.out.println();
        System.out.println("| benchmark | ns/metric | +/- (99.9%) |");
        System.out.println("|---|---:|---:|");
        scores.forEach((name, s) -> System.out.printf(Locale.ROOT, "| %s | %.1f | %.1f |%n", name, s[0], s[1]));
        double[] parse = scores.get("protobufParse");
        for (String decode : new String[]{"decodeMetricRecords", "decodeMessageRecord"}) {
            double[] d = scores.get(decode);
            if (parse != null && d != null) {
                System.out.printf(Locale.ROOT, "%s / protobufParse = %.2f%n", decode, d[0] / parse[0]);
            }
        }
    }
}
