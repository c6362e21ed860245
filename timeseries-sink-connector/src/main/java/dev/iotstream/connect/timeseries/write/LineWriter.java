package dev.iotstream.connect.timeseries.write;

import java.util.List;

/** Writes lines of line protocol synchronously: returns when the store accepted them, throws otherwise. */
public interface LineWriter extends AutoCloseable {
    void write(List<String> lines) throws WriteException;

    @Override
    void close();
}
