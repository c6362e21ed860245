package dev.iotstream.connect.testing;

import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Finds a server binary that integration tests start as a child process and decides what its absence means.
 * <p>
 * Lookup: the system property {@code iotstream.bin.<command>} (e.g. {@code -Diotstream.bin.mosquitto=/opt/mosquitto}),
 * else the environment variable {@code IOTSTREAM_BIN_<COMMAND>} ({@code -} becomes {@code _}), else the first
 * executable {@code <command>} on {@code PATH}, else the first executable of the entry's fallback locations (only for
 * servers whose package installs the binary off {@code PATH}, e.g. RabbitMQ's {@code /usr/lib/rabbitmq/bin}).
 * <p>
 * Missing: under CI ({@value #CI_VARIABLE} set to anything but empty, {@code 0} or {@code false}; {@code .ci/run}
 * exports it) {@link #require()} FAILS the test, naming the Debian package to install, so a green CI run proves the
 * integration tests really ran. Elsewhere it aborts the test (JUnit reports it as skipped) with the same reason, so
 * a developer without the server still gets a clear message instead of a silent pass.
 */
public final class ServerBinaries {
    public static final String CI_VARIABLE = "IOTSTREAM_CI";

    public static final ServerBinaries MOSQUITTO = new ServerBinaries("mosquitto", "mosquitto");
    public static final ServerBinaries VICTORIA_METRICS = new ServerBinaries("victoria-metrics", "victoria-metrics");
    public static final ServerBinaries NGINX = new ServerBinaries("nginx", "nginx");
    public static final ServerBinaries INFLUXD = new ServerBinaries("influxd", "influxdb");
    /**
     * Debian's {@code /usr/sbin/rabbitmq-server} is a wrapper that re-runs the real script as user {@code rabbitmq};
     * the tests run the script under {@code /usr/lib/rabbitmq/bin} as themselves, so that location comes first.
     */
    public static final ServerBinaries RABBITMQ_SERVER = new ServerBinaries("rabbitmq-server", "rabbitmq-server",
            List.of("/usr/lib/rabbitmq/bin/rabbitmq-server"), false);
    /** Erlang's port mapper, started by {@link RabbitMqBroker} itself so that it has its PID and its address. */
    public static final ServerBinaries EPMD = new ServerBinaries("epmd", "erlang-base");

    private final String command;
    private final String debianPackage;
    private final List<String> fallbacks;
    private final boolean pathFirst;

    private ServerBinaries(String command, String debianPackage) {
        this(command, debianPackage, List.of(), true);
    }

    private ServerBinaries(String command, String debianPackage, List<String> fallbacks, boolean pathFirst) {
        this.command = command;
        this.debianPackage = debianPackage;
        this.fallbacks = List.copyOf(fallbacks);
        this.pathFirst = pathFirst;
    }

    /** A binary not listed above, e.g. {@code of("rabbitmq-server", "rabbitmq-server")}. */
    public static ServerBinaries of(String command, String debianPackage) {
        return new ServerBinaries(command, debianPackage);
    }

    /**
     * A binary looked for at fixed locations as well as on {@code PATH}: before {@code PATH} when {@code pathFirst}
     * is false (the package's {@code PATH} entry is a wrapper the tests cannot use), after it otherwise.
     */
    static ServerBinaries withLocations(String command, String debianPackage, List<String> locations,
                                        boolean pathFirst) {
        return new ServerBinaries(command, debianPackage, locations, pathFirst);
    }

    public String command() {
        return command;
    }

    public String debianPackage() {
        return debianPackage;
    }

    /** {@code iotstream.bin.<command>} */
    public String propertyName() {
        return "iotstream.bin." + command;
    }

    /** {@code IOTSTREAM_BIN_<COMMAND>} */
    public String environmentName() {
        return "IOTSTREAM_BIN_" + command.toUpperCase(Locale.ROOT).replace('-', '_');
    }

    /** The binary, if present; for code that decides itself (a class-level start, a benchmark). */
    public Optional<Path> find() {
        return find(Environment.current());
    }

    /** The binary; fails the test under CI and aborts it elsewhere when it is missing. */
    public Path require() {
        return require(Environment.current());
    }

    /**
     * Whether every binary is present; for a class-level start that then leaves the decision to
     * {@link #requireAll} in each test (an abort in {@code @BeforeAll} is reported as zero tests, without the reason).
     */
    public static boolean allFound(ServerBinaries... binaries) {
        for (ServerBinaries binary : binaries) {
            if (binary.find().isEmpty()) {
                return false;
            }
        }
        return true;
    }

    /** {@link #require()} for each, in order. */
    public static void requireAll(ServerBinaries... binaries) {
        for (ServerBinaries binary : binaries) {
            binary.require();
        }
    }

    /** Where it looked and what to install, for code that reports a missing binary itself. */
    public String missingReason() {
        return missingReason(Environment.current());
    }

    Optional<Path> find(Environment environment) {
        String override = override(environment);
        if (override != null) {
            return executable(override);
        }
        if (!pathFirst) {
            Optional<Path> fixed = firstExecutable(fallbacks);
            if (fixed.isPresent()) {
                return fixed;
            }
        }
        Optional<Path> onPath = onPath(environment);
        return onPath.isPresent() || !pathFirst ? onPath : firstExecutable(fallbacks);
    }

    private Optional<Path> onPath(Environment environment) {
        String path = environment.variable("PATH");
        if (path == null) {
            return Optional.empty();
        }
        List<String> candidates = new ArrayList<>();
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty()) {
                candidates.add(dir + File.separator + command);
            }
        }
        return firstExecutable(candidates);
    }

    private static Optional<Path> firstExecutable(List<String> files) {
        for (String file : files) {
            Optional<Path> candidate = executable(file);
            if (candidate.isPresent()) {
                return candidate;
            }
        }
        return Optional.empty();
    }

    Path require(Environment environment) {
        Optional<Path> found = find(environment);
        if (found.isPresent()) {
            return found.get();
        }
        if (environment.ci()) {
            throw new AssertionFailedError(missingReason(environment) + "; " + CI_VARIABLE
                    + " is set, so a missing server fails the test instead of skipping it");
        }
        throw new TestAbortedException(missingReason(environment) + "; skipped (under " + CI_VARIABLE
                + "=1, as in .ci/run, this is a failure)");
    }

    /** Names where it looked and what to install; the same text for the failure and the skip. */
    String missingReason(Environment environment) {
        String override = override(environment);
        String where = override != null
                ? "'" + override + "' (from " + overrideSource(environment) + ") is not an executable file"
                : "not found on PATH=" + environment.variable("PATH")
                        + (fallbacks.isEmpty() ? "" : " nor at " + String.join(", ", fallbacks));
        return command + " " + where + ": install the Debian package '" + debianPackage + "' (apt-get install -y "
                + debianPackage + "), or point -D" + propertyName() + " or $" + environmentName() + " at the binary";
    }

    private String override(Environment environment) {
        String property = environment.property(propertyName());
        if (property != null && !property.isBlank()) {
            return property;
        }
        String variable = environment.variable(environmentName());
        return variable != null && !variable.isBlank() ? variable : null;
    }

    private String overrideSource(Environment environment) {
        String property = environment.property(propertyName());
        return property != null && !property.isBlank() ? "-D" + propertyName() : "$" + environmentName();
    }

    private static Optional<Path> executable(String file) {
        try {
            Path path = Path.of(file);
            return Files.isRegularFile(path) && Files.isExecutable(path) ? Optional.of(path) : Optional.empty();
        } catch (InvalidPathException e) {
            return Optional.empty();
        }
    }

    @Override
    public String toString() {
        return command + " (Debian package " + debianPackage + ")";
    }

    /** System properties and environment variables, injectable so the rules can be tested without a real PATH. */
    record Environment(UnaryOperator<String> properties, Map<String, String> variables) {
        static Environment current() {
            return new Environment(System::getProperty, System.getenv());
        }

        String property(String name) {
            return properties.apply(name);
        }

        String variable(String name) {
            return variables.get(name);
        }

        boolean ci() {
            String value = variables.get(CI_VARIABLE);
            return value != null && !value.isBlank() && !value.equals("0") && !value.equalsIgnoreCase("false");
        }
    }
}
