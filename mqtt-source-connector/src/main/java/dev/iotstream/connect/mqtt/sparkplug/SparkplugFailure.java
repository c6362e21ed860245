package dev.iotstream.connect.mqtt.sparkplug;

/**
 * One element of a message that could not become a record (e.g. a metric sent by an alias no BIRTH defined);
 * the rest of the message was decoded.
 *
 * @param element which element, e.g. {@code metric #3 (alias 17)}
 * @param reason  why, for the dead-letter reason header
 */
public record SparkplugFailure(String element, String reason) {
    @Override
    public String toString() {
        return element + ": " + reason;
    }
}
