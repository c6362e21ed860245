package dev.iotstream.quickstart;

import java.io.PrintStream;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Everything the quickstart started, with how to stop it. Stopped newest first, so connectors stop before Kafka and
 * Kafka before the broker and store they talk to; each stage is stopped even if an earlier one failed.
 */
final class StopStack {
    private final Deque<Stage> stages = new ArrayDeque<>();
    private final PrintStream out;

    StopStack(PrintStream out) {
        this.out = out;
    }

    synchronized void push(String name, AutoCloseable action) {
        stages.push(new Stage(name, action));
    }

    synchronized void stopAll() {
        // Stopping the servers in this JVM logs expected noise: send it to the log files, not the terminal.
        try (QuietServers quiet = QuietServers.divertSystemOutAndErr(QuickstartPaths.consoleLog())) {
            while (!stages.isEmpty()) {
                Stage stage = stages.pop();
                try {
                    stage.action().close();
                } catch (Exception | Error e) {
                    out.println("! stopping " + stage.name() + " failed: " + e);
                }
            }
        }
    }

    private record Stage(String name, AutoCloseable action) {
    }
}
