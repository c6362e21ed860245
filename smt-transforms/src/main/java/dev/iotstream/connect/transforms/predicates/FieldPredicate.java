package dev.iotstream.connect.transforms.predicates;

import dev.iotstream.connect.common.ProjectVersion;
import dev.iotstream.connect.transforms.util.FieldPath;
import dev.iotstream.connect.transforms.util.RecordPart;
import dev.iotstream.connect.transforms.util.Records;
import org.apache.kafka.connect.components.Versioned;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.transforms.predicates.Predicate;

/** Reads one field of key or value and tests it; a missing or null field follows {@code on.missing}. */
abstract class FieldPredicate<R extends ConnectRecord<R>> implements Predicate<R>, Versioned {
    private FieldPath field;
    private RecordPart target;
    private FieldPredicateConfig.OnMissing onMissing;

    /** Parses the configuration; subclasses read their own keys from the returned config. */
    protected FieldPredicateConfig configureField(FieldPredicateConfig config) {
        field = config.field();
        target = config.target();
        onMissing = config.onMissing();
        return config;
    }

    protected abstract String name();

    /** Tests a present, non-null field value. */
    protected abstract boolean test(R record, Object value);

    /** The field's value, or {@link FieldPath#MISSING} when it (or the whole key/value) is absent. */
    protected Object lookup(R record) {
        Object container = target.value(record);
        return container == null ? FieldPath.MISSING : field.get(container);
    }

    @Override
    public boolean test(R record) {
        Object value = lookup(record);
        if (value == FieldPath.MISSING || value == null) {
            return switch (onMissing) {
                case TRUE -> true;
                case FALSE -> false;
                case FAIL -> throw error(record, "field '" + field + "' is " + (value == null ? "null" : "missing")
                        + " in the record " + target.label() + " (set on.missing=false or true to accept that)");
            };
        }
        return test(record, value);
    }

    protected FieldPath field() {
        return field;
    }

    protected DataException error(R record, String message) {
        return new DataException(name() + ": " + message + " (" + Records.where(record) + ")");
    }

    @Override
    public String version() {
        return ProjectVersion.get();
    }

    @Override
    public void close() {
    }
}
