package dev.iotstream.connect.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A server as a child process of the test JVM, output appended to the launch's log file. */
final class NativeServerProcess implements ServerProcess {
    private final Process process;

    private NativeServerProcess(Process process) {
        this.process = process;
    }

    static NativeServerProcess start(Path binary, Launch launch) {
        List<String> command = new ArrayList<>();
        command.add(binary.toString());
        command.addAll(launch.arguments());
        try {
            return new NativeServerProcess(new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(launch.logFile().toFile()))
                    .start());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + binary, e);
        }
    }

    @Override
    public boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public int exitValue() {
        return process.exitValue();
    }

    @Override
    public long pid() {
        return process.pid();
    }

    @Override
    public void freeze() {
        signal("STOP");
    }

    @Override
    public void thaw() {
        signal("CONT");
    }

    @Override
    public void signal(String name) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill -" + name + " " + process.pid() + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void stop(Duration grace) {
        ChildProcesses.stop(process, grace);
    }

    @Override
    public String description() {
        return "process " + process.pid();
    }
}
