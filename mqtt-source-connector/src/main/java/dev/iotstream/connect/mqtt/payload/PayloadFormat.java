package dev.iotstream.connect.mqtt.payload;

import java.util.Locale;

public enum PayloadFormat {
    BYTES, STRING, JSON, SENML, SPARKPLUGB;

    public static PayloadFormat parse(String value) {
        return valueOf(value.strip().toUpperCase(Locale.ROOT));
    }
}
