package dev.iotstream.quickstart;

import java.util.function.BooleanSupplier;

/**
 * Closing a Paho client, shared by {@link PahoV3Publisher} and {@link PahoV5Publisher}: Paho's v3 and v5 clients
 * have the same methods but no common type (and each its own MqttException), so the steps are passed in.
 */
final class PahoClose {
    private static final long DISCONNECT_QUIESCE_MS = 5_000;
    private static final long DISCONNECT_WAIT_MS = 6_000;

    /** One client call; the v3 and v5 clients throw their own checked MqttException. */
    interface Call {
        void run() throws Exception;
    }

    /** Disconnects gracefully within this quiesce time and waits at most the wait time for it. */
    interface Disconnect {
        void run(long quiesceMs, long waitMs) throws Exception;
    }

    private PahoClose() {
    }

    /** Disconnects if connected, then always releases the client; MQTT failures on the way are ignored. */
    static void disconnectThenRelease(BooleanSupplier connected, Disconnect disconnect, Call release) {
        try {
            if (connected.getAsBoolean()) {
                disconnect.run(DISCONNECT_QUIESCE_MS, DISCONNECT_WAIT_MS);
            }
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception ignored) {
            // Closing anyway: the broker drops the session when the socket goes.
        } finally {
            try {
                release.run();
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception ignored) {
                // Nothing left to release.
            }
        }
    }
}
