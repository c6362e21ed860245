package dev.iotstream.connect.timeseries.mapping;

import java.util.Locale;

/** Units of epoch numbers; AUTO detects the unit from the magnitude. */
public enum TimeUnitMode {
    AUTO(0), S(1_000_000_000L), MS(1_000_000L), US(1_000L), NS(1L);

    private final long nanos;

    TimeUnitMode(long nanos) {
        this.nanos = nanos;
    }

    /** Nanoseconds per unit; 0 for AUTO. */
    public long nanos() {
        return nanos;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static String[] names() {
        return new String[]{"auto", "s", "ms", "us", "ns"};
    }

    public static TimeUnitMode parse(String text) {
        return valueOf(text.trim().toUpperCase(Locale.ROOT));
    }

    /**
     * Unit of an epoch number by magnitude. Thresholds sit between the ranges of plausible dates in each unit:
     * seconds below 1e11 (year 5138), milliseconds below 1e14, microseconds below 1e17, else nanoseconds.
     */
    public static TimeUnitMode detect(double value) {
        double abs = Math.abs(value);
        if (abs < 1e11) {
            return S;
        }
        if (abs < 1e14) {
            return MS;
        }
        if (abs < 1e17) {
            return US;
        }
        return NS;
    }
}
