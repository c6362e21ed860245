package dev.iotstream.connect.testing;

import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.Optional;

/**
 * Where a fixture's server runs: a native child process or a container (Testcontainers); the tests do not care.
 * <p>
 * {@code -Diotstream.servers} (or {@code $IOTSTREAM_SERVERS}) chooses: {@code auto} (default) runs the native binary
 * when {@link ServerBinaries} finds it, else a container when a Docker daemon answers and has the image (built by
 * {@code .ci/containers}) or a registry serves the official one; {@code native} only the binary (as before
 * containers existed); {@code container} only a container, even where the binary is installed, so CI can exercise
 * the container path on a machine that has both. When nothing can run the server, the test FAILS under CI
 * ({@value ServerBinaries#CI_VARIABLE}) naming the Debian package and the image, and is skipped elsewhere with the
 * same reason.
 * <p>
 * Every start prints which process or container the calling test used; {@code -Diotstream.servers.report=FILE}
 * appends the same line to FILE ({@code .ci/containers} prints it after the run).
 */
public final class ServerRuntime {
    public static final String MODE_PROPERTY = "iotstream.servers";
    public static final String MODE_VARIABLE = "IOTSTREAM_SERVERS";
    public static final String REPORT_PROPERTY = "iotstream.servers.report";

    public static final ServerRuntime MOSQUITTO = new ServerRuntime(ServerBinaries.MOSQUITTO, ServerImages.MOSQUITTO);
    public static final ServerRuntime VICTORIA_METRICS = new ServerRuntime(ServerBinaries.VICTORIA_METRICS,
            ServerImages.VICTORIA_METRICS);
    public static final ServerRuntime NGINX = new ServerRuntime(ServerBinaries.NGINX, ServerImages.NGINX);
    public static final ServerRuntime INFLUXD = new ServerRuntime(ServerBinaries.INFLUXD, ServerImages.INFLUXDB1);

    enum Mode { AUTO, NATIVE, CONTAINER }

    private final ServerBinaries binary;
    private final ServerImages.Image image;

    private ServerRuntime(ServerBinaries binary, ServerImages.Image image) {
        this.binary = binary;
        this.image = image;
    }

    public ServerBinaries binary() {
        return binary;
    }

    /** How the server would run now: a binary, an image, or the reason neither can. */
    sealed interface Target permits Native, Container, Missing {
    }

    record Native(Path binary) implements Target {
    }

    record Container(ServerImages.Choice image) implements Target {
    }

    record Missing(String reason) implements Target {
    }

    static Mode mode() {
        String value = System.getProperty(MODE_PROPERTY);
        if (value == null || value.isBlank()) {
            value = System.getenv(MODE_VARIABLE);
        }
        if (value == null || value.isBlank()) {
            return Mode.AUTO;
        }
        try {
            return Mode.valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("-D" + MODE_PROPERTY + "=" + value
                    + " is not one of auto, native, container", e);
        }
    }

    Target target() {
        return decide(mode(), binary.command(), new Probes() {
            @Override
            public Optional<Path> binary() {
                return binary.find();
            }

            @Override
            public String binaryMissing() {
                return binary.missingReason();
            }

            @Override
            public String dockerProblem() {
                return ServerImages.dockerProblem();
            }

            @Override
            public ServerImages.Choice image() {
                return ServerImages.choose(image);
            }

            @Override
            public String imageUnavailable() {
                return ServerImages.unavailable(image);
            }
        });
    }

    /** What {@link #decide} asks, in the order it asks; Docker is asked only when no binary will do. */
    interface Probes {
        Optional<Path> binary();

        String binaryMissing();

        /** Null when a daemon answers. */
        String dockerProblem();

        /** Null when no image can run. */
        ServerImages.Choice image();

        String imageUnavailable();
    }

    static Target decide(Mode mode, String command, Probes probes) {
        if (mode != Mode.CONTAINER) {
            Optional<Path> found = probes.binary();
            if (found.isPresent()) {
                return new Native(found.get());
            }
            if (mode == Mode.NATIVE) {
                return new Missing(probes.binaryMissing() + " (-D" + MODE_PROPERTY + "=native)");
            }
        }
        String prefix = mode == Mode.CONTAINER
                ? command + " in a container (-D" + MODE_PROPERTY + "=container): "
                : probes.binaryMissing() + "; nor can it run in a container: ";
        String docker = probes.dockerProblem();
        if (docker != null) {
            return new Missing(prefix + docker);
        }
        ServerImages.Choice choice = probes.image();
        return choice == null ? new Missing(prefix + probes.imageUnavailable()) : new Container(choice);
    }

    /** Whether the server can run, for a class-level start that leaves the decision to {@link #require()}. */
    public boolean available() {
        return !(target() instanceof Missing);
    }

    public static boolean allAvailable(ServerRuntime... servers) {
        for (ServerRuntime server : servers) {
            if (!server.available()) {
                return false;
            }
        }
        return true;
    }

    /** Fails the test under CI and aborts it (a skip) elsewhere when the server can run neither way. */
    public void require() {
        requireTarget();
    }

    public static void requireAll(ServerRuntime... servers) {
        for (ServerRuntime server : servers) {
            server.require();
        }
    }

    private Target requireTarget() {
        Target target = target();
        if (target instanceof Missing missing) {
            if (ServerBinaries.Environment.current().ci()) {
                throw new AssertionFailedError(missing.reason() + "; " + ServerBinaries.CI_VARIABLE
                        + " is set, so a server that cannot run fails the test instead of skipping it");
            }
            throw new TestAbortedException(missing.reason() + "; skipped (under " + ServerBinaries.CI_VARIABLE
                    + "=1, as in .ci/run, this is a failure)");
        }
        return target;
    }

    /** Starts the server (see the class comment for how it is chosen) and reports what the calling test used. */
    ServerProcess start(ServerProcess.Launch launch) {
        Target target = requireTarget();
        ServerProcess process = target instanceof Native n
                ? NativeServerProcess.start(n.binary(), launch)
                : ContainerServerProcess.start(((Container) target).image(), launch);
        report(process);
        return process;
    }

    private void report(ServerProcess process) {
        String line = callingTest() + " " + binary.command() + " " + process.description();
        System.out.println("[iotstream servers] " + line);
        String file = System.getProperty(REPORT_PROPERTY);
        if (file != null && !file.isBlank()) {
            try {
                Files.writeString(Path.of(file), line + System.lineSeparator(), StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot append to -D" + REPORT_PROPERTY + "=" + file, e);
            }
        }
    }

    /** The innermost test class on the stack (a name ending in IT or Test), for the report. */
    private static String callingTest() {
        return StackWalker.getInstance().walk(frames -> frames
                .map(StackWalker.StackFrame::getClassName)
                .map(name -> name.substring(name.lastIndexOf('.') + 1))
                .map(name -> name.contains("$") ? name.substring(0, name.indexOf('$')) : name)
                .filter(name -> name.endsWith("IT") || name.endsWith("Test"))
                .findFirst()
                .orElse("(no test class on the stack)"));
    }

    @Override
    public String toString() {
        return binary.command() + " (Debian package " + binary.debianPackage() + ", image " + image.local() + " or "
                + image.official() + ")";
    }
}
