package dev.iotstream.connect.mqtt.sink.topic;

/**
 * The parts of a Kafka record that topic templates, payload encoding and per-message options read. Keeps those
 * classes free of the Connect runtime, so they are tested with plain fakes.
 */
public interface RecordView {
    /** Marks a field or header that is absent (as opposed to present with a null value). */
    Object MISSING = new Object() {
        @Override
        public String toString() {
            return "MISSING";
        }
    };

    String topic();

    Object key();

    Object value();

    /** The value at a dotted path into the record value (Struct or Map), or {@link #MISSING}. */
    Object field(String path);

    /** The value of the last header with this name (String, byte[], number, ...), or {@link #MISSING}. */
    Object header(String name);
}
