package dev.iotstream.connect.mqtt.sparkplug;

import com.google.protobuf.ByteString;
import dev.iotstream.connect.mqtt.sparkplug.proto.SparkplugB.Payload.Metric;

/**
 * One metric as the decoder reads it: a parsed protobuf {@link Metric}, or the fields {@link DataWireReader} read
 * straight from the bytes of a DATA message. Both answer like the protobuf accessors (absent fields give the proto2
 * defaults), so the decoding rules exist once. A parsed metric's scalar fields are copied in once by {@link #of},
 * so the accessors the decoder calls for every metric are plain field reads, not a choice between two sources each
 * time (that choice, made ~15 times per metric, was a measurable part of decoding a DATA metric). Reused from metric
 * to metric (poll thread only), never kept: the decoder copies what it needs into the records.
 */
final class MetricView {
    /** The parsed metric, null when read from the wire: only for properties, metadata, bytes, DataSet, Template. */
    private Metric proto;
    private String name;
    private long alias;
    private long timestamp;
    private int datatype;
    /** Bits of the optional scalar fields that were present, and the three flags. */
    private int present;
    private Metric.ValueCase valueCase = Metric.ValueCase.VALUE_NOT_SET;
    /** int, long, float (raw bits), double (raw bits) or boolean (0/1) value. */
    private long bits;
    private String string;

    static final int NAME = 1;
    static final int ALIAS = 1 << 1;
    static final int TIMESTAMP = 1 << 2;
    static final int DATATYPE = 1 << 3;
    static final int HISTORICAL = 1 << 4;
    static final int TRANSIENT = 1 << 5;
    static final int NULL = 1 << 6;
    /** Only parsed metrics have these two. */
    private static final int PROPERTIES = 1 << 7;
    private static final int METADATA = 1 << 8;

    MetricView of(Metric metric) {
        int flags = (metric.hasName() ? NAME : 0) | (metric.hasAlias() ? ALIAS : 0)
                | (metric.hasTimestamp() ? TIMESTAMP : 0) | (metric.hasDatatype() ? DATATYPE : 0)
                | (metric.getIsHistorical() ? HISTORICAL : 0) | (metric.getIsTransient() ? TRANSIENT : 0)
                | (metric.getIsNull() ? NULL : 0) | (metric.hasProperties() ? PROPERTIES : 0)
                | (metric.hasMetadata() ? METADATA : 0);
        Metric.ValueCase vc = metric.getValueCase();
        long value = switch (vc) {
            case INT_VALUE -> metric.getIntValue();
            case LONG_VALUE -> metric.getLongValue();
            case FLOAT_VALUE -> Float.floatToRawIntBits(metric.getFloatValue());
            case DOUBLE_VALUE -> Double.doubleToRawLongBits(metric.getDoubleValue());
            case BOOLEAN_VALUE -> metric.getBooleanValue() ? 1 : 0;
            default -> 0;
        };
        wire(flags, metric.getName(), metric.getAlias(), metric.getTimestamp(), metric.getDatatype(), vc, value,
                vc == Metric.ValueCase.STRING_VALUE ? metric.getStringValue() : null);
        this.proto = metric;
        return this;
    }

    MetricView wire(int present, String name, long alias, long timestamp, int datatype, Metric.ValueCase valueCase,
                    long bits, String string) {
        this.proto = null;
        this.present = present;
        this.name = name;
        this.alias = alias;
        this.timestamp = timestamp;
        this.datatype = datatype;
        this.valueCase = valueCase;
        this.bits = bits;
        this.string = string;
        return this;
    }

    /** The protobuf message, for the parts only parsed payloads have (properties, metadata, DataSet, Template). */
    Metric proto() {
        if (proto == null) {
            throw new IllegalStateException("read from the wire: no properties, metadata, DataSet or Template");
        }
        return proto;
    }

    boolean hasName() {
        return (present & NAME) != 0;
    }

    String name() {
        return (present & NAME) != 0 ? name : "";
    }

    boolean hasAlias() {
        return (present & ALIAS) != 0;
    }

    long alias() {
        return alias;
    }

    boolean hasTimestamp() {
        return (present & TIMESTAMP) != 0;
    }

    long timestamp() {
        return timestamp;
    }

    boolean hasDatatype() {
        return (present & DATATYPE) != 0;
    }

    int datatype() {
        return datatype;
    }

    boolean isHistorical() {
        return (present & HISTORICAL) != 0;
    }

    boolean isTransient() {
        return (present & TRANSIENT) != 0;
    }

    boolean isNull() {
        return (present & NULL) != 0;
    }

    boolean hasProperties() {
        return (present & PROPERTIES) != 0;
    }

    boolean hasMetadata() {
        return (present & METADATA) != 0;
    }

    /** Neither properties nor metadata: the common case, one test. */
    boolean plain() {
        return (present & (PROPERTIES | METADATA)) == 0;
    }

    Metric.ValueCase valueCase() {
        return valueCase;
    }

    boolean hasIntValue() {
        return valueCase == Metric.ValueCase.INT_VALUE;
    }

    int intValue() {
        return valueCase == Metric.ValueCase.INT_VALUE ? (int) bits : 0;
    }

    long longValue() {
        return valueCase == Metric.ValueCase.LONG_VALUE ? bits : 0L;
    }

    float floatValue() {
        return valueCase == Metric.ValueCase.FLOAT_VALUE ? Float.intBitsToFloat((int) bits) : 0f;
    }

    double doubleValue() {
        return valueCase == Metric.ValueCase.DOUBLE_VALUE ? Double.longBitsToDouble(bits) : 0d;
    }

    boolean booleanValue() {
        return valueCase == Metric.ValueCase.BOOLEAN_VALUE && bits != 0;
    }

    String stringValue() {
        return valueCase == Metric.ValueCase.STRING_VALUE ? string : "";
    }

    ByteString bytesValue() {
        return proto != null ? proto.getBytesValue() : ByteString.EMPTY;
    }
}
