package dev.iotstream.connect.mqtt.client;

/**
 * A publish the client would not even queue: not connected, or the client's in-flight window is full. Nothing was
 * sent; the caller keeps the message and tries again.
 */
public final class PublishRefusedException extends Exception {
    private final boolean windowFull;

    public PublishRefusedException(String message, boolean windowFull, Throwable cause) {
        super(message, cause);
        this.windowFull = windowFull;
    }

    /** true: the client has the most unacknowledged messages it may have; false: not connected or closing */
    public boolean windowFull() {
        return windowFull;
    }
}
