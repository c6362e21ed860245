package dev.iotstream.quickstart;

import dev.iotstream.connect.testing.ConnectWorkerProcess;
import dev.iotstream.connect.testing.EmbeddedHiveMqBroker;
import dev.iotstream.connect.testing.EmbeddedQuestDb;
import dev.iotstream.connect.testing.KafkaBrokerProcess;
import dev.iotstream.connect.testing.TempDirs;
import org.slf4j.LoggerFactory;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The project's main job in one command: simulated devices -> MQTT broker -> MQTT source connector (+ transforms
 * and alert routing) -> Kafka -> time-series sink connector -> QuestDB, on 127.0.0.1, with live progress. Kafka (a
 * KRaft broker) and the Connect worker run as users run them: their own mains in child JVMs
 * ({@link KafkaBrokerProcess}, {@link ConnectWorkerProcess}); HiveMQ CE and QuestDB run in this JVM. The worker
 * loads the plugins only from the built archives ({@code plugin.path}), so a run also proves the packaging. This
 * class starts the parts in order and owns their lifecycle: everything started is stopped in reverse order by
 * {@link #close()} (Ctrl-C included). The command line around it is {@link QuickstartCommand}, the live output
 * {@link ProgressReporter}.
 */
public final class Quickstart implements AutoCloseable {
    private final QuickstartOptions options;
    private final PrintStream out;
    private final StopStack stops;
    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private Endpoints endpoints;
    private DeviceSimulator simulator;
    private ProgressProbe probe;
    private ProgressReporter reporter;
    private volatile boolean closed;

    private Quickstart(QuickstartOptions options, PrintStream out) {
        this.options = options;
        this.out = out;
        this.stops = new StopStack(out);
    }

    /** Starts every server, installs the pipeline and starts the devices; on any failure stops what started. */
    public static Quickstart start(QuickstartOptions options, PrintStream out) throws Exception {
        Quickstart q = new Quickstart(options, out);
        // Both streams: QuestDB announces its log configuration on System.err. Start-up errors still reach the user
        // through the exception QuickstartCommand prints, and the log file.
        try (QuietServers quiet = QuietServers.divertSystemOutAndErr(QuickstartPaths.consoleLog())) {
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
        return endpoints.connectUrl();
    }

    public String storeUrl() {
        return endpoints.storeUrl();
    }

    public String bootstrapServers() {
        return endpoints.bootstrapServers();
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

    /**
     * Prints progress until the simulator's duration is over and the store has caught up (or stopped changing), or
     * until {@link #requestStop()}; prints the summary and returns the last sample.
     */
    public Progress run() throws InterruptedException {
        return reporter.run(stopRequested);
    }

    private void startAll() throws Exception {
        long t0 = System.nanoTime();
        // Initialise logging on this thread: servers starting concurrently would otherwise race SLF4J's
        // initialisation and make it print replay warnings to the terminal.
        LoggerFactory.getILoggerFactory();
        // The child JVMs append to their logs (a restart keeps the earlier output); each run starts them afresh.
        Files.deleteIfExists(QuickstartPaths.kafkaLog());
        Files.deleteIfExists(QuickstartPaths.connectLog());
        List<Path> zips = PluginArchives.locate(options.archives(), QuickstartPaths.repoRoot());
        Path pluginPath = TempDirs.create("iotstream-plugins");
        stops.push("plugin directory " + pluginPath, () -> TempDirs.deleteRecursively(pluginPath));
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
                QuietServers.routeQuestDbLogTo(QuickstartPaths.questDbLog());
                questDbStart = CompletableFuture.supplyAsync(EmbeddedQuestDb::start, background);
                CompletableFuture<EmbeddedQuestDb> f = questDbStart;
                stops.push("QuestDB", () -> BackgroundStarts.closeWhenStarted(f));
            }
            if (options.broker().isEmpty()) {
                brokerStart = CompletableFuture.supplyAsync(EmbeddedHiveMqBroker::start, background);
                CompletableFuture<EmbeddedHiveMqBroker> f = brokerStart;
                stops.push("HiveMQ CE broker", () -> BackgroundStarts.closeWhenStarted(f));
            }
        } finally {
            background.shutdown();
        }

        String bootstrapServers;
        String againstKafka;
        if (options.bootstrapServers().isPresent()) {
            bootstrapServers = options.bootstrapServers().get();
            againstKafka = ", against your Kafka at " + bootstrapServers;
        } else {
            Path kafkaDir = TempDirs.create("iotstream-kafka");
            stops.push("Kafka directory " + kafkaDir, () -> TempDirs.deleteRecursively(kafkaDir));
            KafkaBrokerProcess kafka = KafkaBrokerProcess.create(kafkaDir, QuickstartPaths.kafkaLog());
            stops.push("Kafka broker", kafka::stop);
            kafka.start();
            bootstrapServers = kafka.bootstrapServers();
            step("Kafka broker started at " + bootstrapServers + " (KRaft, controller on 127.0.0.1:"
                    + kafka.controllerPort() + ", pid " + kafka.pid() + ")");
            againstKafka = "";
        }
        Path workerDir = TempDirs.create("iotstream-connect");
        stops.push("Connect worker directory " + workerDir, () -> TempDirs.deleteRecursively(workerDir));
        ConnectWorkerProcess worker = WorkerConfig.worker(bootstrapServers, pluginPath, options.pluginDiscovery())
                .dir(workerDir).logFile(QuickstartPaths.connectLog()).build();
        stops.push("Connect worker", worker::stop);
        worker.start();
        String workerUrl = worker.url();
        step("Connect worker started at " + workerUrl + " (pid " + worker.pid() + ")" + againstKafka);

        String storeUrl;
        boolean storeIsQuestDb;
        if (questDbStart == null) {
            storeUrl = options.influxUrl().orElseThrow();
            storeIsQuestDb = ProgressProbe.answersQuestDbSql(storeUrl);
            step("Store: " + storeUrl + (storeIsQuestDb ? " (QuestDB: points will be counted)"
                    : " (not QuestDB, or not reachable now: points in the store cannot be counted here)"));
        } else {
            storeUrl = BackgroundStarts.awaitStarted(questDbStart, "QuestDB").url();
            storeIsQuestDb = true;
            step("QuestDB started at " + storeUrl);
        }
        String brokerUri;
        if (brokerStart == null) {
            brokerUri = options.broker().orElseThrow();
            step("MQTT broker: " + brokerUri + " (yours)");
        } else {
            brokerUri = BackgroundStarts.awaitStarted(brokerStart, "HiveMQ CE").uri();
            step("HiveMQ CE broker started at " + brokerUri);
        }
        ConnectRest rest = new ConnectRest(workerUrl);
        endpoints = new Endpoints(rest.baseUrl(), storeUrl, storeIsQuestDb, brokerUri, bootstrapServers);

        // subscribed before the pipeline exists, so every alert the MQTT sink publishes back is counted once
        AlertSubscriber alerts = AlertSubscriber.subscribe(brokerUri, Pipeline.ALERTS_MQTT_FILTER);
        stops.push("alert subscriber", alerts::close);
        PipelineInstaller installer = new PipelineInstaller(rest, out);
        installer.installPipeline(bootstrapServers, brokerUri, new Pipeline.StoreTarget(storeUrl,
                options.influxBucket(), options.influxOrg(), options.influxToken()));

        DeviceSimulator sim = DeviceSimulator.fromArgs(simulatorArgs(brokerUri));
        stops.push("device simulator", sim::close);
        probe = new ProgressProbe(sim::stats, bootstrapServers, storeIsQuestDb ? storeUrl : null, alerts);
        stops.push("progress probe", probe::close);
        sim.start();
        simulator = sim;
        reporter = new ProgressReporter(out, options.progressInterval(), probe, installer, sim);
        step(String.format(Locale.ROOT, "Devices publishing: %s (ready in %.1f s)", sim.describe(),
                (System.nanoTime() - t0) / 1e9));
        endpoints.printWhereToLook(out, options);
    }

    /** The simulator is configured through its own command line, so the quickstart runs exactly what a user can. */
    private String[] simulatorArgs(String brokerUri) {
        List<String> args = new ArrayList<>(List.of("--broker", brokerUri,
                "--devices", String.valueOf(options.devices()), "--rate", String.valueOf(options.rate()),
                "--out-of-range-percent", String.valueOf(options.outOfRangePercent())));
        options.duration().ifPresent(d -> args.addAll(List.of("--duration", String.valueOf(d.toMillis() / 1000.0))));
        return args.toArray(String[]::new);
    }

    private void step(String message) {
        out.println("* " + message);
    }

    /** Stops everything that was started, newest first; each stage is stopped even if an earlier one failed. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        stopRequested.countDown();
        stops.stopAll();
    }

    /** The entry point quickstart.sh and the module's pom name; the command itself is {@link QuickstartCommand}. */
    public static void main(String[] args) throws Exception {
        QuickstartCommand.run(args);
    }
}
