package dev.iotstream.connect.mqtt.sparkplug;

import dev.iotstream.connect.mqtt.sparkplug.proto.SparkplugB.DataType;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;

/**
 * The Connect schema of a Sparkplug B value per datatype, built once. All optional (a metric can be null).
 * Unsigned types widen to the next signed type so every value fits (UInt64 stays INT64: values above
 * Long.MAX_VALUE are refused as failures rather than wrapped). DateTime is INT64 epoch milliseconds, like every
 * timestamp in the records. DataSets have a schema per column layout ({@link DataSets}); Templates are flattened
 * into their member metrics, so they have none.
 */
final class ValueSchemas {
    private static final Schema[] BY_TYPE = new Schema[DataType.DateTimeArray_VALUE + 1];
    private static final String[] NAMES = names();

    static {
        put(DataType.Int8, Schema.OPTIONAL_INT8_SCHEMA);
        put(DataType.Int16, Schema.OPTIONAL_INT16_SCHEMA);
        put(DataType.Int32, Schema.OPTIONAL_INT32_SCHEMA);
        put(DataType.Int64, Schema.OPTIONAL_INT64_SCHEMA);
        put(DataType.UInt8, Schema.OPTIONAL_INT16_SCHEMA);
        put(DataType.UInt16, Schema.OPTIONAL_INT32_SCHEMA);
        put(DataType.UInt32, Schema.OPTIONAL_INT64_SCHEMA);
        put(DataType.UInt64, Schema.OPTIONAL_INT64_SCHEMA);
        put(DataType.Float, Schema.OPTIONAL_FLOAT32_SCHEMA);
        put(DataType.Double, Schema.OPTIONAL_FLOAT64_SCHEMA);
        put(DataType.Boolean, Schema.OPTIONAL_BOOLEAN_SCHEMA);
        put(DataType.String, Schema.OPTIONAL_STRING_SCHEMA);
        put(DataType.DateTime, Schema.OPTIONAL_INT64_SCHEMA);
        put(DataType.Text, Schema.OPTIONAL_STRING_SCHEMA);
        put(DataType.UUID, Schema.OPTIONAL_STRING_SCHEMA);
        put(DataType.Bytes, Schema.OPTIONAL_BYTES_SCHEMA);
        put(DataType.File, Schema.OPTIONAL_BYTES_SCHEMA);
        array(DataType.Int8Array, Schema.INT8_SCHEMA);
        array(DataType.Int16Array, Schema.INT16_SCHEMA);
        array(DataType.Int32Array, Schema.INT32_SCHEMA);
        array(DataType.Int64Array, Schema.INT64_SCHEMA);
        array(DataType.UInt8Array, Schema.INT16_SCHEMA);
        array(DataType.UInt16Array, Schema.INT32_SCHEMA);
        array(DataType.UInt32Array, Schema.INT64_SCHEMA);
        array(DataType.UInt64Array, Schema.INT64_SCHEMA);
        array(DataType.FloatArray, Schema.FLOAT32_SCHEMA);
        array(DataType.DoubleArray, Schema.FLOAT64_SCHEMA);
        array(DataType.BooleanArray, Schema.BOOLEAN_SCHEMA);
        array(DataType.StringArray, Schema.STRING_SCHEMA);
        array(DataType.DateTimeArray, Schema.INT64_SCHEMA);
    }

    private ValueSchemas() {
    }

    private static void put(DataType type, Schema schema) {
        BY_TYPE[type.getNumber()] = schema;
    }

    private static void array(DataType type, Schema element) {
        BY_TYPE[type.getNumber()] = SchemaBuilder.array(element).optional().build();
    }

    /** The schema of a scalar or array datatype; null for DataSet, Template, property types and unknown numbers. */
    static Schema of(int datatype) {
        return datatype >= 0 && datatype < BY_TYPE.length ? BY_TYPE[datatype] : null;
    }

    /** The specification's name of a datatype number, e.g. {@code Double}; {@code Unknown(42)} for others. */
    static String name(int datatype) {
        if (datatype >= 0 && datatype < NAMES.length) {
            return NAMES[datatype];
        }
        return "Unknown(" + datatype + ")";
    }

    private static String[] names() {
        String[] names = new String[DataType.DateTimeArray_VALUE + 1];
        for (int i = 0; i < names.length; i++) {
            DataType type = DataType.forNumber(i);
            names[i] = type == null ? "Unknown(" + i + ")" : type.name();
        }
        return names;
    }
}
