package dev.iotstream.quickstart;

import sun.misc.Signal;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The {@code quickstart.sh} command around a {@link Quickstart}: parses the options, starts, stops on Ctrl-C/SIGTERM
 * or when a bounded run is drained, and turns the outcome into the exit code (0 all arrived, 1 could not start,
 * 2 bad options, 4 not everything reached the store, 130 interrupted).
 */
final class QuickstartCommand {
    private QuickstartCommand() {
    }

    static void run(String[] args) throws Exception {
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "iotstream-quickstart-logback.xml");
        }
        QuickstartOptions options;
        try {
            CommandLine cl = CommandLine.parse(args, QuickstartOptions.VALUE_OPTIONS, QuickstartOptions.FLAGS);
            if (cl.flag("help")) {
                System.out.print(QuickstartOptions.usage());
                return;
            }
            options = QuickstartOptions.from(cl);
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.err.println();
            System.err.print(QuickstartOptions.usage());
            System.exit(2);
            return;
        }
        System.out.println("iotstream quickstart: starting (first start takes ~20-40 s) ...");
        Quickstart quickstart;
        try {
            quickstart = Quickstart.start(options, System.out);
        } catch (Exception | Error e) {
            System.err.println();
            System.err.println("error: quickstart could not start: " + e);
            System.exit(1);
            return;
        }
        AtomicBoolean signalled = stopOnSignals(quickstart);
        Runtime.getRuntime().addShutdownHook(new Thread(quickstart::close, "quickstart-shutdown"));
        Progress last = quickstart.run();
        if (!signalled.get()) {
            System.out.println("Stopping ...");
        }
        long stopStart = System.nanoTime();
        quickstart.close();
        System.out.println(String.format(Locale.ROOT, "Stopped in %.1f s; temporary files deleted.",
                (System.nanoTime() - stopStart) / 1e9));
        if (signalled.get()) {
            System.exit(130);
        }
        boolean complete = last.storeTelemetry().orElse(-1) >= last.simulator().published()
                && last.storeAlerts().orElse(-1) >= last.simulator().outOfRangePublished();
        if (!complete && last.storeTelemetry().isPresent()) {
            System.out.println("Not everything published reached the store (see the summary and the logs): exit 4.");
            System.exit(4);
        }
        System.exit(0);
    }

    /**
     * Ctrl-C and SIGTERM are handled here rather than in a shutdown hook: HiveMQ and QuestDB register hooks of their
     * own, and hooks run concurrently, so on a JVM shutdown the MQTT broker and the store would vanish under the
     * running connectors. The Kafka broker and Connect worker are child JVMs: they get SIGTERM in order (worker
     * first), and end by themselves if this JVM dies without stopping them. The first signal
     * makes {@link Quickstart#run()} return, so everything stops newest first, then the JVM exits; a second forces
     * the exit. Returns whether a signal came.
     */
    private static AtomicBoolean stopOnSignals(Quickstart quickstart) {
        AtomicBoolean signalled = new AtomicBoolean();
        for (String name : List.of("INT", "TERM")) {
            try {
                Signal.handle(new Signal(name), signal -> {
                    if (signalled.compareAndSet(false, true)) {
                        System.out.println();
                        System.out.println("Stopping (simulator, connectors, Kafka, broker, store) ... "
                                + "Ctrl-C again to force.");
                        quickstart.requestStop();
                    } else {
                        System.out.println("Forced exit; temporary files may remain.");
                        Runtime.getRuntime().halt(130);
                    }
                });
            } catch (IllegalArgumentException unsupported) {
                // No such signal here: the shutdown hook still stops everything, just less orderly.
            }
        }
        return signalled;
    }
}
