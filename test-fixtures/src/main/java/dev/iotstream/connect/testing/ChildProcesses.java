package dev.iotstream.connect.testing;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Stopping server processes started by tests, politely first: servers flush their state on SIGTERM. */
final class ChildProcesses {
    private ChildProcesses() {
    }

    static void stop(Process process, Duration grace) {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
