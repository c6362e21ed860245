package dev.iotstream.connect.mqtt.sparkplug;

import com.google.protobuf.ByteString;
import dev.iotstream.connect.mqtt.sparkplug.proto.SparkplugB.Payload.Metric;

/**
 * One metric as the decoder reads it: a parsed protobuf {@link Metric}, or the fields {@link DataWireReader} read
 * straight from the bytes of a DATA message. Both answer like the protobuf accessors (absent fields give the proto2
 * defaults), so the decoding rules exist once. Reused from metric to metric (poll thread only), never kept: the
 * decoder copies what it needs into the records.
 */
final class MetricView {
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

    MetricView of(Metric metric) {
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
        return proto != null ? proto.hasName() : (present & NAME) != 0;
    }

    String name() {
        return proto != null ? proto.getName() : (present & NAME) != 0 ? name : "";
    }

    boolean hasAlias() {
        return proto != null ? proto.hasAlias() : (present & ALIAS) != 0;
    }

    long alias() {
        return proto != null ? proto.getAlias() : alias;
    }

    boolean hasTimestamp() {
        return proto != null ? proto.hasTimestamp() : (present & TIMESTAMP) != 0;
    }

    long timestamp() {
        return proto != null ? proto.getTimestamp() : timestamp;
    }

    boolean hasDatatype() {
        return proto != null ? proto.hasDatatype() : (present & DATATYPE) != 0;
    }

    int datatype() {
        return proto != null ? proto.getDatatype() : datatype;
    }

    boolean isHistorical() {
        return proto != null ? proto.getIsHistorical() : (present & HISTORICAL) != 0;
    }

    boolean isTransient() {
        return proto != null ? proto.getIsTransient() : (present & TRANSIENT) != 0;
    }

    boolean isNull() {
        return proto != null ? proto.getIsNull() : (present & NULL) != 0;
    }

    boolean hasProperties() {
        return proto != null && proto.hasProperties();
    }

    boolean hasMetadata() {
        return proto != null && proto.hasMetadata();
    }

    Metric.ValueCase valueCase() {
        return proto != null ? proto.getValueCase() : valueCase;
    }

    boolean hasIntValue() {
        return proto != null ? proto.hasIntValue() : valueCase == Metric.ValueCase.INT_VALUE;
    }

    int intValue() {
        return proto != null ? proto.getIntValue() : valueCase == Metric.ValueCase.INT_VALUE ? (int) bits : 0;
    }

    long longValue() {
        return proto != null ? proto.getLongValue() : valueCase == Metric.ValueCase.LONG_VALUE ? bits : 0L;
    }

    float floatValue() {
        return proto != null ? proto.getFloatValue()
                : valueCase == Metric.ValueCase.FLOAT_VALUE ? Float.intBitsToFloat((int) bits) : 0f;
    }

    double doubleValue() {
        return proto != null ? proto.getDoubleValue()
                : valueCase == Metric.ValueCase.DOUBLE_VALUE ? Double.longBitsToDouble(bits) : 0d;
    }

    boolean booleanValue() {
        return proto != null ? proto.getBooleanValue() : valueCase == Metric.ValueCase.BOOLEAN_VALUE && bits != 0;
    }

    String stringValue() {
        return proto != null ? proto.getStringValue() : valueCase == Metric.ValueCase.STRING_VALUE ? string : "";
    }

    ByteString bytesValue() {
        return proto != null ? proto.getBytesValue() : ByteString.EMPTY;
    }
}
