package dev.iotstream.connect.bench.transforms;

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
 * Runs {@link TransformBenchmarks} and prints ns/record per benchmark plus the ParseJson/Jackson ratio measured in
 * the same run. Accepts JMH's command-line options (e.g. {@code -f 1 -wi 2 -i 3 -w 1s -r 1s}).
 */
public final class TransformBenchRunner {
    private TransformBenchRunner() {
    }

    public static void main(String[] args) throws RunnerException, CommandLineOptionException {
        CommandLineOptions cli = new CommandLineOptions(args);
        OptionsBuilder options = new OptionsBuilder();
        options.parent(cli).include(TransformBenchmarks.class.getName() + ".*");
        Collection<RunResult> results = new Runner(options.build()).run();
        Map<String, double[]> scores = new TreeMap<>();
        for (RunResult result : results) {
            String name = result.getParams().getBenchmark();
            name = name.substring(name.lastIndexOf('.') + 1);
            scores.put(name, new double[]{result.getPrimaryResult().getScore(),
                    result.getPrimaryResult().getScoreError()});
        }
        System.out.println();
        System.out.println("| benchmark | ns/record | +/- (99.9%) |");
        System.out.println("|---|---:|---:|");
        scores.forEach((name, s) -> System.out.printf(Locale.ROOT, "| %s | %.0f | %.0f |%n", name, s[0], s[1]));
        double[] jackson = scores.get("jacksonReadMap");
        for (String parse : new String[]{"parseJsonMap", "parseJsonStruct"}) {
            double[] p = scores.get(parse);
            if (jackson != null && p != null) {
                System.out.printf(Locale.ROOT, "%s / jacksonReadMap = %.2f%n", parse, p[0] / jackson[0]);
            }
        }
    }
}
