package dev.iotstream.connect.testing;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A running server of a fixture, whether a child process or a container: the fixtures talk to it over 127.0.0.1
 * and through files in their temp directory either way, so this is all they need of it.
 */
interface ServerProcess {
    boolean isAlive();

    /** Only meaningful once {@link #isAlive()} is false. */
    int exitValue();

    /** The server's PID on this host (a container's main process too). */
    long pid();

    /** Freezes every process of the server (a hung server) until {@link #thaw()}. */
    void freeze();

    void thaw();

    /** {@code HUP}, {@code USR1}, ...: delivered to the server's main process. */
    void signal(String name);

    /** SIGTERM (servers flush their state on it), then a kill after {@code grace}. */
    void stop(Duration grace);

    /** "process 1234" or "container 0123456789ab (image)", for logs and the container report. */
    String description();

    /**
     * What to start: the arguments after the binary, where the output goes, and the directories and files the
     * server reads or writes (a container gets them mounted at the same path).
     */
    record Launch(List<String> arguments, Path logFile, List<Path> paths) {
        public Launch {
            arguments = List.copyOf(arguments);
            paths = List.copyOf(paths);
        }
    }
}
