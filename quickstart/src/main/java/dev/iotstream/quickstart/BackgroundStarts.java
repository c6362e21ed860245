package dev.iotstream.quickstart;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Waiting on servers started on another thread (QuestDB and HiveMQ start while Kafka and Connect do). Bounded, so a
 * server that hangs in start-up fails the quickstart instead of stalling it.
 */
final class BackgroundStarts {
    private static final long START_TIMEOUT_MINUTES = 3;

    private BackgroundStarts() {
    }

    static <T> T awaitStarted(CompletableFuture<T> start, String what) throws Exception {
        try {
            return start.get(START_TIMEOUT_MINUTES, TimeUnit.MINUTES);
        } catch (ExecutionException e) {
            throw new IllegalStateException(what + " did not start: " + e.getCause(), e.getCause());
        }
    }

    /** Waits for a background start to finish either way, then stops the server if it did start. */
    static void closeWhenStarted(CompletableFuture<? extends AutoCloseable> start) throws Exception {
        AutoCloseable server;
        try {
            server = start.get(START_TIMEOUT_MINUTES, TimeUnit.MINUTES);
        } catch (ExecutionException failedToStart) {
            return;
        }
        server.close();
    }
}
