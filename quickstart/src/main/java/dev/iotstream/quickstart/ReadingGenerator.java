package dev.iotstream.quickstart;

import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.LongSupplier;

/**
 * Plausible sensor readings: each device's temperature and humidity wander slowly around their own base, battery
 * drains, and a configurable share of readings is a spike above {@link #ALERT_THRESHOLD_CELSIUS}. In-range readings
 * never exceed {@link #MAX_NORMAL_CELSIUS}, so "above the threshold" and "out of range" are the same set: an alert
 * route can be checked exactly. Not thread-safe: one pacing thread owns it.
 */
final class ReadingGenerator {
    /** Readings above this are alerts; the quickstart's routing predicate uses the same number. */
    static final double ALERT_THRESHOLD_CELSIUS = 50.0;
    static final double MIN_NORMAL_CELSIUS = 10.0;
    static final double MAX_NORMAL_CELSIUS = 35.0;

    private final SplittableRandom random;
    private final double outOfRangeFraction;
    private final LongSupplier clock;
    private final Device[] devices;

    ReadingGenerator(int deviceCount, int siteCount, double outOfRangePercent, long seed, LongSupplier clock) {
        if (deviceCount < 1 || siteCount < 1 || siteCount > deviceCount) {
            throw new IllegalArgumentException("need 1 <= sites <= devices, got sites=" + siteCount
                    + " devices=" + deviceCount);
        }
        this.random = new SplittableRandom(seed);
        this.outOfRangeFraction = outOfRangePercent / 100.0;
        this.clock = clock;
        this.devices = new Device[deviceCount];
        int width = Math.max(3, String.valueOf(deviceCount).length());
        for (int i = 0; i < deviceCount; i++) {
            devices[i] = new Device(
                    "site-" + (i % siteCount + 1),
                    String.format(Locale.ROOT, "device-%0" + width + "d", i + 1),
                    18 + random.nextDouble() * 8,
                    35 + random.nextDouble() * 25,
                    3.95 + random.nextDouble() * 0.25,
                    -45 - random.nextInt(40));
        }
    }

    int deviceCount() {
        return devices.length;
    }

    String site(int deviceIndex) {
        return devices[deviceIndex].site;
    }

    String device(int deviceIndex) {
        return devices[deviceIndex].name;
    }

    Reading next(int deviceIndex) {
        Device d = devices[deviceIndex];
        d.temperature = clamp(d.temperature + (random.nextDouble() - 0.5) * 0.4, MIN_NORMAL_CELSIUS, MAX_NORMAL_CELSIUS);
        d.humidity = clamp(d.humidity + (random.nextDouble() - 0.5) * 1.0, 5, 95);
        d.battery = Math.max(3.30, d.battery - random.nextDouble() * 0.0005);
        boolean outOfRange = outOfRangeFraction > 0 && random.nextDouble() < outOfRangeFraction;
        // Spikes start a whole degree above the threshold so rounding to one decimal cannot land on it.
        double temperature = outOfRange ? ALERT_THRESHOLD_CELSIUS + 1 + random.nextDouble() * 20 : d.temperature;
        int rssi = d.rssi + random.nextInt(7) - 3;
        return new Reading(d.site, d.name, clock.getAsLong(), d.sequence++, temperature, d.humidity, d.battery, rssi,
                outOfRange);
    }

    private static double clamp(double v, double min, double max) {
        return Math.max(min, Math.min(max, v));
    }

    private static final class Device {
        final String site;
        final String name;
        final int rssi;
        double temperature;
        double humidity;
        double battery;
        long sequence;

        Device(String site, String name, double temperature, double humidity, double battery, int rssi) {
            this.site = site;
            this.name = name;
            this.temperature = temperature;
            this.humidity = humidity;
            this.battery = battery;
            this.rssi = rssi;
        }
    }
}
