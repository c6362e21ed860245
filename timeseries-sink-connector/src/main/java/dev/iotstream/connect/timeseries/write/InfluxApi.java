package dev.iotstream.connect.timeseries.write;

import java.util.Locale;

/** Which InfluxDB write API the sink speaks: v2 ({@code /api/v2/write}) or v1 ({@code /write}). */
public enum InfluxApi {
    V2, V1;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static InfluxApi parse(String value) {
        return valueOf(value.trim().toUpperCase(Locale.ROOT));
    }
}
