package dev.iotstream.connect.timeseries;

import dev.iotstream.connect.timeseries.mapping.MeasurementTemplate;
import dev.iotstream.connect.timeseries.mapping.MetadataSettings;
import org.apache.kafka.common.config.ConfigValue;

import java.util.HashSet;
import java.util.List;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The sink's cross-key rules, in one place for validate() and start(): checks that need several settings at once
 * (contradictory mappings) and, for validate() only, the bounded-time check of the target; reported per key so the
 * REST validate response points at the setting to change.
 */
final class ConfigCrossChecks {
    private final TimeSeriesSinkConfig config;
    private final Map<String, List<String>> problems = new LinkedHashMap<>();

    private ConfigCrossChecks(TimeSeriesSinkConfig config) {
        this.config = config;
    }

    /**
     * @param probeTarget also ask the store (validate(): bounded in time; start() checks the target itself)
     * @return problems by the key to change, in a stable order; empty when the settings agree
     */
    static Map<String, List<String>> problems(TimeSeriesSinkConfig config, boolean probeTarget) {
        ConfigCrossChecks checks = new ConfigCrossChecks(config);
        checks.run(probeTarget);
        return checks.problems;
    }

    /** Adds the problems to the values of validate()'s answer. */
    static void report(Map<String, List<String>> problems, Map<String, ConfigValue> values) {
        problems.forEach((key, messages) -> {
            ConfigValue value = values.get(key);
            if (value != null) {
                messages.stream().filter(m -> !value.errorMessages().contains(m)).forEach(value::addErrorMessage);
            }
        });
    }

    private void run(boolean probeTarget) {
        Set<String> tags = new HashSet<>(config.tags());
        for (String field : config.fields()) {
            if (tags.contains(field)) {
                error(TimeSeriesSinkConfig.FIELDS, "'" + field + "' is listed in both tags and fields; a value "
                        + "is either a tag or a field");
                error(TimeSeriesSinkConfig.TAGS, "'" + field + "' is listed in both tags and fields");
            }
        }
        if (!config.fields().isEmpty() && !config.fieldsExclude().isEmpty()) {
            error(TimeSeriesSinkConfig.FIELDS_EXCLUDE, "use either fields (include list) or fields.exclude, not both");
        }
        String time = config.timeField();
        if (!time.isEmpty() && (tags.contains(time) || config.fields().contains(time))) {
            error(TimeSeriesSinkConfig.TIME_FIELD, "'" + time + "' is the time field and cannot also be a tag or field");
        }
        for (String typed : config.fieldTypes().keySet()) {
            if (tags.contains(typed)) {
                error(TimeSeriesSinkConfig.FIELD_TYPES, "'" + typed + "' is a tag; tags are always strings");
            }
        }
        Set<String> templatePaths = MeasurementTemplate.parse(config.measurement()).fieldPaths();
        for (String path : templatePaths) {
            if (config.fields().contains(path)) {
                error(TimeSeriesSinkConfig.MEASUREMENT, "'" + path + "' names the measurement and cannot also be "
                        + "listed in fields");
            }
        }
        Set<String> tagNames = new HashSet<>(config.tagHeaders());
        if (!config.tagKey().isEmpty() && !tagNames.add(config.tagKey())) {
            error(TimeSeriesSinkConfig.TAG_KEY, "tag '" + config.tagKey() + "' is also a header tag");
        }
        metadataChecks(tagNames);
        if (config.lineProtocolInput()) {
            lineProtocolChecks();
            if (!config.pointsArray().isEmpty()) {
                error(TimeSeriesSinkConfig.POINTS_ARRAY, "does not apply with input.format=line-protocol");
            }
            if (config.destinationTemplate().readsFields()) {
                error(config.destinationKey(), "${field:...} cannot be read from line protocol values; use "
                        + "${topic}, ${key} or ${header:name}");
            }
        }
        Map<String, String> targetErrors = config.targetErrors();
        targetErrors.forEach(this::error);
        if (probeTarget && config.validateConnection() && targetErrors.isEmpty()) {
            config.probeTarget().ifPresent(f -> error(f.setting(), f.message()));
        }
    }

    /** Metadata tags need names no other tag has; the ingest time field must not also be a tag or listed field. */
    private void metadataChecks(Set<String> headerAndKeyTags) {
        Set<String> taken = new HashSet<>(headerAndKeyTags);
        String separator = config.flattenSeparator();
        config.tags().forEach(path -> taken.add(path.replace(".", separator)));
        MetadataSettings metadata = config.metadataSettings();
        for (String name : metadata.staticTags().keySet()) {
            if (!taken.add(name)) {
                error(TimeSeriesSinkConfig.TAGS_STATIC, "tag '" + name + "' also comes from tags, tags.headers or "
                        + "tags.key");
            }
        }
        uniqueTag(taken, metadata.topicTag(), TimeSeriesSinkConfig.TAG_TOPIC);
        uniqueTag(taken, metadata.partitionTag(), TimeSeriesSinkConfig.TAG_PARTITION);
        String ingest = metadata.ingestTimeField();
        if (!ingest.isEmpty() && (taken.contains(ingest) || config.fields().contains(ingest))) {
            error(TimeSeriesSinkConfig.INGEST_TIME_FIELD, "'" + ingest + "' is already a tag or listed in fields");
        }
    }

    /** Settings that map JSON to points would be silently ignored with line protocol input. */
    private void lineProtocolChecks() {
        String why = "does not apply with input.format=line-protocol (the lines already name their tags, fields "
                + "and time)";
        for (String key : new String[]{TimeSeriesSinkConfig.TAGS, TimeSeriesSinkConfig.TAG_HEADERS,
                TimeSeriesSinkConfig.FIELDS, TimeSeriesSinkConfig.FIELDS_EXCLUDE, TimeSeriesSinkConfig.FIELD_TYPES}) {
            if (!config.getList(key).isEmpty()) {
                error(key, why);
            }
        }
        for (String key : new String[]{TimeSeriesSinkConfig.TAG_KEY, TimeSeriesSinkConfig.TIME_FIELD,
                TimeSeriesSinkConfig.INGEST_TIME_FIELD}) {
            if (!config.getString(key).isEmpty()) {
                error(key, why);
            }
        }
        if (!config.measurement().equals("${topic}")) {
            error(TimeSeriesSinkConfig.MEASUREMENT, why);
        }
    }

    private void uniqueTag(Set<String> taken, String name, String key) {
        if (!name.isEmpty() && !taken.add(name)) {
            error(key, "tag '" + name + "' is already written by another tags.* setting");
        }
    }

    private void error(String key, String message) {
        List<String> messages = problems.computeIfAbsent(key, k -> new ArrayList<>());
        if (!messages.contains(message)) {
            messages.add(message);
        }
    }

}
