package dev.iotstream.connect.mqtt.flow;

/** The epoch of the client's current connection (see {@code InboundMessage.connectionEpoch()}). */
@FunctionalInterface
public interface ConnectionEpoch {
    long current();
}
