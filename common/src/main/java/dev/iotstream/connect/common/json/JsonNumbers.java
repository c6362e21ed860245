package dev.iotstream.connect.common.json;

import java.util.Locale;

/** How JSON numbers become Java numbers; shared by the MQTT source's json format and the ParseJson transform. */
public enum JsonNumbers {
    /**
     * Every number a Double, so a field that is 25 in one message and 25.5 in the next keeps one type in the store;
     * integers beyond +/-2^53, which a double cannot hold exactly (epoch nanoseconds), stay Longs.
     */
    DOUBLE,
    /** Integers Long, numbers with a fraction or exponent Double. */
    LONG_OR_DOUBLE;

    public static JsonNumbers parse(String name) {
        return valueOf(name.trim().toUpperCase(Locale.ROOT));
    }

    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
