package dev.iotstream.quickstart;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** How a {@link Reading} becomes MQTT payload bytes (UTF-8, numbers always with a dot, never the platform locale). */
enum PayloadFormat {
    /** {@code {"ts": 1732486000123, "seq": 42, "temperature": 21.7, "humidity": 48.2, "battery": 3.71, "rssi": -67}}. */
    JSON {
        @Override
        String encodeToString(Reading r) {
            return String.format(Locale.ROOT,
                    "{\"ts\": %d, \"seq\": %d, \"temperature\": %.1f, \"humidity\": %.1f, \"battery\": %.2f, \"rssi\": %d}",
                    r.epochMillis(), r.sequence(), r.temperature(), r.humidity(), r.battery(), r.rssi());
        }
    },
    /**
     * RFC 8428 SenML JSON pack: base name identifies the device, base time is in seconds (SenML's unit), one
     * record per measurement with its SenML unit.
     */
    SENML {
        @Override
        String encodeToString(Reading r) {
            return String.format(Locale.ROOT,
                    "[{\"bn\":\"urn:dev:iotstream:%s:%s:\",\"bt\":%d.%03d,\"n\":\"temperature\",\"u\":\"Cel\",\"v\":%.1f},"
                            + "{\"n\":\"humidity\",\"u\":\"%%RH\",\"v\":%.1f},"
                            + "{\"n\":\"battery\",\"u\":\"V\",\"v\":%.2f}]",
                    r.site(), r.device(), r.epochMillis() / 1000, r.epochMillis() % 1000,
                    r.temperature(), r.humidity(), r.battery());
        }
    },
    /**
     * Sparkplug B (binary protobuf, stateful per device: NBIRTH then NDATA by alias): encoded by
     * {@link SparkplugEdgeNodes}, which also picks the topic.
     */
    SPARKPLUGB {
        @Override
        String encodeToString(Reading r) {
            throw new UnsupportedOperationException("sparkplugb payloads are binary and stateful: SparkplugEdgeNodes");
        }
    };

    abstract String encodeToString(Reading reading);

    byte[] encode(Reading reading) {
        return encodeToString(reading).getBytes(StandardCharsets.UTF_8);
    }
}
