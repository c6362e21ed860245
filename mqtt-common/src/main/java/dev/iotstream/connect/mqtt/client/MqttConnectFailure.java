package dev.iotstream.connect.mqtt.client;

/** A failed connection attempt; {@code fatal} when retrying cannot help (rejected credentials, not authorized). */
public final class MqttConnectFailure extends Exception {
    private final boolean fatal;

    public MqttConnectFailure(String message, boolean fatal, Throwable cause) {
        super(message, cause);
        this.fatal = fatal;
    }

    public boolean isFatal() {
        return fatal;
    }
}
