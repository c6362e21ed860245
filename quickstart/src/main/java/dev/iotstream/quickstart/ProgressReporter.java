package dev.iotstream.quickstart;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The quickstart's live output once everything runs: a progress line per tick, failed connectors as soon as the
 * worker reports them, and the summary at the end. Decides when a bounded run is over: the simulator has finished
 * and the pipeline has caught up, or stopped moving.
 */
final class ProgressReporter {
    /** After the simulator stops, how long the store may stay unchanged before the run is declared drained. */
    private static final Duration DRAIN_QUIET_PERIOD = Duration.ofSeconds(15);

    private final PrintStream out;
    private final Duration interval;
    private final ProgressProbe probe;
    private final PipelineInstaller installer;
    private final DeviceSimulator simulator;

    ProgressReporter(PrintStream out, Duration interval, ProgressProbe probe, PipelineInstaller installer,
                     DeviceSimulator simulator) {
        this.out = out;
        this.interval = interval;
        this.probe = probe;
        this.installer = installer;
        this.simulator = simulator;
    }

    /**
     * Prints progress until the simulator's duration is over and the store has caught up (or stopped changing), or
     * until {@code stopRequested} opens; prints the summary and returns the last sample.
     */
    Progress run(CountDownLatch stopRequested) throws InterruptedException {
        long start = System.nanoTime();
        Progress previous = null;
        Progress last = probe.sample();
        long lastChange = System.nanoTime();
        while (!stopRequested.await(interval.toMillis(), TimeUnit.MILLISECONDS)) {
            last = probe.sample();
            out.println(last.format(previous, start));
            installer.reportFailedConnectors();
            if (previous == null || changed(previous, last)) {
                lastChange = System.nanoTime();
            }
            previous = last;
            if (simulator.isFinished()) {
                boolean quiet = System.nanoTime() - lastChange > DRAIN_QUIET_PERIOD.toNanos();
                if (caughtUp(last) || quiet) {
                    break;
                }
            }
        }
        printSummary(last);
        return last;
    }

    private static boolean caughtUp(Progress p) {
        // A store that cannot be counted (not QuestDB) leaves Kafka as the last stage we can see.
        return p.kafkaTotal() >= p.simulator().published()
                && (p.storeTelemetry().isEmpty()
                || p.storeTelemetry().getAsLong() >= p.simulator().published()
                && p.storeAlerts().orElse(-1) >= p.simulator().outOfRangePublished())
                && p.mqttAlerts().orElse(Long.MAX_VALUE) >= p.simulator().outOfRangePublished();
    }

    private static boolean changed(Progress a, Progress b) {
        return a.simulator().published() != b.simulator().published() || a.kafkaTotal() != b.kafkaTotal()
                || a.storeTelemetry().orElse(0) != b.storeTelemetry().orElse(0)
                || a.storeAlerts().orElse(0) != b.storeAlerts().orElse(0)
                || a.mqttAlerts().orElse(0) != b.mqttAlerts().orElse(0);
    }

    private void printSummary(Progress p) {
        SimulatorStats s = p.simulator();
        out.println();
        out.println(String.format(Locale.ROOT, "Summary: %,d published (%,d out of range, %,d failed) -> %,d in Kafka "
                        + "(%,d in %s, %,d routed to %s) -> %s", s.published(), s.outOfRangePublished(), s.failed(),
                p.kafkaTotal(), p.kafkaTelemetry(), Pipeline.TELEMETRY_TOPIC, p.kafkaAlerts(), Pipeline.ALERTS_TOPIC,
                p.storeTelemetry().isPresent()
                        ? String.format(Locale.ROOT, "%,d points in table %s, %,d in table %s", p.storeTelemetry().getAsLong(),
                        Pipeline.TELEMETRY_TABLE, p.storeAlerts().orElse(0), Pipeline.ALERTS_TABLE)
                        : "store not countable")
                + p.mqttAlerts().stream().mapToObj(n -> String.format(Locale.ROOT, ", %,d alerts back over MQTT on %s",
                        n, Pipeline.ALERTS_MQTT_TOPIC.replace("${field:", "{"))).findFirst().orElse(""));
    }
}
