package dev.iotstream.connect.transforms;

import dev.iotstream.connect.common.ProjectVersion;
import dev.iotstream.connect.transforms.util.RecordPart;
import dev.iotstream.connect.transforms.util.Records;
import org.apache.kafka.common.cache.Cache;
import org.apache.kafka.common.cache.LRUCache;
import org.apache.kafka.common.cache.SynchronizedCache;
import org.apache.kafka.connect.components.Versioned;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.transforms.Transformation;

import java.util.Map;
import java.util.function.Function;

/**
 * The shape every iotstream field transform shares: null key/value and tombstones pass through, schemaless maps
 * and Structs take separate paths, anything else is a clear error, derived schemas are cached (LRU of 16 per
 * instance, Kafka's idiom) and errors carry the transform name and where the record came from.
 */
abstract class PartTransform<R extends ConnectRecord<R>> implements Transformation<R>, Versioned {
    private final Cache<Object, Schema> schemaCache = new SynchronizedCache<>(new LRUCache<>(16));

    /** The record part this instance works on; {@code $Key}/{@code $Value} subclasses choose. */
    protected abstract RecordPart part();

    /** The transform's simple name, the first word of every error message. */
    protected abstract String name();

    protected abstract R applySchemaless(R record, Map<?, ?> value);

    protected abstract R applyWithSchema(R record, Struct value);

    @Override
    public R apply(R record) {
        Object value = part().value(record);
        if (value == null) {
            return record;
        }
        try {
            if (value instanceof Struct struct) {
                return applyWithSchema(record, struct);
            }
            if (value instanceof Map<?, ?> map) {
                return applySchemaless(record, map);
            }
        } catch (DataException e) {
            // Helpers (StructUpdates, MapUpdates, Struct validation) do not know the transform or the record.
            if (e.getMessage() != null && e.getMessage().startsWith(name() + ": ")) {
                throw e;
            }
            throw new DataException(name() + ": " + e.getMessage() + " (" + Records.where(record) + ")", e);
        }
        throw error(record, "record " + part().label() + " must be a Map (schemaless) or a Struct, found "
                + Records.typeName(value) + (value instanceof byte[] || value instanceof String
                ? "; parse it first with ParseJson" : ""));
    }

    /** A DataException in the uniform style: {@code Name: message (where the record came from)}. */
    protected DataException error(R record, String message) {
        return new DataException(name() + ": " + message + " (" + Records.where(record) + ")");
    }

    protected Schema cachedSchema(Object key, Function<Object, Schema> build) {
        Schema schema = schemaCache.get(key);
        if (schema == null) {
            schema = build.apply(key);
            schemaCache.put(key, schema);
        }
        return schema;
    }

    @Override
    public String version() {
        return ProjectVersion.get();
    }

    @Override
    public void close() {
    }
}
