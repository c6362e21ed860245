package dev.iotstream.connect.mqtt.payload;

/** The payload is not in the configured format; the message says why (goes into the dead-letter headers). */
public final class PayloadDecodeException extends Exception {
    public PayloadDecodeException(String message) {
        super(message);
    }

    public PayloadDecodeException(String message, Throwable cause) {
        super(message, cause);
    }
}
