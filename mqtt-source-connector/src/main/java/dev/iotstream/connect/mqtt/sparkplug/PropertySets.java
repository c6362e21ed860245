package dev.iotstream.connect.mqtt.sparkplug;

import dev.iotstream.connect.mqtt.sparkplug.proto.SparkplugB.DataType;
import dev.iotstream.connect.mqtt.sparkplug.proto.SparkplugB.Payload.MetaData;
import dev.iotstream.connect.mqtt.sparkplug.proto.SparkplugB.Payload.PropertySet;
import dev.iotstream.connect.mqtt.sparkplug.proto.SparkplugB.Payload.PropertyValue;

import java.util.Map;

/**
 * A metric's properties (engineering units, quality, ...) and metadata as one flat string map: property values are
 * typed in Sparkplug, but one map schema keeps every metric record's schema the same whatever its properties.
 * Nested property sets become dotted keys ({@code a.b}), property set lists indexed ones ({@code a[0].b}), metadata
 * {@code metadata.<field>}; a null property is a null value.
 */
final class PropertySets {
    private static final int MAX_DEPTH = 16;

    private PropertySets() {
    }

    static void addProperties(PropertySet set, String prefix, Map<String, String> out, int depth)
            throws MetricException {
        if (depth > MAX_DEPTH) {
            throw new MetricException("properties nested deeper than " + MAX_DEPTH + " levels");
        }
        if (set.getKeysCount() != set.getValuesCount()) {
            throw new MetricException("property set " + (prefix.isEmpty() ? "" : "'" + prefix + "' ") + "has "
                    + set.getKeysCount() + " keys but " + set.getValuesCount() + " values");
        }
        for (int i = 0; i < set.getKeysCount(); i++) {
            String key = prefix.isEmpty() ? set.getKeys(i) : prefix + "." + set.getKeys(i);
            PropertyValue v = set.getValues(i);
            switch (v.getValueCase()) {
                case PROPERTYSET_VALUE:
                    addProperties(v.getPropertysetValue(), key, out, depth + 1);
                    break;
                case PROPERTYSETS_VALUE:
                    for (int j = 0; j < v.getPropertysetsValue().getPropertysetCount(); j++) {
                        addProperties(v.getPropertysetsValue().getPropertyset(j), key + "[" + j + "]", out,
                                depth + 1);
                    }
                    break;
                default:
                    out.put(key, v.getIsNull() ? null : scalar(v));
            }
        }
    }

    private static String scalar(PropertyValue v) {
        int type = v.getType();
        switch (v.getValueCase()) {
            case INT_VALUE:
                int i = v.getIntValue();
                return switch (type) {
                    case DataType.Int8_VALUE -> Byte.toString((byte) i);
                    case DataType.Int16_VALUE -> Short.toString((short) i);
                    case DataType.Int32_VALUE -> Integer.toString(i);
                    default -> Integer.toUnsignedString(i);
                };
            case LONG_VALUE:
                long l = v.getLongValue();
                return type == DataType.UInt64_VALUE || type == DataType.UInt32_VALUE ? Long.toUnsignedString(l)
                        : Long.toString(l);
            case FLOAT_VALUE:
                return Float.toString(v.getFloatValue());
            case DOUBLE_VALUE:
                return Double.toString(v.getDoubleValue());
            case BOOLEAN_VALUE:
                return Boolean.toString(v.getBooleanValue());
            case STRING_VALUE:
                return v.getStringValue();
            default:
                return null;
        }
    }

    static void addMetadata(MetaData md, Map<String, String> out) {
        if (md.hasIsMultiPart()) {
            out.put("metadata.is_multi_part", Boolean.toString(md.getIsMultiPart()));
        }
        if (md.hasContentType()) {
            out.put("metadata.content_type", md.getContentType());
        }
        if (md.hasSize()) {
            out.put("metadata.size", Long.toUnsignedString(md.getSize()));
        }
        if (md.hasSeq()) {
            out.put("metadata.seq", Long.toUnsignedString(md.getSeq()));
        }
        if (md.hasFileName()) {
            out.put("metadata.file_name", md.getFileName());
        }
        if (md.hasFileType()) {
            out.put("metadata.file_type", md.getFileType());
        }
        if (md.hasMd5()) {
            out.put("metadata.md5", md.getMd5());
        }
        if (md.hasDescription()) {
            out.put("metadata.description", md.getDescription());
        }
    }
}
