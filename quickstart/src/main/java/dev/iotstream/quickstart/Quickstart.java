package dev.iotstream.quickstart;

import dev.iotstream.connect.testing.ConnectClusters;
import dev.iotstream.connect.testing.EmbeddedHiveMqBroker;
import dev.iotstream.connect.testing.EmbeddedQuestDb;
import dev.iotstream.connect.testing.TempDirs;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.apache.kafka.connect.util.clusters.WorkerHandle;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The project's main job in one command: simulated devices -> MQTT broker -> MQTT source connector (+ transforms
 * and alert routing) -> Kafka -> time-series sink connector -> QuestDB, all in this JVM on 127.0.0.1, with live
 * progress. The Connect worker loads the plugins only from the built archives ({@code plugin.path}), so a run also
 * proves the packaging. Everything started is stopped in reverse order by {@link #close()} (Ctrl-C included).
 */
public final class Quickstart implements AutoCloseable {
    /** After the simulator stops, how long the store may stay unchanged before the run is declared drained. */
    private static final Duration DRAIN_QUIET_PERIOD = Duration.ofSeconds(15);

    private final QuickstartOptions options;
    private final PrintStream out;
    private final Deque<Stage> started = new ArrayDeque<>();
    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private String brokerUri;
    private String bootstrapServers;
    private String storeUrl;
    private boolean storeIsQuestDb;
    private ConnectRest rest;
    private PipelineInstaller installer;
    private DeviceSimulator simulator;
    private ProgressProbe probe;
    private volatile boolean closed;

    private Quickstart(QuickstartOptions options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    /** Starts every server, installs the pipeline and starts the devices; on any failure stops what started. */
    public static Quickstart start(QuickstartOptions options, PrintStream out) throws Exception {
        Quickstart q = new Quickstart(options, out);
        try (QuietServers quiet = QuietServers.divertSystemOut(logDir().resolve("iotstream-quickstart-console.log"))) {
            try {
                q.startAll();
                return q;
            } catch (Exception | Error e) {
                q.close();
                throw e;
            }
        }
    }

    public String connectUrl() {
        return rest.baseUrl();
    }

    public String storeUrl() {
        return storeUrl;
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public Progress progress() {
        return probe.sample();
    }

    public SimulatorStats simulatorStats() {
        return simulator.stats();
    }

    /** Makes {@link #run()} return at its next progress tick. */
    public void requestStop() {
        stopRequested.countDown();
    }

    private void startAll() throws Exception {
        long t0 = System.nanoTime();
        // Initialise logging on this thread: servers starting concurrently would otherwise race SLF4J's
        // initialisation and make it print replay warnings to the terminal.
        LoggerFactory.getILoggerFactory();
        Path repoRoot = repoRoot();
        List<Path> zips = PluginArchives.locate(options.archives(), repoRoot);
        Path pluginPath = TempDirs.create("iotstream-plugins");
        onClose("plugin directory " + pluginPath, () -> TempDirs.deleteRecursively(pluginPath));
        PluginArchives.unpack(zips, pluginPath);
        step("Plugin archives unpacked into " + pluginPath + ": "
                + String.join(", ", zips.stream().map(z -> z.getFileName().toString()).toList()));

        // QuestDB and HiveMQ start in the background while Kafka and Connect start here: they are independent, and
        // start-up is most of the wait. Their stages are registered first so close() still stops them after Connect.
        ExecutorService background = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "quickstart-start");
            t.setDaemon(true);
            return t;
        });
        CompletableFuture<EmbeddedQuestDb> questDbStart = null;
        CompletableFuture<EmbeddedHiveMqBroker> brokerStart = null;
        try {
            if (options.influxUrl().isEmpty()) {
                QuietServers.routeQuestDbLogTo(logDir().resolve("iotstream-quickstart-questdb.log"));
                questDbStart = CompletableFuture.supplyAsync(EmbeddedQuestDb::start, background);
                CompletableFuture<EmbeddedQuestDb> f = questDbStart;
                onClose("QuestDB", () -> closeWhenStarted(f));
            }
            if (options.broker().isEmpty()) {
                brokerStart = CompletableFuture.supplyAsync(EmbeddedHiveMqBroker::start, background);
                CompletableFuture<EmbeddedHiveMqBroker> f = brokerStart;
                onClose("HiveMQ CE broker", () -> closeWhenStarted(f));
            }
        } finally {
            background.shutdown();
        }

        Map<String, String> workerProps = new LinkedHashMap<>();
        workerProps.put("plugin.path", pluginPath.toString());
        workerProps.put("plugin.discovery", options.pluginDiscovery());
        // The REST listener binds to 127.0.0.1; advertise that too, not the host name.
        workerProps.put("rest.advertised.host.name", "127.0.0.1");
        String workerUrl;
        if (options.bootstrapServers().isPresent()) {
            bootstrapServers = options.bootstrapServers().get();
            WorkerHandle worker = WorkerHandle.start("iotstream-quickstart", externalKafkaWorkerProps(workerProps));
            onClose("Connect worker", worker::stop);
            workerUrl = onLoopback(worker.url());
            step("Connect worker started against your Kafka at " + bootstrapServers);
        } else {
            EmbeddedConnectCluster connect = ConnectClusters.start("iotstream-quickstart", 1, workerProps);
            onClose("Kafka and Connect", connect::stop);
            bootstrapServers = connect.kafka().bootstrapServers();
            workerUrl = onLoopback(connect.workers().iterator().next().url());
            step("Kafka (" + bootstrapServers + ") and one Connect worker started");
        }

        if (questDbStart == null) {
            storeUrl = options.influxUrl().orElseThrow();
            storeIsQuestDb = ProgressProbe.answersQuestDbSql(storeUrl);
            step("Store: " + storeUrl + (storeIsQuestDb ? " (QuestDB: points will be counted)"
                    : " (not QuestDB, or not reachable now: points in the store cannot be counted here)"));
        } else {
            storeUrl = started(questDbStart, "QuestDB").url();
            storeIsQuestDb = true;
            step("QuestDB started at " + storeUrl);
        }
        if (brokerStart == null) {
            brokerUri = options.broker().orElseThrow();
            step("MQTT broker: " + brokerUri + " (yours)");
        } else {
            brokerUri = started(brokerStart, "HiveMQ CE").uri();
            step("HiveMQ CE broker started at " + brokerUri);
        }

        rest = new ConnectRest(workerUrl);
        Topics.create(bootstrapServers, List.of(Pipeline.TELEMETRY_TOPIC, Pipeline.ALERTS_TOPIC));

        installer = new PipelineInstaller(rest, out);
        boolean alertRouting = installer.checkPluginsLoaded();
        Pipeline.StoreTarget store = new Pipeline.StoreTarget(storeUrl, options.influxBucket(), options.influxOrg(),
                options.influxToken());
        installer.install(Pipeline.TELEMETRY_SINK, Pipeline.telemetrySink(store));
        installer.install(Pipeline.ALERTS_SINK, Pipeline.alertsSink(store));
        installer.install(Pipeline.SOURCE, Pipeline.source(brokerUri, alertRouting));
        for (String name : List.of(Pipeline.TELEMETRY_SINK, Pipeline.ALERTS_SINK, Pipeline.SOURCE)) {
            installer.awaitRunning(name);
        }
        step("Pipeline installed through " + rest.baseUrl() + "/connectors: " + Pipeline.SOURCE + " -> "
                + Pipeline.TELEMETRY_TOPIC + " / " + Pipeline.ALERTS_TOPIC + " -> " + Pipeline.TELEMETRY_SINK + ", "
                + Pipeline.ALERTS_SINK);

        List<String> simArgs = new ArrayList<>(List.of("--broker", brokerUri,
                "--devices", String.valueOf(options.devices()), "--rate", String.valueOf(options.rate()),
                "--out-of-range-percent", String.valueOf(options.outOfRangePercent())));
        options.duration().ifPresent(d -> simArgs.addAll(List.of("--duration", String.valueOf(d.toMillis() / 1000.0))));
        DeviceSimulator sim = DeviceSimulator.fromArgs(simArgs.toArray(String[]::new));
        onClose("device simulator", sim::close);
        probe = new ProgressProbe(sim::stats, bootstrapServers, storeIsQuestDb ? storeUrl : null);
        onClose("progress probe", probe::close);
        sim.start();
        simulator = sim;
        step(String.format(Locale.ROOT, "Devices publishing: %s (ready in %.1f s)", sim.describe(),
                (System.nanoTime() - t0) / 1e9));
        printWhereToLook();
    }

    /**
     * Prints progress until the simulator's duration is over and the store has caught up (or stopped changing), or
     * until {@link #requestStop()}; returns the last sample.
     */
    public Progress run() throws InterruptedException {
        long start = System.nanoTime();
        Progress previous = null;
        Progress last = probe.sample();
        long lastChange = System.nanoTime();
        while (!stopRequested.await(options.progressInterval().toMillis(), TimeUnit.MILLISECONDS)) {
            last = probe.sample();
            out.println(last.format(previous, start));
            installer.reportFailedConnectors();
            if (previous == null || changed(previous, last)) {
                lastChange = System.nanoTime();
            }
            previous = last;
            if (simulator.isFinished()) {
                // A store that cannot be counted (not QuestDB) leaves Kafka as the last stage we can see.
                boolean caughtUp = last.kafkaTotal() >= last.simulator().published()
                        && (last.storeTelemetry().isEmpty()
                        || last.storeTelemetry().getAsLong() >= last.simulator().published()
                        && last.storeAlerts().orElse(-1) >= last.simulator().outOfRangePublished());
                boolean quiet = System.nanoTime() - lastChange > DRAIN_QUIET_PERIOD.toNanos();
                if (caughtUp || quiet) {
                    break;
                }
            }
        }
        printSummary(last);
        return last;
    }

    private static boolean changed(Progress a, Progress b) {
        return a.simulator().published() != b.simulator().published() || a.kafkaTotal() != b.kafkaTotal()
                || a.storeTelemetry().orElse(0) != b.storeTelemetry().orElse(0)
                || a.storeAlerts().orElse(0) != b.storeAlerts().orElse(0);
    }

    private void printSummary(Progress p) {
        SimulatorStats s = p.simulator();
        out.println();
        out.println(String.format(Locale.ROOT, "Summary: %,d published (%,d out of range, %,d failed) -> %,d in Kafka "
                        + "(%,d in %s, %,d routed to %s) -> %s", s.published(), s.outOfRangePublished(), s.failed(),
                p.kafkaTotal(), p.kafkaTelemetry(), Pipeline.TELEMETRY_TOPIC, p.kafkaAlerts(), Pipeline.ALERTS_TOPIC,
                p.storeTelemetry().isPresent()
                        ? String.format(Locale.ROOT, "%,d points in table %s, %,d in table %s", p.storeTelemetry().getAsLong(),
                        Pipeline.TELEMETRY_TABLE, p.storeAlerts().orElse(0), Pipeline.ALERTS_TABLE)
                        : "store not countable"));
    }

    private void printWhereToLook() {
        out.println();
        out.println("Where to look (everything listens on 127.0.0.1 only):");
        out.println("  Connect REST   " + rest.baseUrl() + "/connectors?expand=status");
        if (storeIsQuestDb) {
            out.println("  QuestDB        " + storeUrl + "  (web console: SQL editor and charts), e.g.");
            out.println("                   select timestamp, device, temperature from " + Pipeline.TELEMETRY_TABLE
                    + " where site = 'site-1'");
            out.println("                   select * from " + Pipeline.ALERTS_TABLE + " order by timestamp desc");
        } else {
            out.println("  Store          " + storeUrl + " (bucket " + options.influxBucket() + ", measurements "
                    + Pipeline.TELEMETRY_TABLE + ", " + Pipeline.ALERTS_TABLE + ")");
        }
        out.println("  MQTT broker    " + brokerUri + "  (topics sensors/{site}/{device}/telemetry)");
        out.println("  Kafka          " + bootstrapServers + "  (topics " + Pipeline.TELEMETRY_TOPIC + ", "
                + Pipeline.ALERTS_TOPIC + ")");
        out.println("  Server logs    " + logFile() + ", " + logDir().resolve("iotstream-quickstart-questdb.log"));
        out.println(options.duration().isPresent()
                ? "Running for " + options.duration().get().toSeconds() + " s, then draining; Ctrl-C stops earlier."
                : "Running until Ctrl-C.");
        out.println();
    }

    private Map<String, String> externalKafkaWorkerProps(Map<String, String> base) {
        Map<String, String> p = new LinkedHashMap<>(base);
        p.put("bootstrap.servers", bootstrapServers);
        p.put("listeners", "http://127.0.0.1:0");
        p.put("group.id", "iotstream-quickstart");
        p.put("config.storage.topic", "iotstream-quickstart-configs");
        p.put("offset.storage.topic", "iotstream-quickstart-offsets");
        p.put("status.storage.topic", "iotstream-quickstart-status");
        // -1: the broker's default replication factor, so this works on one broker and on a real cluster.
        p.put("config.storage.replication.factor", "-1");
        p.put("offset.storage.replication.factor", "-1");
        p.put("status.storage.replication.factor", "-1");
        p.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        p.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        p.put("offset.flush.interval.ms", "1000");
        return p;
    }

    private static <T> T started(CompletableFuture<T> start, String what) throws Exception {
        try {
            return start.get(3, TimeUnit.MINUTES);
        } catch (ExecutionException e) {
            throw new IllegalStateException(what + " did not start: " + e.getCause(), e.getCause());
        }
    }

    /** Waits for a background start to finish either way, then stops the server if it did start. */
    private static void closeWhenStarted(CompletableFuture<? extends AutoCloseable> start) throws Exception {
        AutoCloseable server;
        try {
            server = start.get(3, TimeUnit.MINUTES);
        } catch (ExecutionException failedToStart) {
            return;
        }
        server.close();
    }

    /** The worker's REST listener binds to 127.0.0.1 but reports "localhost", which may resolve to ::1 first. */
    static String onLoopback(java.net.URI url) {
        return "localhost".equals(url.getHost()) ? url.toString().replaceFirst("//localhost", "//127.0.0.1") : url.toString();
    }

    private void step(String message) {
        out.println("* " + message);
    }

    private void onClose(String name, AutoCloseable action) {
        started.push(new Stage(name, action));
    }

    private record Stage(String name, AutoCloseable action) {
    }

    /** Stops everything that was started, newest first; each stage is stopped even if an earlier one failed. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        stopRequested.countDown();
        // Stopping servers in one JVM logs expected noise (Kafka's own shutdown hook deletes its log directory while
        // the broker flushes): send it to the log files, not the terminal.
        try (QuietServers quiet = QuietServers.divertSystemOutAndErr(logDir().resolve("iotstream-quickstart-console.log"))) {
            while (!started.isEmpty()) {
                Stage stage = started.pop();
                try {
                    stage.action().close();
                } catch (Exception | Error e) {
                    out.println("! stopping " + stage.name() + " failed: " + e);
                }
            }
        }
    }

    static Path logFile() {
        return Path.of(System.getProperty("iotstream.quickstart.log",
                Path.of(System.getProperty("java.io.tmpdir"), "iotstream-quickstart.log").toString()));
    }

    private static Path logDir() {
        Path parent = logFile().toAbsolutePath().getParent();
        return parent == null ? Path.of(System.getProperty("java.io.tmpdir")) : parent;
    }

    private static Path repoRoot() {
        String configured = System.getProperty("iotstream.repo.root");
        return configured != null ? Path.of(configured).toAbsolutePath().normalize()
                : PluginArchives.findRepoRoot(Path.of(""));
    }

    public static void main(String[] args) throws Exception {
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "iotstream-quickstart-logback.xml");
        }
        QuickstartOptions options;
        try {
            CommandLine cl = CommandLine.parse(args, QuickstartOptions.VALUE_OPTIONS, QuickstartOptions.FLAGS);
            if (cl.flag("help")) {
                System.out.print(QuickstartOptions.usage());
                return;
            }
            options = QuickstartOptions.from(cl);
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.err.println();
            System.err.print(QuickstartOptions.usage());
            System.exit(2);
            return;
        }
        System.out.println("iotstream quickstart: starting (first start takes ~20-40 s) ...");
        Quickstart quickstart;
        try {
            quickstart = start(options, System.out);
        } catch (Exception | Error e) {
            System.err.println();
            System.err.println("error: quickstart could not start: " + e);
            System.exit(1);
            return;
        }
        // Ctrl-C and SIGTERM are handled here rather than in a shutdown hook: Connect, Kafka's test kit and HiveMQ
        // register hooks of their own, and hooks run concurrently, so on a JVM shutdown the broker and Kafka would
        // vanish under the running connectors. Here they stop newest first, then the JVM exits.
        AtomicBoolean signalled = new AtomicBoolean();
        for (String name : List.of("INT", "TERM")) {
            try {
                Signal.handle(new Signal(name), signal -> {
                    if (signalled.compareAndSet(false, true)) {
                        System.out.println();
                        System.out.println("Stopping (simulator, connectors, Kafka, broker, store) ... "
                                + "Ctrl-C again to force.");
                        quickstart.requestStop();
                    } else {
                        System.out.println("Forced exit; temporary files may remain.");
                        Runtime.getRuntime().halt(130);
                    }
                });
            } catch (IllegalArgumentException unsupported) {
                // No such signal here: the shutdown hook below still stops everything, just less orderly.
            }
        }
        Runtime.getRuntime().addShutdownHook(new Thread(quickstart::close, "quickstart-shutdown"));
        Progress last = quickstart.run();
        if (!signalled.get()) {
            System.out.println("Stopping ...");
        }
        long stopStart = System.nanoTime();
        quickstart.close();
        System.out.println(String.format(Locale.ROOT, "Stopped in %.1f s; temporary files deleted.",
                (System.nanoTime() - stopStart) / 1e9));
        if (signalled.get()) {
            System.exit(130);
        }
        boolean complete = last.storeTelemetry().orElse(-1) >= last.simulator().published()
                && last.storeAlerts().orElse(-1) >= last.simulator().outOfRangePublished();
        if (!complete && last.storeTelemetry().isPresent()) {
            System.out.println("Not everything published reached the store (see the summary and the logs): exit 4.");
            System.exit(4);
        }
        System.exit(0);
    }
}
