package dev.iotstream.connect.timeseries.write;

import java.util.List;

/** Writes lines of line protocol synchronously: returns when the store accepted them, throws otherwise. */
public interface LineWriter extends AutoCloseable {
    void write(List<String> lines) throws WriteException;

    /**
     * Writes to {@code destination} (a bucket or database chosen per record) instead of the configured one; null
     * means the configured one. Writers that cannot route ignore it only when it is null.
     */
    default void write(String destination, List<String> lines) throws WriteException {
        if (destination != null) {
            throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot route to " + destination);
        }
        write(lines);
    }

    @Override
    void close();
}
