package dev.iotstream.connect.mqtt.flow;

/** Waits a fixed time: the batch linger, injected so that tests need not sleep. */
@FunctionalInterface
public interface Sleeper {
    Sleeper REAL = Thread::sleep;

    void sleep(long millis) throws InterruptedException;
}
