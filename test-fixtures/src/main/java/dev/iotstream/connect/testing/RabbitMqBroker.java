package dev.iotstream.connect.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * RabbitMQ with its MQTT plugin (MQTT 3.1.1; QoS 2 subscriptions are granted QoS 1) as child processes, everything
 * in a temp dir and every port on 127.0.0.1: AMQP, MQTT, Erlang's distribution port and the port mapper (epmd),
 * which this fixture starts itself so that it knows its PID and address (an epmd that {@code erl} starts detaches
 * and outlives the broker). epmd also listens on IPv6 loopback ({@code [::1]}) by design; nothing listens on a
 * routable address. Stopped by PID: SIGTERM to the start script (which stops the Erlang VM gracefully), then any
 * process left of it, then epmd.
 * <p>
 * The binary is found by {@link ServerBinaries#RABBITMQ_SERVER} ({@code /usr/lib/rabbitmq/bin/rabbitmq-server},
 * then PATH, or {@code -Diotstream.bin.rabbitmq-server}); where it is missing, starting a broker fails the test
 * under CI and skips it elsewhere. Start-up takes ~6-13 s; the broker state (durable session queues, retained
 * messages) survives {@link #restart()}.
 */
public final class RabbitMqBroker implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private final Path executable;
    private final Path epmdExecutable;
    private final Builder settings;
    private final Path dir;
    private final int mqttPort = FreePorts.next();
    private final int amqpPort = FreePorts.next();
    private final int distributionPort = FreePorts.next();
    private final int epmdPort = FreePorts.next();
    private Process epmd;
    private Process server;

    private RabbitMqBroker(Builder settings) {
        this.executable = ServerBinaries.RABBITMQ_SERVER.require();
        this.epmdExecutable = ServerBinaries.EPMD.require();
        this.settings = settings;
        this.dir = TempDirs.create("rabbitmq");
        write("rabbitmq.conf", config());
        write("enabled_plugins", "[rabbitmq_mqtt].\n");
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Anonymous MQTT on a free port, RabbitMQ's defaults otherwise ({@code mqtt.prefetch} 10). */
    public static RabbitMqBroker start() {
        return builder().start();
    }

    public static final class Builder {
        private int prefetch = -1;

        /**
         * {@code mqtt.prefetch}: how many unacknowledged QoS 1 messages a subscriber gets at a time (default 10), the
         * broker's in-flight window.
         */
        public Builder prefetch(int prefetch) {
            this.prefetch = prefetch;
            return this;
        }

        public RabbitMqBroker start() {
            RabbitMqBroker broker = new RabbitMqBroker(this);
            try {
                broker.startProcesses();
            } catch (RuntimeException e) {
                broker.close();
                throw e;
            }
            return broker;
        }
    }

    public String uri() {
        return "tcp://127.0.0.1:" + mqttPort;
    }

    public int mqttPort() {
        return mqttPort;
    }

    /** The ports this broker was told to use: MQTT, AMQP, Erlang distribution, epmd. */
    public List<Integer> ports() {
        return List.of(mqttPort, amqpPort, distributionPort, epmdPort);
    }

    /** PIDs of every process of this broker (the start script, the Erlang VM and its helpers, epmd). */
    public List<Long> pids() {
        List<Long> pids = new ArrayList<>();
        for (Process p : new Process[] {server, epmd}) {
            if (p != null && p.isAlive()) {
                pids.add(p.pid());
                p.descendants().forEach(d -> pids.add(d.pid()));
            }
        }
        return pids;
    }

    public Path logDir() {
        return dir.resolve("log");
    }

    /** The start script's output and the node's log files, for a failure message. */
    public String log() {
        StringBuilder out = new StringBuilder();
        appendFile(out, dir.resolve("server.out"));
        if (Files.isDirectory(logDir())) {
            try (Stream<Path> files = Files.list(logDir())) {
                files.filter(f -> f.toString().endsWith(".log")).sorted().forEach(f -> appendFile(out, f));
            } catch (IOException e) {
                out.append(e);
            }
        }
        return out.toString();
    }

    public void stop() {
        if (server != null) {
            List<ProcessHandle> left = server.descendants().toList();
            // SIGTERM to the script: its trap stops the VM, which closes queues and writes its state
            ChildProcesses.stop(server, Duration.ofSeconds(30));
            for (ProcessHandle process : left) {
                awaitExit(process); // the VM's helpers (erl_child_setup, inet_gethost) exit just after it
            }
            server = null;
        }
        ChildProcesses.stop(epmd, Duration.ofSeconds(5));
        epmd = null;
    }

    /** Stops and starts the same node on the same ports and state (durable sessions and retained messages kept). */
    public void restart() {
        stop();
        startProcesses();
    }

    @Override
    public void close() {
        try {
            stop();
        } finally {
            TempDirs.deleteRecursively(dir);
        }
    }

    private void startProcesses() {
        try {
            epmd = new ProcessBuilder(epmdExecutable.toString(), "-port", Integer.toString(epmdPort),
                    "-address", "127.0.0.1")
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("epmd.out").toFile()))
                    .start();
            awaitPort(epmdPort, epmd, Duration.ofSeconds(10), "epmd");
            ProcessBuilder builder = new ProcessBuilder(executable.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("server.out").toFile()));
            environment(builder.environment());
            server = builder.start();
        } catch (IOException e) {
            stop();
            throw new UncheckedIOException("cannot start " + executable, e);
        }
        awaitPort(mqttPort, server, START_TIMEOUT, "rabbitmq-server (MQTT)");
    }

    private void environment(Map<String, String> env) {
        env.put("RABBITMQ_CONFIG_FILE", dir.resolve("rabbitmq").toString()); // without .conf, as the script wants
        env.put("RABBITMQ_ENABLED_PLUGINS_FILE", dir.resolve("enabled_plugins").toString());
        env.put("RABBITMQ_MNESIA_BASE", dir.resolve("mnesia").toString());
        env.put("RABBITMQ_LOG_BASE", logDir().toString());
        env.put("RABBITMQ_NODENAME", "iotstream" + mqttPort + "@localhost");
        env.put("RABBITMQ_NODE_IP_ADDRESS", "127.0.0.1");
        env.put("RABBITMQ_DIST_PORT", Integer.toString(distributionPort));
        env.put("ERL_EPMD_ADDRESS", "127.0.0.1");
        env.put("ERL_EPMD_PORT", Integer.toString(epmdPort));
        env.put("HOME", dir.toString()); // the Erlang cookie goes here, not into the user's home
        // without it the distribution port binds 0.0.0.0
        env.put("RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS", "-kernel inet_dist_use_interface {127,0,0,1}");
    }

    private String config() {
        StringBuilder c = new StringBuilder();
        c.append("listeners.tcp.default = 127.0.0.1:").append(amqpPort).append('\n');
        c.append("mqtt.listeners.tcp.default = 127.0.0.1:").append(mqttPort).append('\n');
        c.append("mqtt.allow_anonymous = true\n");
        c.append("loopback_users = none\n");
        if (settings.prefetch >= 0) {
            c.append("mqtt.prefetch = ").append(settings.prefetch).append('\n');
        }
        return c.toString();
    }

    private void awaitPort(int port, Process process, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                String log = log();
                stop();
                throw new IllegalStateException(what + " exited with " + process.exitValue() + ": " + log);
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    stop();
                    throw new IllegalStateException("interrupted while waiting for " + what, e);
                }
            }
        }
        String log = log();
        stop();
        throw new IllegalStateException(what + " did not listen on 127.0.0.1:" + port + " within " + timeout + ": "
                + log);
    }

    private static void awaitExit(ProcessHandle process) {
        try {
            process.onExit().get(5, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            process.destroyForcibly();
        } catch (ExecutionException e) {
            process.destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    private void write(String file, String content) {
        try {
            Files.writeString(dir.resolve(file), content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void appendFile(StringBuilder out, Path file) {
        try {
            if (Files.exists(file)) {
                out.append("--- ").append(file.getFileName()).append('\n').append(Files.readString(file));
            }
        } catch (IOException e) {
            out.append(e);
        }
    }
}
