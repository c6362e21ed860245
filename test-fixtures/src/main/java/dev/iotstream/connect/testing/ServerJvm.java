package dev.iotstream.connect.testing;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * One server main (Kafka broker, Connect worker) in a child JVM that can be started, stopped politely (SIGTERM: the
 * server's own shutdown hooks run), killed (SIGKILL, as a crash) and started again with the same command line.
 */
final class ServerJvm {
    private final String name;
    private final ChildJvm spec;
    private final BooleanSupplier ready;
    private Process process;

    ServerJvm(String name, ChildJvm spec, BooleanSupplier ready) {
        this.name = name;
        this.spec = spec;
        this.ready = ready;
    }

    /** Starts the JVM and returns once {@code ready} holds; fails with the log's tail if it exits or times out. */
    synchronized void start(Duration timeout) {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException(name + " is already running (pid " + process.pid() + ")");
        }
        process = spec.start();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!ready.getAsBoolean()) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + " while starting; log "
                        + spec.logFile() + ":\n" + spec.logTail());
            }
            if (System.nanoTime() > deadline) {
                kill();
                throw new IllegalStateException(name + " not ready after " + timeout.toSeconds() + " s; log "
                        + spec.logFile() + ":\n" + spec.logTail());
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                kill();
                throw new IllegalStateException("interrupted while starting " + name, e);
            }
        }
    }

    synchronized void stop(Duration grace) {
        ChildProcesses.stop(process, grace);
    }

    /** SIGKILL: no shutdown hook runs, nothing is flushed or committed, like a crashed machine or an OOM kill. */
    synchronized void kill() {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    synchronized boolean isAlive() {
        return process != null && process.isAlive();
    }

    synchronized long pid() {
        if (process == null) {
            throw new IllegalStateException(name + " was never started");
        }
        return process.pid();
    }

    ChildJvm spec() {
        return spec;
    }
}
