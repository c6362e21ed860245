package dev.iotstream.connect.timeseries.mapping;

import java.util.List;
import java.util.Map;
import java.util.Set;

/** Everything the {@link PointMapper} needs, decoupled from the Connect config class so tests can build it. */
public record MappingSettings(
        MeasurementTemplate measurement,
        List<String> tags,
        List<String> tagHeaders,
        String tagKey,
        List<String> fields,
        Set<String> fieldsExclude,
        Map<String, FieldType> fieldTypes,
        boolean numbersAsFloat,
        String flattenSeparator,
        TimeResolver time,
        TimeUnitMode writePrecision,
        MetadataSettings metadata) {

    /** Without metadata tags or fields. */
    public MappingSettings(MeasurementTemplate measurement, List<String> tags, List<String> tagHeaders, String tagKey,
                           List<String> fields, Set<String> fieldsExclude, Map<String, FieldType> fieldTypes,
                           boolean numbersAsFloat, String flattenSeparator, TimeResolver time,
                           TimeUnitMode writePrecision) {
        this(measurement, tags, tagHeaders, tagKey, fields, fieldsExclude, fieldTypes, numbersAsFloat,
                flattenSeparator, time, writePrecision, MetadataSettings.NONE);
    }

    /** Defaults match the connector's: measurement ${topic}, numbers as floats, record time, ns precision. */
    public static final class Builder {
        private String measurement = "${topic}";
        private List<String> tags = List.of();
        private List<String> headers = List.of();
        private String key = "";
        private List<String> fields = List.of();
        private Set<String> exclude = Set.of();
        private Map<String, FieldType> types = Map.of();
        private boolean numbersAsFloat = true;
        private String separator = ".";
        private String timeField = "";
        private TimeUnitMode timeUnit = TimeUnitMode.AUTO;
        private TimeUnitMode precision = TimeUnitMode.NS;
        private MetadataSettings metadata = MetadataSettings.NONE;

        public Builder measurement(String template) {
            this.measurement = template;
            return this;
        }

        public Builder tags(String... paths) {
            this.tags = List.of(paths);
            return this;
        }

        public Builder headers(String... names) {
            this.headers = List.of(names);
            return this;
        }

        public Builder key(String tagName) {
            this.key = tagName;
            return this;
        }

        public Builder fields(String... paths) {
            this.fields = List.of(paths);
            return this;
        }

        public Builder exclude(String... paths) {
            this.exclude = Set.of(paths);
            return this;
        }

        public Builder types(Map<String, FieldType> types) {
            this.types = types;
            return this;
        }

        public Builder numbersAsFloat(boolean numbersAsFloat) {
            this.numbersAsFloat = numbersAsFloat;
            return this;
        }

        public Builder separator(String separator) {
            this.separator = separator;
            return this;
        }

        public Builder timeField(String path) {
            this.timeField = path;
            return this;
        }

        public Builder timeUnit(TimeUnitMode unit) {
            this.timeUnit = unit;
            return this;
        }

        public Builder precision(TimeUnitMode precision) {
            this.precision = precision;
            return this;
        }

        public Builder metadata(MetadataSettings metadata) {
            this.metadata = metadata;
            return this;
        }

        public MappingSettings build() {
            return new MappingSettings(MeasurementTemplate.parse(measurement), tags, headers, key, fields, exclude,
                    types, numbersAsFloat, separator, new TimeResolver(timeField, timeUnit, TimeFallback.FAIL,
                    System::currentTimeMillis), precision, metadata);
        }
    }
}
