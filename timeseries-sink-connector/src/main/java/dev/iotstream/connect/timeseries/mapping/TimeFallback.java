package dev.iotstream.connect.timeseries.mapping;

import java.util.Locale;

/**
 * What a point's time is when the record lacks the configured one (the time field, or without a time field the
 * Kafka timestamp). Strict by default: a guessed time writes a plausible but wrong point, which nobody notices.
 */
public enum TimeFallback {
    /** A data error (dead letter queue or task failure, per errors.tolerance). */
    FAIL("fail"),
    /** The Kafka record timestamp when the time field is missing; without one, a data error. */
    RECORD_TIMESTAMP("record-timestamp"),
    /** The Kafka record timestamp when the time field is missing; without one, the task's clock. */
    WALL_CLOCK("wall-clock");

    private final String label;

    TimeFallback(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public static String[] labels() {
        TimeFallback[] all = values();
        String[] labels = new String[all.length];
        for (int i = 0; i < all.length; i++) {
            labels[i] = all[i].label;
        }
        return labels;
    }

    public static TimeFallback fromLabel(String label) {
        for (TimeFallback f : values()) {
            if (f.label.equalsIgnoreCase(label.trim())) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown time fallback '" + label + "'");
    }

    @Override
    public String toString() {
        return label.toLowerCase(Locale.ROOT);
    }
}
