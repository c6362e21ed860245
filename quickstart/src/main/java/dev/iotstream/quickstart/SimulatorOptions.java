package dev.iotstream.quickstart;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * Everything the device simulator needs, validated. {@code duration} and {@code count} are both optional: without
 * either the simulator runs until it is stopped.
 */
record SimulatorOptions(
        String broker,
        int devices,
        int sites,
        int connections,
        double rate,
        Optional<Duration> duration,
        Optional<Long> count,
        int qos,
        PayloadFormat format,
        TopicPattern topicPattern,
        double outOfRangePercent,
        Optional<String> username,
        Optional<String> password,
        MqttVersion mqttVersion,
        long seed) {

    static final String DEFAULT_BROKER = "tcp://127.0.0.1:1883";
    static final String DEFAULT_TOPIC_PATTERN = "sensors/{site}/{device}/telemetry";

    static final Set<String> VALUE_OPTIONS = Set.of("broker", "devices", "sites", "connections", "rate", "duration",
            "count", "qos", "format", "topic-pattern", "out-of-range-percent", "username", "password",
            "mqtt-version", "seed");
    static final Set<String> FLAGS = Set.of("help");

    enum MqttVersion {
        V3_1_1("3.1.1"), V5("5");

        final String label;

        MqttVersion(String label) {
            this.label = label;
        }

        static MqttVersion of(String label) {
            return label.equals("5") ? V5 : V3_1_1;
        }
    }

    SimulatorOptions {
        if (duration.isPresent() && count.isPresent()) {
            throw new IllegalArgumentException("give either --duration or --count, not both");
        }
        if (password.isPresent() && username.isEmpty()) {
            throw new IllegalArgumentException("--password needs --username");
        }
        if (!broker.matches("(tcp|ssl|ws|wss)://.+")) {
            throw new IllegalArgumentException("--broker must look like tcp://host:1883 (or ssl://, ws://, wss://), got '"
                    + broker + "'");
        }
    }

    static SimulatorOptions parse(String[] args) {
        return from(CommandLine.parse(args, VALUE_OPTIONS, FLAGS));
    }

    static SimulatorOptions from(CommandLine cl) {
        int devices = cl.intValue("devices", 10, 1, 1_000_000);
        Optional<Duration> duration = cl.has("duration")
                ? Optional.of(Duration.ofMillis(Math.round(cl.doubleValue("duration", 0, 0.001, 31_536_000) * 1000)))
                : Optional.empty();
        Optional<Long> count = cl.has("count")
                ? Optional.of(cl.longValue("count", 0, 1, Long.MAX_VALUE))
                : Optional.empty();
        return new SimulatorOptions(
                cl.string("broker", DEFAULT_BROKER),
                devices,
                cl.intValue("sites", Math.min(3, devices), 1, devices),
                cl.intValue("connections", Math.min(devices, 4), 1, devices),
                cl.doubleValue("rate", 50, 0.001, 10_000_000),
                duration,
                count,
                Integer.parseInt(cl.choice("qos", "1", "0", "1", "2")),
                PayloadFormat.valueOf(cl.choice("format", "json", "json", "senml", "sparkplugb").toUpperCase(java.util.Locale.ROOT)),
                TopicPattern.parse(cl.string("topic-pattern", DEFAULT_TOPIC_PATTERN)),
                cl.doubleValue("out-of-range-percent", 2.0, 0, 100),
                cl.string("username"),
                cl.string("password"),
                MqttVersion.of(cl.choice("mqtt-version", "3.1.1", "3.1.1", "5")),
                cl.longValue("seed", System.nanoTime(), Long.MIN_VALUE, Long.MAX_VALUE));
    }

    static String usage() {
        return """
                Usage: DeviceSimulator [options]
                Publishes simulated sensor telemetry to an MQTT broker at a steady rate (for demos and load tests).

                  --broker URI                 broker to publish to (default %s)
                  --devices N                  simulated devices (default 10)
                  --sites N                    sites the devices are spread over (default min(3, devices))
                  --connections N              MQTT connections the devices share round-robin (default
                                               min(devices, 4); set it to --devices for one per device)
                  --rate R                     messages per second, all devices together (default 50)
                  --duration S                 stop after S seconds
                  --count N                    stop after N messages (default: run until Ctrl-C)
                  --qos 0|1|2                  publish QoS (default 1)
                  --format json|senml|sparkplugb  payload format (default json); sparkplugb: each device is a
                                               Sparkplug B edge node (group = site) publishing NBIRTH, then NDATA
                                               by alias on spBv1.0/{site}/N.../{device} (--topic-pattern ignored),
                                               and a new NBIRTH when asked by NCMD Node Control/Rebirth
                  --topic-pattern P            topic; {site} and {device} are replaced (default %s)
                  --out-of-range-percent P     share of readings with a temperature above %.0f °C, so alert
                                               routes have something to route (default 2)
                  --username U --password P    broker credentials
                  --mqtt-version 3.1.1|5       protocol version (default 3.1.1)
                  --seed N                     random seed, for repeatable payloads
                  --help                       this text
                """.formatted(DEFAULT_BROKER, DEFAULT_TOPIC_PATTERN, ReadingGenerator.ALERT_THRESHOLD_CELSIUS);
    }
}
