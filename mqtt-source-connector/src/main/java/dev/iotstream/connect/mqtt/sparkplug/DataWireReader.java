package dev.iotstream.connect.mqtt.sparkplug;

import dev.iotstream.connect.mqtt.sparkplug.proto.SparkplugB.Payload.Metric;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads the payload of a DATA (or CMD) message straight from its bytes when it has the shape edge nodes send all
 * day: a timestamp, a seq and metrics of scalar values (name or alias, timestamp, datatype, the three flags, an int,
 * long, float, double, boolean or string value). Protobuf's generated parser builds a Builder and a Metric per
 * metric, boxes every value and copies every string's bytes before the decoder looks at them: that was more than
 * half of the decoder's time per metric (SparkplugBenchmarks). Anything else (properties, metadata, bytes, arrays,
 * DataSets, Templates, extensions, unknown fields, a wire type the field does not have, malformed or truncated
 * bytes) makes {@link #read} answer false, and the decoder parses the payload with protobuf as before, so the
 * result, errors included, is the same either way ({@code DataWireReaderPropertiesTest} compares the two).
 *
 * <p>Accepted bytes mean what protobuf's parser makes of them: a field repeated is the last one, the value is the
 * last oneof member set, uint32 fields keep the low 32 bits of the varint, strings are decoded as UTF-8 with
 * replacement characters, as proto2's accessors do. One per decoder, reused (poll thread only).
 *
 * <p>What it keeps per metric are primitives only: strings as offsets into the payload, decoded when the decoder
 * asks for the metric, and the oneof case as its ordinal. This reader lives as long as the task, so its arrays are
 * in the old generation; storing a reference into them (a new String, even an enum constant from another region)
 * takes G1's write barrier into its slow path, a memory fence per store, which cost more than reading the metric.
 */
final class DataWireReader {
    /** Thrown (preallocated, no stack) when the bytes need protobuf's parser. */
    private static final class NotSimple extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NotSimple() {
            super(null, null, false, false);
        }
    }

    private static final NotSimple NOT_SIMPLE = new NotSimple();

    // Payload fields (Sparkplug B payload: timestamp = 1, metrics = 2, seq = 3), as tags.
    private static final int P_TIMESTAMP = 1 << 3;
    private static final int P_METRICS = 2 << 3 | 2;
    private static final int P_SEQ = 3 << 3;
    // Metric fields.
    private static final int M_NAME = 1 << 3 | 2;
    private static final int M_ALIAS = 2 << 3;
    private static final int M_TIMESTAMP = 3 << 3;
    private static final int M_DATATYPE = 4 << 3;
    private static final int M_HISTORICAL = 5 << 3;
    private static final int M_TRANSIENT = 6 << 3;
    private static final int M_NULL = 7 << 3;
    private static final int M_INT = 10 << 3;
    private static final int M_LONG = 11 << 3;
    private static final int M_FLOAT = 12 << 3 | 5;
    private static final int M_DOUBLE = 13 << 3 | 1;
    private static final int M_BOOLEAN = 14 << 3;
    private static final int M_STRING = 15 << 3 | 2;

    private byte[] in;
    private int pos;

    private boolean hasTimestamp;
    private long timestamp;
    private boolean hasSeq;
    private long seq;
    private int count;
    private int[] present = new int[32];
    /** Where the name's bytes start in the payload, and how many; the same for a string value. */
    private int[] nameAt = new int[32];
    private int[] nameLength = new int[32];
    private long[] aliases = new long[32];
    private long[] timestamps = new long[32];
    private int[] datatypes = new int[32];
    private byte[] valueCases = new byte[32];
    private long[] bits = new long[32];
    private int[] stringAt = new int[32];
    private int[] stringLength = new int[32];

    private static final Metric.ValueCase[] VALUE_CASES = Metric.ValueCase.values();

    /**
     * Reads the payload; false when it is not of the simple shape (or not valid): parse it with protobuf then. True:
     * the metrics can be asked for until {@link #release}.
     */
    boolean read(byte[] payload) {
        in = payload;
        pos = 0;
        count = 0;
        hasTimestamp = false;
        hasSeq = false;
        try {
            while (pos < payload.length) {
                switch (tag()) {
                    case P_TIMESTAMP -> {
                        timestamp = varint64();
                        hasTimestamp = true;
                    }
                    case P_SEQ -> {
                        seq = varint64();
                        hasSeq = true;
                    }
                    case P_METRICS -> metric(length());
                    default -> throw NOT_SIMPLE;
                }
            }
            return true;
        } catch (NotSimple e) {
            in = null;
            return false;
        }
    }

    /** Lets go of the payload read last (the decoder has made its records). */
    void release() {
        in = null;
    }

    boolean hasTimestamp() {
        return hasTimestamp;
    }

    long timestamp() {
        return timestamp;
    }

    boolean hasSeq() {
        return hasSeq;
    }

    long seq() {
        return seq;
    }

    int count() {
        return count;
    }

    /** Metric i of the last payload read, in {@code view}. */
    MetricView metric(int i, MetricView view) {
        int flags = present[i];
        Metric.ValueCase valueCase = VALUE_CASES[valueCases[i]];
        String name = (flags & MetricView.NAME) != 0 ? utf8(nameAt[i], nameLength[i]) : null;
        String string = valueCase == Metric.ValueCase.STRING_VALUE ? utf8(stringAt[i], stringLength[i]) : null;
        return view.wire(flags, name, aliases[i], timestamps[i], datatypes[i], valueCase, bits[i], string);
    }

    /** As protobuf's accessors decode a proto2 string: UTF-8, malformed bytes replaced. */
    private String utf8(int at, int length) {
        return new String(in, at, length, StandardCharsets.UTF_8);
    }

    private void metric(int length) {
        int end = pos + length;
        int flags = 0;
        int name = 0;
        int nameBytes = 0;
        long alias = 0;
        long ts = 0;
        int datatype = 0;
        Metric.ValueCase valueCase = Metric.ValueCase.VALUE_NOT_SET;
        long value = 0;
        int string = 0;
        int stringBytes = 0;
        while (pos < end) {
            switch (tag()) {
                case M_NAME -> {
                    nameBytes = length();
                    name = skip(nameBytes, end);
                    flags |= MetricView.NAME;
                }
                case M_ALIAS -> {
                    alias = varint64(end);
                    flags |= MetricView.ALIAS;
                }
                case M_TIMESTAMP -> {
                    ts = varint64(end);
                    flags |= MetricView.TIMESTAMP;
                }
                case M_DATATYPE -> {
                    datatype = (int) varint64(end);
                    flags |= MetricView.DATATYPE;
                }
                case M_HISTORICAL -> flags = flag(flags, MetricView.HISTORICAL, varint64(end) != 0);
                case M_TRANSIENT -> flags = flag(flags, MetricView.TRANSIENT, varint64(end) != 0);
                case M_NULL -> flags = flag(flags, MetricView.NULL, varint64(end) != 0);
                case M_INT -> {
                    value = (int) varint64(end);
                    valueCase = Metric.ValueCase.INT_VALUE;
                }
                case M_LONG -> {
                    value = varint64(end);
                    valueCase = Metric.ValueCase.LONG_VALUE;
                }
                case M_FLOAT -> {
                    value = fixed(4, end);
                    valueCase = Metric.ValueCase.FLOAT_VALUE;
                }
                case M_DOUBLE -> {
                    value = fixed(8, end);
                    valueCase = Metric.ValueCase.DOUBLE_VALUE;
                }
                case M_BOOLEAN -> {
                    value = varint64(end) != 0 ? 1 : 0;
                    valueCase = Metric.ValueCase.BOOLEAN_VALUE;
                }
                case M_STRING -> {
                    stringBytes = length();
                    string = skip(stringBytes, end);
                    valueCase = Metric.ValueCase.STRING_VALUE;
                }
                default -> throw NOT_SIMPLE;
            }
        }
        if (pos != end) {
            throw NOT_SIMPLE;
        }
        if (count == present.length) {
            grow();
        }
        int i = count++;
        present[i] = flags;
        nameAt[i] = name;
        nameLength[i] = nameBytes;
        aliases[i] = alias;
        timestamps[i] = ts;
        datatypes[i] = datatype;
        valueCases[i] = (byte) valueCase.ordinal();
        bits[i] = value;
        stringAt[i] = string;
        stringLength[i] = stringBytes;
    }

    private static int flag(int flags, int bit, boolean set) {
        return set ? flags | bit : flags & ~bit;
    }

    /** A tag as protobuf reads it (a varint truncated to 32 bits); field number 0 is invalid. */
    private int tag() {
        int tag = (int) varint64(in.length);
        if (tag >>> 3 == 0) {
            throw NOT_SIMPLE;
        }
        return tag;
    }

    /** A length-delimited field's length: not negative, within the bytes. */
    private int length() {
        int length = (int) varint64(in.length);
        if (length < 0 || length > in.length - pos) {
            throw NOT_SIMPLE;
        }
        return length;
    }

    /** Steps over a string's bytes (decoded later, if asked for); where they start. */
    private int skip(int length, int end) {
        if (length > end - pos) {
            throw NOT_SIMPLE;
        }
        int at = pos;
        pos += length;
        return at;
    }

    private long varint64() {
        return varint64(in.length);
    }

    /**
     * Up to 10 bytes, like protobuf-java's readRawVarint64 on a byte array; ending after {@code end}: invalid. A tenth
     * byte sets bit 63 whatever its value (protobuf's decoder does so; a canonical encoder only writes 0x01 there, but
     * a damaged 0x00 must give the same value on both paths: found by DataWireReaderPropertiesTest).
     */
    private long varint64(int end) {
        // One byte: every tag, length, alias, datatype and flag of the usual payload. Kept apart from the loop so
        // the JIT inlines this part at each call and the loop stays out of line.
        if (pos < end) {
            byte b = in[pos];
            if (b >= 0) {
                pos++;
                return b;
            }
        }
        return varint64Long(end);
    }

    private long varint64Long(int end) {
        long result = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (pos >= end) {
                throw NOT_SIMPLE;
            }
            byte b = in[pos++];
            result |= shift == 63 ? Long.MIN_VALUE : (long) (b & 0x7F) << shift;
            if (b >= 0) {
                return result;
            }
        }
        throw NOT_SIMPLE;
    }

    /** A little-endian fixed32 (in the low bits) or fixed64. */
    private long fixed(int size, int end) {
        if (end - pos < size) {
            throw NOT_SIMPLE;
        }
        long result = 0;
        for (int i = size - 1; i >= 0; i--) {
            result = result << 8 | (in[pos + i] & 0xFFL);
        }
        pos += size;
        return result;
    }

    private void grow() {
        int n = present.length * 2;
        present = Arrays.copyOf(present, n);
        nameAt = Arrays.copyOf(nameAt, n);
        nameLength = Arrays.copyOf(nameLength, n);
        aliases = Arrays.copyOf(aliases, n);
        timestamps = Arrays.copyOf(timestamps, n);
        datatypes = Arrays.copyOf(datatypes, n);
        valueCases = Arrays.copyOf(valueCases, n);
        bits = Arrays.copyOf(bits, n);
        stringAt = Arrays.copyOf(stringAt, n);
        stringLength = Arrays.copyOf(stringLength, n);
    }
}
