package dev.iotstream.connect.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * A real distributed Kafka Connect worker as users run it: Connect's own
 * {@code org.apache.kafka.connect.cli.ConnectDistributed} main in a child JVM with a {@code worker.properties} file,
 * REST on a 127.0.0.1 free port, plugins from {@code plugin.path}. Ready when {@code GET /health} answers 200 (the
 * herder has started and joined its group).
 * <p>
 * {@link #kill()} (SIGKILL) and {@link #start()} again reuse the same properties file and port, like a worker machine
 * that crashed and came back; its state lives in Kafka's internal topics.
 */
public final class ConnectWorkerProcess implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);
    private final Path dir;
    private final boolean ownsDir;
    private final int port;
    private final ServerJvm jvm;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private ConnectWorkerProcess(Builder b) {
        this.ownsDir = b.dir == null;
        this.dir = b.dir == null ? TempDirs.create("connect-worker") : b.dir;
        this.port = FreePorts.next();
        Path workerProperties = dir.resolve("worker.properties");
        write(workerProperties, properties(b));
        List<String> jvmArgs = new ArrayList<>(List.of("-Xmx1g", "-XX:+ExitOnOutOfMemoryError"));
        jvmArgs.addAll(b.jvmArgs);
        Path log = b.logFile == null ? dir.resolve("worker.log") : b.logFile;
        this.jvm = new ServerJvm("Connect worker", new ChildJvm("org.apache.kafka.connect.cli.ConnectDistributed",
                List.of(workerProperties.toString()), jvmArgs, log), this::healthy);
    }

    public static Builder builder(String bootstrapServers) {
        return new Builder(bootstrapServers);
    }

    public static final class Builder {
        private final String bootstrapServers;
        private final Map<String, String> properties = new LinkedHashMap<>();
        private final List<String> jvmArgs = new ArrayList<>();
        private Path pluginPath;
        private String pluginDiscovery = "service_load";
        private String groupId = "iotstream-connect";
        private Path dir;
        private Path logFile;

        private Builder(String bootstrapServers) {
            this.bootstrapServers = bootstrapServers;
        }

        /** The directories the worker loads plugins from (unpacked component archives). */
        public Builder pluginPath(Path pluginPath) {
            this.pluginPath = pluginPath;
            return this;
        }

        /** {@code service_load} (default: fast, needs META-INF/services), {@code hybrid_warn}, {@code hybrid_fail}. */
        public Builder pluginDiscovery(String pluginDiscovery) {
            this.pluginDiscovery = pluginDiscovery;
            return this;
        }

        /** The Connect group, and the prefix of its internal topics ({@code <group>-configs} ...). */
        public Builder groupId(String groupId) {
            this.groupId = groupId;
            return this;
        }

        /** Any other worker property; overrides the defaults. */
        public Builder property(String key, String value) {
            properties.put(key, value);
            return this;
        }

        /** Extra JVM options, e.g. {@code -javaagent:...}. */
        public Builder jvmArg(String arg) {
            jvmArgs.add(arg);
            return this;
        }

        /** Where the properties file lives (default: a new temp directory, deleted by {@link #close()}). */
        public Builder dir(Path dir) {
            this.dir = dir;
            return this;
        }

        /** Where the worker's output goes (default: {@code worker.log} in {@link #dir(Path)}). */
        public Builder logFile(Path logFile) {
            this.logFile = logFile;
            return this;
        }

        /** Creates the worker without starting it. */
        public ConnectWorkerProcess build() {
            return new ConnectWorkerProcess(this);
        }

        public ConnectWorkerProcess start() {
            ConnectWorkerProcess worker = build();
            try {
                worker.start();
            } catch (RuntimeException e) {
                worker.close();
                throw e;
            }
            return worker;
        }
    }

    /** {@code http://127.0.0.1:<port>}, without a trailing slash. */
    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public long pid() {
        return jvm.pid();
    }

    public Path logFile() {
        return jvm.spec().logFile();
    }

    public void start() {
        jvm.start(START_TIMEOUT);
    }

    /** SIGTERM and wait: tasks stop, offsets are committed, the worker leaves its group. */
    public void stop() {
        jvm.stop(Duration.ofSeconds(60));
    }

    /** SIGKILL: a crash; no task is stopped, no offset committed. {@link #start()} brings the same worker back. */
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

    private Map<String, String> properties(Builder b) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("bootstrap.servers", b.bootstrapServers);
        p.put("listeners", "http://127.0.0.1:" + port);
        p.put("rest.advertised.host.name", "127.0.0.1");
        p.put("rest.advertised.port", String.valueOf(port));
        p.put("group.id", b.groupId);
        p.put("config.storage.topic", b.groupId + "-configs");
        p.put("offset.storage.topic", b.groupId + "-offsets");
        p.put("status.storage.topic", b.groupId + "-status");
        // -1: the broker's default replication factor, right for one local broker and for a real cluster.
        p.put("config.storage.replication.factor", "-1");
        p.put("offset.storage.replication.factor", "-1");
        p.put("status.storage.replication.factor", "-1");
        p.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        p.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        p.put("offset.flush.interval.ms", "1000");
        p.put("plugin.discovery", b.pluginDiscovery);
        if (b.pluginPath != null) {
            p.put("plugin.path", b.pluginPath.toAbsolutePath().toString());
        }
        p.putAll(b.properties);
        return p;
    }

    private static void write(Path file, Map<String, String> properties) {
        Properties props = new Properties();
        props.putAll(properties);
        try {
            Files.createDirectories(file.getParent());
            try (Writer out = Files.newBufferedWriter(file)) {
                props.store(out, "Kafka Connect distributed worker (iotstream test-fixtures ConnectWorkerProcess)");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private boolean healthy() {
        if (!Ports.accepts(port)) {
            return false;
        }
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url() + "/health"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200;
        } catch (IOException notYet) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public String toString() {
        return "Connect worker " + url() + " (" + dir + ")";
    }
}
