package dev.iotstream.connect.timeseries.mapping;

import org.apache.kafka.connect.errors.DataException;

/** A record that cannot become a point: reported to the dead letter queue or fails the task. */
public class MappingException extends DataException {
    public MappingException(String message) {
        super(message);
    }

    public MappingException(String message, Throwable cause) {
        super(message, cause);
    }
}
