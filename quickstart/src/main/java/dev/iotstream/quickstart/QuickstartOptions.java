package dev.iotstream.quickstart;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The quickstart's options; every one is optional, and without any it runs everything locally until Ctrl-C. */
record QuickstartOptions(
        Optional<String> broker,
        Optional<String> bootstrapServers,
        Optional<String> influxUrl,
        String influxBucket,
        String influxOrg,
        Optional<String> influxToken,
        int devices,
        double rate,
        double outOfRangePercent,
        Optional<Duration> duration,
        Duration progressInterval,
        List<Path> archives,
        String pluginDiscovery) {

    static final Set<String> VALUE_OPTIONS = Set.of("broker", "bootstrap-servers", "influx-url", "influx-bucket",
            "influx-org", "influx-token", "devices", "rate", "out-of-range-percent", "duration", "progress-interval",
            "archives", "plugin-discovery");
    static final Set<String> FLAGS = Set.of("help");

    static QuickstartOptions parse(String... args) {
        return from(CommandLine.parse(args, VALUE_OPTIONS, FLAGS));
    }

    static QuickstartOptions from(CommandLine cl) {
        Optional<String> broker = cl.string("broker");
        broker.ifPresent(b -> {
            if (!b.matches("(tcp|ssl|ws|wss)://.+")) {
                throw new IllegalArgumentException("--broker must look like tcp://host:1883, got '" + b + "'");
            }
        });
        Optional<String> influxUrl = cl.string("influx-url");
        influxUrl.ifPresent(u -> {
            if (!u.matches("https?://.+")) {
                throw new IllegalArgumentException("--influx-url must look like http://host:8086, got '" + u + "'");
            }
        });
        Optional<String> bootstrap = cl.string("bootstrap-servers");
        bootstrap.ifPresent(b -> {
            if (!b.matches("[^,\\s]+:\\d+(,[^,\\s]+:\\d+)*")) {
                throw new IllegalArgumentException("--bootstrap-servers must look like host:9092[,host2:9092], got '"
                        + b + "'");
            }
        });
        Optional<Duration> duration = cl.has("duration")
                ? Optional.of(Duration.ofMillis(Math.round(cl.doubleValue("duration", 0, 1, 31_536_000) * 1000)))
                : Optional.empty();
        List<Path> archives = cl.string("archives")
                .map(s -> List.of(s.split(",")).stream().map(String::trim).filter(x -> !x.isEmpty())
                        .map(Path::of).toList())
                .orElse(List.of());
        return new QuickstartOptions(broker, bootstrap, influxUrl,
                cl.string("influx-bucket", "iotstream"),
                cl.string("influx-org", "iotstream"),
                cl.string("influx-token"),
                cl.intValue("devices", 10, 1, 100_000),
                cl.doubleValue("rate", 50, 0.1, 1_000_000),
                cl.doubleValue("out-of-range-percent", 2.0, 0, 100),
                duration,
                Duration.ofMillis(Math.round(cl.doubleValue("progress-interval", 2, 0.2, 3600) * 1000)),
                archives,
                cl.choice("plugin-discovery", "service_load", "service_load", "hybrid_warn", "hybrid_fail",
                        "only_scan"));
    }

    static String usage() {
        return """
                Usage: quickstart.sh [options]     (or: java -cp ... dev.iotstream.quickstart.Quickstart [options])
                Runs the whole pipeline on this machine: simulated devices -> MQTT broker -> MQTT source connector
                (+ transforms, alert routing) -> Kafka -> time-series sink connector -> QuestDB, and shows progress.
                Every server binds to 127.0.0.1 only. Ctrl-C stops everything and deletes its temporary files.

                  --devices N                simulated devices (default 10)
                  --rate R                   messages per second, all devices together (default 50)
                  --out-of-range-percent P   readings above %.0f °C, routed to iot.alerts (default 2)
                  --duration S               stop after S seconds and print a summary (default: until Ctrl-C)
                  --progress-interval S      seconds between progress lines (default 2)
                  --broker URI               use your MQTT broker (tcp://host:1883) instead of the embedded HiveMQ CE;
                                             the simulator publishes to it and the source subscribes to sensors/#
                  --bootstrap-servers H:P    use your Kafka instead of the embedded one: only a Connect worker is
                                             started; it creates topics iot.telemetry, iot.alerts and its own
                                             iotstream-quickstart-* internal topics there (not deleted afterwards)
                  --influx-url URL           write to your InfluxDB v2 / QuestDB / VictoriaMetrics instead of the
                                             embedded QuestDB (points in the store are counted only for QuestDB)
                  --influx-bucket B          bucket / database (default iotstream)
                  --influx-org O             organisation (default iotstream)
                  --influx-token T           API token
                  --archives A[,B...]        plugin archives (.zip) or directories of them; default: the ones the
                                             build left in <repo>/*/target/components/
                  --plugin-discovery M       worker plugin.discovery (default service_load; the quickstart checks
                                             itself that every plugin it needs was loaded; hybrid_warn also
                                             scans every jar by reflection: about a minute longer)
                  --help                     this text
                """.formatted(ReadingGenerator.ALERT_THRESHOLD_CELSIUS);
    }
}
