package dev.iotstream.connect.mqtt.sink.payload;

import java.util.Locale;

/** How a record value becomes an MQTT payload. */
public enum PayloadFormat {
    /** bytes or a string (UTF-8) as they are; anything else is refused. */
    VALUE,
    /** the value written as JSON (Struct or Map as an object, no schema envelope). */
    JSON,
    /** one field of the value: bytes/strings as they are, anything else as JSON. */
    FIELD;

    public static PayloadFormat parse(String s) {
        return valueOf(s.strip().toUpperCase(Locale.ROOT));
    }
}
