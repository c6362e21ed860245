package dev.iotstream.connect.testing;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Uuid;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real single-node Kafka (KRaft, broker and controller in one process) as users run it: Kafka's own
 * {@code kafka.Kafka} main in a child JVM, its log directory formatted first by {@code kafka.tools.StorageTool}
 * (what {@code kafka-storage.sh format} runs), both listeners on 127.0.0.1 free ports, no authentication.
 * Not Kafka's test kit, which binds its listeners to all interfaces.
 * <p>
 * {@link #kill()} (SIGKILL) and {@link #start()} again keep the ports, the cluster id and the data, like a broker
 * machine that crashed and came back.
 */
public final class KafkaBrokerProcess implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofMinutes(2);
    private final Path dir;
    private final boolean ownsDir;
    private final int port = FreePorts.next();
    private final int controllerPort = FreePorts.next();
    private final String clusterId = Uuid.randomUuid().toString();
    private final List<String> jvmArgs;
    private final ServerJvm jvm;
    private boolean formatted;

    private KafkaBrokerProcess(Path dir, Path logFile, List<String> jvmArgs) {
        this.ownsDir = dir == null;
        this.dir = dir == null ? TempDirs.create("kafka-broker") : dir;
        this.jvmArgs = List.copyOf(jvmArgs);
        Path log = logFile == null ? this.dir.resolve("broker.log") : logFile;
        writeConfig();
        this.jvm = new ServerJvm("Kafka broker", new ChildJvm("kafka.Kafka",
                List.of(config().toString()), this.jvmArgs, log), this::answers);
    }

    /** A broker in a new temp directory (deleted by {@link #close()}), logging to {@code broker.log} there. */
    public static KafkaBrokerProcess startNew() {
        KafkaBrokerProcess broker = create(null, null);
        try {
            broker.start();
        } catch (RuntimeException e) {
            broker.close();
            throw e;
        }
        return broker;
    }

    /**
     * A broker not started yet. {@code dir} (null: a new temp directory, deleted by {@link #close()}) holds config and
     * data; {@code logFile} (null: {@code dir/broker.log}) receives the broker's output.
     */
    public static KafkaBrokerProcess create(Path dir, Path logFile) {
        return new KafkaBrokerProcess(dir, logFile, List.of("-Xmx512m", "-XX:+ExitOnOutOfMemoryError"));
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public int controllerPort() {
        return controllerPort;
    }

    public long pid() {
        return jvm.pid();
    }

    public Path logFile() {
        return jvm.spec().logFile();
    }

    /** Formats the log directory on the first start, then starts the broker and waits until it answers. */
    public void start() {
        if (!formatted) {
            new ChildJvm("kafka.tools.StorageTool", List.of("format", "--cluster-id", clusterId,
                    "--config", config().toString(), "--ignore-formatted"), jvmArgs, jvm.spec().logFile()).run(120);
            formatted = true;
        }
        jvm.start(START_TIMEOUT);
    }

    /** SIGTERM and wait: the broker shuts down cleanly (controlled shutdown, logs flushed). */
    public void stop() {
        jvm.stop(Duration.ofSeconds(30));
    }

    /** SIGKILL: a crash. {@link #start()} brings the same broker back. */
    public void kill() {
        jvm.kill();
    }

    public boolean isAlive() {
        return jvm.isAlive();
    }

    @Override
    public void close() {
        try {
            stop();
        } finally {
            if (ownsDir) {
                TempDirs.deleteRecursively(dir);
            }
        }
    }

    private Path config() {
        return dir.resolve("server.properties");
    }

    private void writeConfig() {
        String listeners = "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort;
        String properties = String.join("\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                "listeners=" + listeners,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "log.dirs=" + dir.resolve("data").toAbsolutePath(),
                "num.partitions=1",
                "default.replication.factor=1",
                "offsets.topic.replication.factor=1",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                "");
        try {
            Files.createDirectories(dir);
            Files.writeString(config(), properties);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private boolean answers() {
        if (!Ports.accepts(port)) {
            return false; // not listening yet: spare the admin client's connection warnings
        }
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000))) {
            return !admin.describeCluster(new DescribeClusterOptions().timeoutMs(3000)).nodes()
                    .get(5, TimeUnit.SECONDS).isEmpty();
        } catch (Exception notYet) {
            return false;
        }
    }

    @Override
    public String toString() {
        return "Kafka broker " + bootstrapServers() + " (controller 127.0.0.1:" + controllerPort + ", " + dir + ")";
    }
}
