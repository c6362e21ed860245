package dev.iotstream.connect.mqtt.payload;

/**
 * The payload is not in the configured format, or too large to take; the message says why (goes into the
 * dead-letter headers).
 */
public final class PayloadDecodeException extends Exception {
    private final boolean payloadFitsKafka;

    public PayloadDecodeException(String message) {
        this(message, null, true);
    }

    public PayloadDecodeException(String message, Throwable cause) {
        this(message, cause, true);
    }

    private PayloadDecodeException(String message, Throwable cause, boolean payloadFitsKafka) {
        super(message, cause);
        this.payloadFitsKafka = payloadFitsKafka;
    }

    static PayloadDecodeException tooLarge(int size, int limit) {
        return new PayloadDecodeException("the payload is " + size + " bytes, more than payload.max.bytes (" + limit
                + "); its bytes are not written to Kafka", null, false);
    }

    /** False for a payload over payload.max.bytes: a dead letter carrying it would fail in Kafka as well. */
    public boolean payloadFitsKafka() {
        return payloadFitsKafka;
    }
}
