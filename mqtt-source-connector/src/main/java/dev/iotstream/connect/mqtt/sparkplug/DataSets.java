package dev.iotstream.connect.mqtt.sparkplug;

import dev.iotstream.connect.mqtt.sparkplug.proto.SparkplugB.DataType;
import dev.iotstream.connect.mqtt.sparkplug.proto.SparkplugB.Payload.DataSet;
import dev.iotstream.connect.mqtt.sparkplug.proto.SparkplugB.Payload.DataSet.DataSetValue;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A DataSet value as an array of row Structs, one optional field per column with the column's type: a table stays
 * a table (rows are not split into separate records, which would lose which values belong together). The row
 * schema is built once per column layout and kept in a bounded cache.
 */
final class DataSets {
    static final String ROW_SCHEMA_NAME = "dev.iotstream.connect.mqtt.sparkplug.DataSetRow";
    private final BoundedCache<String, Schema> schemas = new BoundedCache<>(256);

    /** The layout key of a DataSet, also its identity in message-shape keys. */
    static String layout(DataSet ds) {
        StringBuilder key = new StringBuilder();
        for (int i = 0; i < ds.getColumnsCount(); i++) {
            key.append(ds.getColumns(i)).append('\u0000').append(i < ds.getTypesCount() ? ds.getTypes(i) : -1)
                    .append('\u0001');
        }
        return key.toString();
    }

    /** The optional array-of-rows schema for this DataSet's columns. */
    Schema schema(DataSet ds, String layout) throws MetricException {
        Schema cached = schemas.get(layout);
        if (cached != null) {
            return cached;
        }
        int columns = ds.getColumnsCount();
        if (ds.getTypesCount() != columns) {
            throw new MetricException("DataSet has " + columns + " columns but " + ds.getTypesCount() + " types");
        }
        if (ds.hasNumOfColumns() && ds.getNumOfColumns() != columns) {
            throw new MetricException("DataSet says num_of_columns " + ds.getNumOfColumns() + " but names "
                    + columns + " columns");
        }
        SchemaBuilder row = SchemaBuilder.struct().name(ROW_SCHEMA_NAME).optional();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < columns; i++) {
            String name = ds.getColumns(i);
            int type = ds.getTypes(i);
            Schema column = columnSchema(type);
            if (column == null) {
                throw new MetricException("DataSet column '" + name + "' has type " + ValueSchemas.name(type)
                        + "; columns are scalar types");
            }
            if (!seen.add(name)) {
                throw new MetricException("DataSet column name '" + name + "' appears twice");
            }
            row.field(name, column);
        }
        Schema schema = SchemaBuilder.array(row.build()).optional().build();
        schemas.put(layout, schema);
        return schema;
    }

    private static Schema columnSchema(int type) {
        return type >= DataType.Int8_VALUE && type <= DataType.UUID_VALUE ? ValueSchemas.of(type) : null;
    }

    static List<Object> rows(DataSet ds, Schema schema) throws MetricException {
        Schema rowSchema = schema.valueSchema();
        List<Field> fields = rowSchema.fields();
        List<Object> rows = new ArrayList<>(ds.getRowsCount());
        for (int r = 0; r < ds.getRowsCount(); r++) {
            DataSet.Row row = ds.getRows(r);
            if (row.getElementsCount() != fields.size()) {
                throw new MetricException("DataSet row " + r + " has " + row.getElementsCount() + " values for "
                        + fields.size() + " columns");
            }
            Struct out = new Struct(rowSchema);
            for (int c = 0; c < fields.size(); c++) {
                out.put(fields.get(c), cell(row.getElements(c), ds.getTypes(c), r, fields.get(c).name()));
            }
            rows.add(out);
        }
        return rows;
    }

    private static Object cell(DataSetValue v, int type, int row, String column) throws MetricException {
        DataSetValue.ValueCase set = v.getValueCase();
        if (set == DataSetValue.ValueCase.VALUE_NOT_SET) {
            return null;
        }
        switch (type) {
            case DataType.Int8_VALUE:
                return (byte) int32(v, row, column);
            case DataType.Int16_VALUE:
                return (short) int32(v, row, column);
            case DataType.Int32_VALUE:
                return int32(v, row, column);
            case DataType.UInt8_VALUE:
                return (short) (int32(v, row, column) & 0xFF);
            case DataType.UInt16_VALUE:
                return int32(v, row, column) & 0xFFFF;
            case DataType.UInt32_VALUE:
                return set == DataSetValue.ValueCase.INT_VALUE ? Integer.toUnsignedLong(v.getIntValue())
                        : int64(v, row, column) & 0xFFFFFFFFL;
            case DataType.Int64_VALUE:
            case DataType.DateTime_VALUE:
                return set == DataSetValue.ValueCase.INT_VALUE ? (long) v.getIntValue() : int64(v, row, column);
            case DataType.UInt64_VALUE: {
                long raw = set == DataSetValue.ValueCase.INT_VALUE ? Integer.toUnsignedLong(v.getIntValue())
                        : int64(v, row, column);
                if (raw < 0) {
                    throw new MetricException("DataSet row " + row + " column '" + column + "': UInt64 "
                            + Long.toUnsignedString(raw) + " is above the signed 64-bit range");
                }
                return raw;
            }
            case DataType.Float_VALUE:
                expect(v, DataSetValue.ValueCase.FLOAT_VALUE, row, column);
                return v.getFloatValue();
            case DataType.Double_VALUE:
                expect(v, DataSetValue.ValueCase.DOUBLE_VALUE, row, column);
                return v.getDoubleValue();
            case DataType.Boolean_VALUE:
                expect(v, DataSetValue.ValueCase.BOOLEAN_VALUE, row, column);
                return v.getBooleanValue();
            default:
                expect(v, DataSetValue.ValueCase.STRING_VALUE, row, column);
                return v.getStringValue();
        }
    }

    private static int int32(DataSetValue v, int row, String column) throws MetricException {
        if (v.getValueCase() == DataSetValue.ValueCase.INT_VALUE) {
            return v.getIntValue();
        }
        return (int) int64(v, row, column);
    }

    private static long int64(DataSetValue v, int row, String column) throws MetricException {
        expect(v, DataSetValue.ValueCase.LONG_VALUE, row, column);
        return v.getLongValue();
    }

    private static void expect(DataSetValue v, DataSetValue.ValueCase expected, int row, String column)
            throws MetricException {
        if (v.getValueCase() != expected) {
            throw new MetricException("DataSet row " + row + " column '" + column + "' expects "
                    + expected.name().toLowerCase(java.util.Locale.ROOT) + " but has "
                    + v.getValueCase().name().toLowerCase(java.util.Locale.ROOT));
        }
    }
}
