package dev.iotstream.connect.mqtt.sparkplug;

import com.google.protobuf.ByteString;
import dev.iotstream.connect.mqtt.sparkplug.proto.SparkplugB.DataType;
import dev.iotstream.connect.mqtt.sparkplug.proto.SparkplugB.Payload.Metric;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a metric's value as its datatype, into the Java type of {@link ValueSchemas#of}. Integer types accept
 * either {@code int_value} or {@code long_value} (encoders differ for UInt32); everything else must be in the field
 * the specification names, or the metric fails with the reason. Arrays are the specification's little-endian
 * packing in {@code bytes_value} (Sparkplug 3.0, section 6.4.17).
 */
final class MetricValues {
    private MetricValues() {
    }

    static Object scalarOrArray(int datatype, MetricView m) throws MetricException {
        switch (datatype) {
            case DataType.Int8_VALUE:
                return (byte) signed32(m, datatype);
            case DataType.Int16_VALUE:
                return (short) signed32(m, datatype);
            case DataType.Int32_VALUE:
                return (int) signed32(m, datatype);
            case DataType.UInt8_VALUE:
                return (short) (signed32(m, datatype) & 0xFF);
            case DataType.UInt16_VALUE:
                return (int) (signed32(m, datatype) & 0xFFFF);
            case DataType.UInt32_VALUE:
                return m.hasIntValue() ? Integer.toUnsignedLong(m.intValue()) : long64(m, datatype) & 0xFFFFFFFFL;
            case DataType.Int64_VALUE:
            case DataType.DateTime_VALUE:
                return m.hasIntValue() ? (long) m.intValue() : long64(m, datatype);
            case DataType.UInt64_VALUE:
                return unsigned64(m.hasIntValue() ? Integer.toUnsignedLong(m.intValue()) : long64(m, datatype));
            case DataType.Float_VALUE:
                expect(m, Metric.ValueCase.FLOAT_VALUE, datatype);
                return m.floatValue();
            case DataType.Double_VALUE:
                expect(m, Metric.ValueCase.DOUBLE_VALUE, datatype);
                return m.doubleValue();
            case DataType.Boolean_VALUE:
                expect(m, Metric.ValueCase.BOOLEAN_VALUE, datatype);
                return m.booleanValue();
            case DataType.String_VALUE:
            case DataType.Text_VALUE:
            case DataType.UUID_VALUE:
                expect(m, Metric.ValueCase.STRING_VALUE, datatype);
                return m.stringValue();
            case DataType.Bytes_VALUE:
            case DataType.File_VALUE:
                expect(m, Metric.ValueCase.BYTES_VALUE, datatype);
                return m.bytesValue().toByteArray();
            default:
                expect(m, Metric.ValueCase.BYTES_VALUE, datatype);
                return array(datatype, m.bytesValue());
        }
    }

    private static int signed32(MetricView m, int datatype) throws MetricException {
        if (m.hasIntValue()) {
            return m.intValue();
        }
        return (int) long64(m, datatype);
    }

    private static long long64(MetricView m, int datatype) throws MetricException {
        expect(m, Metric.ValueCase.LONG_VALUE, datatype);
        return m.longValue();
    }

    private static long unsigned64(long raw) throws MetricException {
        if (raw < 0) {
            throw new MetricException("UInt64 value " + Long.toUnsignedString(raw) + " is above the signed 64-bit "
                    + "range records carry (" + Long.MAX_VALUE + ")");
        }
        return raw;
    }

    private static void expect(MetricView m, Metric.ValueCase expected, int datatype) throws MetricException {
        if (m.valueCase() != expected) {
            throw new MetricException("datatype " + ValueSchemas.name(datatype) + " expects "
                    + expected.name().toLowerCase(java.util.Locale.ROOT) + " but the metric has "
                    + m.valueCase().name().toLowerCase(java.util.Locale.ROOT));
        }
    }

    static List<Object> array(int datatype, ByteString bytes) throws MetricException {
        ByteBuffer in = bytes.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        switch (datatype) {
            case DataType.Int8Array_VALUE:
            case DataType.UInt8Array_VALUE: {
                List<Object> out = new ArrayList<>(in.remaining());
                boolean unsigned = datatype == DataType.UInt8Array_VALUE;
                while (in.hasRemaining()) {
                    byte b = in.get();
                    out.add(unsigned ? (Object) (short) (b & 0xFF) : (Object) b);
                }
                return out;
            }
            case DataType.Int16Array_VALUE:
            case DataType.UInt16Array_VALUE: {
                List<Object> out = new ArrayList<>(elements(in, 2, datatype));
                boolean unsigned = datatype == DataType.UInt16Array_VALUE;
                while (in.hasRemaining()) {
                    short s = in.getShort();
                    out.add(unsigned ? (Object) Short.toUnsignedInt(s) : (Object) s);
                }
                return out;
            }
            case DataType.Int32Array_VALUE:
            case DataType.UInt32Array_VALUE: {
                List<Object> out = new ArrayList<>(elements(in, 4, datatype));
                boolean unsigned = datatype == DataType.UInt32Array_VALUE;
                while (in.hasRemaining()) {
                    int i = in.getInt();
                    out.add(unsigned ? (Object) Integer.toUnsignedLong(i) : (Object) i);
                }
                return out;
            }
            case DataType.Int64Array_VALUE:
            case DataType.UInt64Array_VALUE:
            case DataType.DateTimeArray_VALUE: {
                List<Object> out = new ArrayList<>(elements(in, 8, datatype));
                while (in.hasRemaining()) {
                    long l = in.getLong();
                    out.add(datatype == DataType.UInt64Array_VALUE ? unsigned64(l) : l);
                }
                return out;
            }
            case DataType.FloatArray_VALUE: {
                List<Object> out = new ArrayList<>(elements(in, 4, datatype));
                while (in.hasRemaining()) {
                    out.add(in.getFloat());
                }
                return out;
            }
            case DataType.DoubleArray_VALUE: {
                List<Object> out = new ArrayList<>(elements(in, 8, datatype));
                while (in.hasRemaining()) {
                    out.add(in.getDouble());
                }
                return out;
            }
            case DataType.BooleanArray_VALUE:
                return booleans(in);
            case DataType.StringArray_VALUE:
                return strings(bytes);
            default:
                throw new MetricException("unsupported datatype " + ValueSchemas.name(datatype));
        }
    }

    private static int elements(ByteBuffer in, int size, int datatype) throws MetricException {
        if (in.remaining() % size != 0) {
            throw new MetricException(ValueSchemas.name(datatype) + " holds " + in.remaining() + " bytes, not a "
                    + "multiple of its " + size + "-byte elements");
        }
        return in.remaining() / size;
    }

    /** A little-endian UInt32 count, then the booleans packed most significant bit first. */
    private static List<Object> booleans(ByteBuffer in) throws MetricException {
        if (in.remaining() < 4) {
            throw new MetricException("BooleanArray holds " + in.remaining() + " bytes, less than its 4-byte count");
        }
        long count = Integer.toUnsignedLong(in.getInt());
        if ((count + 7) / 8 != in.remaining()) {
            throw new MetricException("BooleanArray says " + count + " booleans but carries " + in.remaining()
                    + " bytes of them");
        }
        List<Object> out = new ArrayList<>((int) count);
        for (int i = 0; i < count; i++) {
            out.add((in.get(4 + i / 8) & (0x80 >> (i % 8))) != 0);
        }
        return out;
    }

    /** UTF-8 strings, each terminated by a zero byte. */
    private static List<Object> strings(ByteString bytes) throws MetricException {
        byte[] raw = bytes.toByteArray();
        List<Object> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < raw.length; i++) {
            if (raw[i] == 0) {
                out.add(new String(raw, start, i - start, StandardCharsets.UTF_8));
                start = i + 1;
            }
        }
        if (start != raw.length) {
            throw new MetricException("StringArray does not end with a zero byte after its last string");
        }
        return out;
    }
}
