package dev.iotstream.connect.timeseries.mapping;

import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.sink.SinkRecord;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Pure function from a sink record to one line of line protocol; throws {@link MappingException} on bad data.
 * Not thread-safe (it reuses one builder): one instance per task.
 */
public final class PointMapper {
    /** A huge record must not pin a huge buffer for the task's lifetime. */
    private static final int MAX_RETAINED_CAPACITY = 64 * 1024;
    /** Key positions whose decisions are cached; keys past this are decided per record. */
    private static final int KEY_POSITIONS = 32;
    private final MappingSettings settings;
    private final RecordFlattener flattener = new RecordFlattener();
    private final Set<String> notFields = new HashSet<>();
    private final long precisionDivisor;
    private final TagSource[] tagSources;
    /** Each tag's name as written (escaped), computed once. */
    private final String[] escapedTagNames;
    /** The configured fields (empty: every non-tag value) and their names as written, computed once. */
    private final String[] fieldPaths;
    private final String[] escapedFieldNames;
    private final String ingestTimeField;
    private final DestinationTemplate destination;
    /** Reused across records (the mapper is used by the task thread only): one builder per record was a hotspot. */
    private StringBuilder line = new StringBuilder(256);
    /**
     * What the mapper decided for the key at each position of the last records (see {@link KeyDecision}): records
     * of a topic have the same keys in the same order, and the JSON reader hands out the same String instance for
     * a name it read before, so an identity check (or one equals) per position replaces, per field, a hash lookup in
     * {@code notFields}, one in {@code field.types}, the separator replacement and the escaping scan of the name
     * (together about a fifth of the mapping's samples). A different key at a position is decided again.
     */
    private final KeyDecision[] keyDecisions = new KeyDecision[KEY_POSITIONS];
    /** The measurement name last escaped, by identity: the template returns the same instance per topic. */
    private String lastMeasurement;
    private String lastMeasurementEscaped;

    /**
     * For one key (by identity): whether it is written as a field, its forced type (or null) and its name as
     * written (separator replaced, escaped), all of which depend on the key's text and the settings only.
     */
    private record KeyDecision(String key, boolean field, FieldType forced, String escapedName) {
    }

    /** Where a tag's value comes from; sorted by tag name once, since stores prefer sorted tags. */
    private record TagSource(String name, int kind, String source) {
        static final int FIELD = 0;
        static final int HEADER = 1;
        static final int KEY = 2;
        static final int CONSTANT = 3;
        static final int TOPIC = 4;
        static final int PARTITION = 5;
    }

    public PointMapper(MappingSettings settings) {
        this(settings, null);
    }

    /** With {@code destination} (a template, or null) resolved per record into {@link MappedPoint#destination()}. */
    public PointMapper(MappingSettings settings, DestinationTemplate destination) {
        this.settings = settings;
        this.destination = destination == null || destination.isConstant() ? null : destination;
        notFields.addAll(settings.tags());
        notFields.addAll(settings.measurement().fieldPaths());
        notFields.addAll(settings.fieldsExclude());
        if (!settings.time().timeField().isEmpty()) {
            notFields.add(settings.time().timeField());
        }
        this.precisionDivisor = settings.writePrecision().nanos();
        Map<String, TagSource> sources = new TreeMap<>();
        for (String path : settings.tags()) {
            sources.put(name(path), new TagSource(name(path), TagSource.FIELD, path));
        }
        for (String header : settings.tagHeaders()) {
            sources.put(header, new TagSource(header, TagSource.HEADER, header));
        }
        if (!settings.tagKey().isEmpty()) {
            sources.put(settings.tagKey(), new TagSource(settings.tagKey(), TagSource.KEY, ""));
        }
        MetadataSettings metadata = settings.metadata();
        metadata.staticTags().forEach((name, value) -> sources.put(name, new TagSource(name, TagSource.CONSTANT,
                value)));
        if (!metadata.topicTag().isEmpty()) {
            sources.put(metadata.topicTag(), new TagSource(metadata.topicTag(), TagSource.TOPIC, ""));
        }
        if (!metadata.partitionTag().isEmpty()) {
            sources.put(metadata.partitionTag(), new TagSource(metadata.partitionTag(), TagSource.PARTITION, ""));
        }
        this.tagSources = sources.values().toArray(new TagSource[0]);
        this.escapedTagNames = new String[tagSources.length];
        for (int i = 0; i < tagSources.length; i++) {
            escapedTagNames[i] = escapedKey(tagSources[i].name());
        }
        this.fieldPaths = settings.fields().toArray(new String[0]);
        this.escapedFieldNames = new String[fieldPaths.length];
        for (int f = 0; f < fieldPaths.length; f++) {
            escapedFieldNames[f] = escapedKey(name(fieldPaths[f]));
        }
        this.ingestTimeField = metadata.ingestTimeField();
        if (!ingestTimeField.isEmpty()) {
            // The record's own field of that name would make a second field with the same key.
            notFields.add(ingestTimeField);
        }
    }

    public MappedPoint map(SinkRecord record) {
        FlatRecord flat = flattener.flatten(record.value());
        Map<String, Object> values = flat.values();
        if (line.capacity() > MAX_RETAINED_CAPACITY) {
            line = new StringBuilder(256);
        }
        StringBuilder line = this.line;
        line.setLength(0);
        appendMeasurement(line, settings.measurement().render(record.topic(), values));
        appendTags(line, record, values);
        line.append(' ');
        int before = line.length();
        int[] nonFinite = {0};
        // JSON records come as FlatValues, which may hold a decimal's text to copy (FlatValues.setDecimal).
        FlatValues texts = values instanceof FlatValues flatValues ? flatValues : null;
        if (settings.fields().isEmpty()) {
            // FlatValues iterates in slot order, so the position is also the slot of a decimal's text.
            int position = 0;
            for (Map.Entry<String, Object> e : values.entrySet()) {
                String key = e.getKey();
                int at = position++;
                KeyDecision decision = decide(key, at);
                if (decision.field()) {
                    appendField(line, key, decision.escapedName(), decision.forced(), e.getValue(),
                            flat.schemaless(), nonFinite, texts, at);
                }
            }
        } else {
            for (int f = 0; f < fieldPaths.length; f++) {
                String path = fieldPaths[f];
                if (!path.equals(ingestTimeField)) {
                    int at = texts == null ? -1 : texts.indexOf(path);
                    Object value = texts == null ? values.get(path) : at < 0 ? null : texts.valueAt(at);
                    if (value != null) {
                        appendField(line, path, escapedFieldNames[f], settings.fieldTypes().get(path), value,
                                flat.schemaless(), nonFinite, texts, at);
                    }
                }
            }
        }
        if (line.length() == before) {
            throw new MappingException("record yields no field to write" + (nonFinite[0] > 0
                    ? " (" + nonFinite[0] + " NaN/Infinity value(s) skipped)" : "") + "; fields present: "
                    + values.keySet());
        }
        if (!ingestTimeField.isEmpty() && record.timestamp() != null) {
            LineProtocol.appendKey(line, ingestTimeField);
            line.append('=');
            LineProtocol.appendInteger(line, record.timestamp());
            line.append(',');
        }
        line.setLength(line.length() - 1);
        long nanos = settings.time().epochNanos(flat, record.timestamp());
        line.append(' ').append(Math.floorDiv(nanos, precisionDivisor));
        String target = destination == null ? null : destination.render(record, values);
        return new MappedPoint(line.toString(), nonFinite[0], target);
    }

    private void appendMeasurement(StringBuilder line, String measurement) {
        if (measurement != lastMeasurement) {
            StringBuilder escaped = new StringBuilder(measurement.length() + 8);
            LineProtocol.appendMeasurement(escaped, measurement);
            lastMeasurementEscaped = escaped.toString();
            lastMeasurement = measurement;
        }
        line.append(lastMeasurementEscaped);
    }

    /** The decision for {@code key} at {@code position}, from the cache when the same key instance was there. */
    private KeyDecision decide(String key, int position) {
        KeyDecision cached = position < KEY_POSITIONS ? keyDecisions[position] : null;
        // Equal text decides the same: maps and Structs (new key strings per record) still hit the cache.
        if (cached != null && cached.key().equals(key)) {
            return cached;
        }
        boolean field = !notFields.contains(key);
        KeyDecision decision = new KeyDecision(key, field, field ? settings.fieldTypes().get(key) : null,
                field ? escapedKey(name(key)) : "");
        if (position < KEY_POSITIONS) {
            keyDecisions[position] = decision;
        }
        return decision;
    }

    private void appendTags(StringBuilder line, SinkRecord record, Map<String, Object> values) {
        for (int t = 0; t < tagSources.length; t++) {
            TagSource tag = tagSources[t];
            Object value = switch (tag.kind()) {
                case TagSource.FIELD -> values.get(tag.source());
                case TagSource.HEADER -> {
                    Header header = record.headers().lastWithName(tag.source());
                    yield header == null ? null : header.value();
                }
                case TagSource.KEY -> record.key();
                case TagSource.CONSTANT -> tag.source();
                case TagSource.TOPIC -> record.topic();
                default -> record.kafkaPartition();
            };
            String text = value instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8)
                    : value == null ? null : value.toString();
            // Line protocol has no empty tag value; an absent tag is the faithful representation.
            if (text != null && !text.isEmpty()) {
                line.append(',').append(escapedTagNames[t]).append('=');
                LineProtocol.appendKey(line, text);
            }
        }
    }

    /**
     * {@code escapedName}: the field's name as written (separator replaced, escaped); {@code texts} and
     * {@code index}: where the value may have a decimal text to copy (null and -1: none).
     */
    private void appendField(StringBuilder line, String path, CharSequence escapedName, FieldType forced,
                             Object value, boolean schemaless, int[] nonFinite, FlatValues texts, int index) {
        if (value == null) {
            return;
        }
        FieldType type = forced != null ? forced : naturalType(value, schemaless);
        int mark = line.length();
        line.append(escapedName).append('=');
        switch (type) {
            case FLOAT -> {
                if (texts != null && texts.appendDecimalText(line, index)) {
                    break;
                }
                double d = toDouble(path, value);
                if (!Double.isFinite(d)) {
                    nonFinite[0]++;
                    line.setLength(mark);
                    return;
                }
                LineProtocol.appendFloat(line, d);
            }
            case INTEGER -> LineProtocol.appendInteger(line, toLong(path, value));
            case BOOLEAN -> line.append(toBoolean(path, value));
            case STRING -> LineProtocol.appendStringValue(line, value instanceof Date d ? String.valueOf(d.getTime())
                    : value.toString());
        }
        line.append(',');
    }

    private FieldType naturalType(Object value, boolean schemaless) {
        if (value instanceof Boolean) {
            return FieldType.BOOLEAN;
        }
        if (value instanceof Date) {
            return FieldType.INTEGER;
        }
        if (value instanceof Number) {
            boolean integral = value instanceof Long || value instanceof Integer || value instanceof Short
                    || value instanceof Byte || value instanceof BigInteger;
            return integral && !(schemaless && settings.numbersAsFloat()) ? FieldType.INTEGER : FieldType.FLOAT;
        }
        return FieldType.STRING;
    }

    private static String escapedKey(String name) {
        StringBuilder escaped = new StringBuilder(name.length() + 4);
        LineProtocol.appendKey(escaped, name);
        return escaped.toString();
    }

    private String name(String path) {
        return ".".equals(settings.flattenSeparator()) ? path : path.replace(".", settings.flattenSeparator());
    }

    private static double toDouble(String path, Object value) {
        if (value instanceof Number n) {
            return n.doubleValue();
        }
        if (value instanceof String s) {
            try {
                return Double.parseDouble(s.trim());
            } catch (NumberFormatException e) {
                throw wrongType(path, value, "float");
            }
        }
        throw wrongType(path, value, "float");
    }

    private static long toLong(String path, Object value) {
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof Date d) {
            return d.getTime();
        }
        if (value instanceof Number n) {
            double d = n.doubleValue();
            if (d == Math.rint(d) && Math.abs(d) < 9.2e18) {
                return (long) d;
            }
            throw wrongType(path, value, "integer");
        }
        if (value instanceof String s) {
            try {
                return Long.parseLong(s.trim());
            } catch (NumberFormatException e) {
                throw wrongType(path, value, "integer");
            }
        }
        throw wrongType(path, value, "integer");
    }

    private static boolean toBoolean(String path, Object value) {
        if (value instanceof Boolean b) {
            return b;
        }
        if (value instanceof String s && (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false"))) {
            return Boolean.parseBoolean(s);
        }
        throw wrongType(path, value, "boolean");
    }

    private static MappingException wrongType(String path, Object value, String type) {
        return new MappingException("field '" + path + "' value '" + value + "' cannot be written as " + type
                + " (field.types)");
    }
}
