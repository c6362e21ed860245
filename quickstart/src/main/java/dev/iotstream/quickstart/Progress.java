package dev.iotstream.quickstart;

import java.util.Locale;
import java.util.OptionalLong;

/**
 * One sample of how far data has travelled: published by the simulator, records in Kafka (end offsets), points in
 * the store (rows in QuestDB; empty when the store cannot be counted), alerts at each stage, and alerts the MQTT
 * sink published back to the broker (empty when not subscribed).
 */
public record Progress(long nanoTime, SimulatorStats simulator, long kafkaTelemetry, long kafkaAlerts,
                       OptionalLong storeTelemetry, OptionalLong storeAlerts, OptionalLong mqttAlerts) {

    /** Without the MQTT way back (not subscribed). */
    public Progress(long nanoTime, SimulatorStats simulator, long kafkaTelemetry, long kafkaAlerts,
                    OptionalLong storeTelemetry, OptionalLong storeAlerts) {
        this(nanoTime, simulator, kafkaTelemetry, kafkaAlerts, storeTelemetry, storeAlerts, OptionalLong.empty());
    }

    public long kafkaTotal() {
        return kafkaTelemetry + kafkaAlerts;
    }

    /** The progress line: rates are computed against the previous sample (null for the first). */
    String format(Progress previous, long startNanos) {
        double elapsed = (nanoTime - startNanos) / 1e9;
        double dt = previous == null ? elapsed : (nanoTime - previous.nanoTime) / 1e9;
        long prevPublished = previous == null ? 0 : previous.simulator.published();
        long prevStored = previous == null ? 0 : previous.storeTelemetry.orElse(0);
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT,
                "[%5.0fs] published %,d (%,.0f msg/s) | in Kafka %,d (telemetry %,d, alerts %,d)",
                elapsed, simulator.published(), rate(simulator.published() - prevPublished, dt), kafkaTotal(),
                kafkaTelemetry, kafkaAlerts));
        if (storeTelemetry.isPresent()) {
            line.append(String.format(Locale.ROOT, " | in store %,d points (%,.0f pts/s), %,d alerts",
                    storeTelemetry.getAsLong(), rate(storeTelemetry.getAsLong() - prevStored, dt),
                    storeAlerts.orElse(0)));
        } else {
            line.append(" | in store: not countable");
        }
        mqttAlerts.ifPresent(n -> line.append(String.format(Locale.ROOT, " | %,d alerts back over MQTT", n)));
        if (simulator.failed() > 0) {
            line.append(String.format(Locale.ROOT, " | publish failures %,d (%s)", simulator.failed(),
                    simulator.lastError()));
        }
        return line.toString();
    }

    private static double rate(long delta, double seconds) {
        return seconds <= 0 ? 0 : Math.max(0, delta) / seconds;
    }
}
