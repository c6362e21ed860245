package dev.iotstream.connect.timeseries;

import dev.iotstream.connect.timeseries.mapping.FieldType;
import dev.iotstream.connect.timeseries.mapping.MappingSettings;
import dev.iotstream.connect.timeseries.mapping.DestinationTemplate;
import dev.iotstream.connect.timeseries.mapping.MeasurementTemplate;
import dev.iotstream.connect.timeseries.mapping.MetadataSettings;
import dev.iotstream.connect.timeseries.mapping.TimeResolver;
import dev.iotstream.connect.timeseries.write.TargetSettings;
import dev.iotstream.connect.timeseries.mapping.TimeFallback;
import dev.iotstream.connect.timeseries.mapping.TimeUnitMode;
import dev.iotstream.connect.timeseries.write.InfluxApi;
import dev.iotstream.connect.timeseries.write.TargetProbe;
import dev.iotstream.connect.timeseries.write.TlsSettings;
import dev.iotstream.connect.timeseries.write.V1Settings;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.types.Password;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;

/** Configuration of the time-series sink, with typed getters so no stringly-typed map travels further. */
public final class TimeSeriesSinkConfig extends AbstractConfig {
    public static final String URL = "influx.url";
    public static final String API = "influx.api";
    public static final String TOKEN = "influx.token";
    public static final String ORG = "influx.org";
    public static final String BUCKET = "influx.bucket";
    public static final String GZIP = "influx.gzip";
    public static final String CONNECT_TIMEOUT = "influx.connect.timeout.ms";
    public static final String REQUEST_TIMEOUT = "influx.request.timeout.ms";
    public static final String TRUSTSTORE_LOCATION = "influx.ssl.truststore.location";
    public static final String TRUSTSTORE_PASSWORD = "influx.ssl.truststore.password";
    public static final String TRUSTSTORE_TYPE = "influx.ssl.truststore.type";
    public static final String KEYSTORE_LOCATION = "influx.ssl.keystore.location";
    public static final String KEYSTORE_PASSWORD = "influx.ssl.keystore.password";
    public static final String KEYSTORE_TYPE = "influx.ssl.keystore.type";
    public static final String V1_DATABASE = "influx.v1.database";
    public static final String V1_RETENTION_POLICY = "influx.v1.retention.policy";
    public static final String V1_USERNAME = "influx.v1.username";
    public static final String V1_PASSWORD = "influx.v1.password";
    public static final String V1_CREATE_DATABASE = "influx.v1.create.database";
    public static final String VALIDATE_CONNECTION = "validate.connection";
    public static final String VALIDATE_TIMEOUT = "validate.timeout.ms";

    public static final String INPUT_FORMAT = "input.format";
    public static final String POINTS_ARRAY = "points.array";
    public static final String MEASUREMENT = "measurement";
    public static final String TAGS = "tags";
    public static final String TAG_HEADERS = "tags.headers";
    public static final String TAG_KEY = "tags.key";
    public static final String TAGS_STATIC = "tags.static";
    public static final String TAG_TOPIC = "tags.topic";
    public static final String TAG_PARTITION = "tags.partition";
    public static final String INGEST_TIME_FIELD = "fields.ingest.time";
    public static final String FIELDS = "fields";
    public static final String FIELDS_EXCLUDE = "fields.exclude";
    public static final String FIELD_TYPES = "field.types";
    public static final String NUMBERS_AS_FLOAT = "numbers.as.float";
    public static final String FLATTEN_SEPARATOR = "flatten.separator";

    public static final String TIME_FIELD = "time.field";
    public static final String TIME_UNIT = "time.unit";
    public static final String TIME_FALLBACK = "time.fallback";
    public static final String WRITE_PRECISION = "write.precision";

    public static final String BATCH_SIZE = "batch.size";
    public static final String FLUSH_INTERVAL = "flush.interval.ms";
    public static final String RETRY_BACKOFF_INITIAL = "retry.backoff.initial.ms";
    public static final String RETRY_BACKOFF_MAX = "retry.backoff.max.ms";
    public static final String RETRY_TIMEOUT = "retry.timeout.ms";

    /** Added by the connector to each task's properties; not a user setting. */
    static final String TASK_INDEX = "task.index";

    private static final ConfigDef CONFIG_DEF = TimeSeriesSinkConfigDef.build();

    public TimeSeriesSinkConfig(Map<?, ?> props) {
        super(CONFIG_DEF, props);
    }

    public static ConfigDef configDef() {
        return new ConfigDef(CONFIG_DEF);
    }


    public String url() {
        return getString(URL);
    }

    public InfluxApi api() {
        return InfluxApi.parse(getString(API));
    }

    public V1Settings v1Settings() {
        return new V1Settings(getString(V1_DATABASE).trim(), getString(V1_RETENTION_POLICY).trim(),
                getString(V1_USERNAME), getPassword(V1_PASSWORD).value(), getBoolean(V1_CREATE_DATABASE));
    }

    /** Where points go, for logs: the bucket (v2) or database and retention policy (v1). */
    public String destination() {
        if (api() == InfluxApi.V2) {
            return "bucket '" + bucket() + "'";
        }
        V1Settings v1 = v1Settings();
        return "database '" + v1.database() + "'" + (v1.retentionPolicy().isEmpty() ? ""
                : " retention policy '" + v1.retentionPolicy() + "'");
    }

    /**
     * Errors of settings that depend on {@link #API}, per key: each API's required destination, and keys of the
     * other API, which would be silently ignored.
     */
    public Map<String, String> targetErrors() {
        Map<String, String> errors = new LinkedHashMap<>();
        if (api() == InfluxApi.V2) {
            if (bucket().isBlank()) {
                errors.put(BUCKET, "required with " + API + "=v2 (InfluxDB 1.8's v2 API: 'database/retention-policy')");
            }
            V1Settings v1 = v1Settings();
            Map<String, Boolean> v1Set = Map.of(V1_DATABASE, !v1.database().isEmpty(),
                    V1_RETENTION_POLICY, !v1.retentionPolicy().isEmpty(), V1_USERNAME, !v1.username().isEmpty(),
                    V1_PASSWORD, !v1.password().isEmpty(), V1_CREATE_DATABASE, v1.createDatabase());
            v1Set.forEach((key, set) -> {
                if (set) {
                    errors.put(key, "only used with " + API + "=v1, but " + API + " is v2");
                }
            });
            return errors;
        }
        V1Settings v1 = v1Settings();
        if (v1.database().isEmpty()) {
            errors.put(V1_DATABASE, "required with " + API + "=v1");
        }
        if (!bucket().isEmpty()) {
            errors.put(BUCKET, "not used with " + API + "=v1: the database is " + V1_DATABASE);
        }
        if (!org().isEmpty()) {
            errors.put(ORG, "not used with " + API + "=v1");
        }
        if (token() != null && !token().value().isEmpty()) {
            errors.put(TOKEN, "not used with " + API + "=v1: set " + V1_USERNAME + " and " + V1_PASSWORD);
        }
        if (v1.username().isEmpty() && !v1.password().isEmpty()) {
            errors.put(V1_USERNAME, "required when " + V1_PASSWORD + " is set");
        }
        return errors;
    }

    /** Throws the first of {@link #targetErrors()}: for start(), where no per-key report is possible. */
    public void checkTarget() {
        targetErrors().entrySet().stream().findFirst().ifPresent(e -> {
            throw new ConfigException(e.getKey(), originals().get(e.getKey()), e.getValue());
        });
    }

    public Password token() {
        return getPassword(TOKEN);
    }

    public String org() {
        return getString(ORG);
    }

    public String bucket() {
        return getString(BUCKET);
    }

    public boolean gzip() {
        return getBoolean(GZIP);
    }

    public Duration connectTimeout() {
        return Duration.ofMillis(getLong(CONNECT_TIMEOUT));
    }

    public Duration requestTimeout() {
        return Duration.ofMillis(getLong(REQUEST_TIMEOUT));
    }

    public TlsSettings tls() {
        return new TlsSettings(getString(TRUSTSTORE_LOCATION), getPassword(TRUSTSTORE_PASSWORD).value(),
                getString(TRUSTSTORE_TYPE), getString(KEYSTORE_LOCATION), getPassword(KEYSTORE_PASSWORD).value(),
                getString(KEYSTORE_TYPE));
    }

    public boolean validateConnection() {
        return getBoolean(VALIDATE_CONNECTION);
    }

    public Duration validateTimeout() {
        return Duration.ofMillis(getLong(VALIDATE_TIMEOUT));
    }

    /** True for input.format=line-protocol: record values are line protocol already. */
    public boolean lineProtocolInput() {
        return "line-protocol".equalsIgnoreCase(getString(INPUT_FORMAT).trim());
    }

    /** points.array: "" (one point per record), "$" (the value is an array) or a dotted path to an array. */
    public String pointsArray() {
        return getString(POINTS_ARRAY).trim();
    }

    public String measurement() {
        return getString(MEASUREMENT);
    }

    public List<String> tags() {
        return getList(TAGS);
    }

    public List<String> tagHeaders() {
        return getList(TAG_HEADERS);
    }

    public String tagKey() {
        return getString(TAG_KEY);
    }

    /** tags.static as name -> value, in the order given. */
    public Map<String, String> staticTags() {
        return parseStaticTags(getList(TAGS_STATIC));
    }

    static Map<String, String> parseStaticTags(List<String> entries) {
        Map<String, String> tags = new LinkedHashMap<>();
        for (String entry : entries) {
            int eq = entry.indexOf('=');
            tags.put(entry.substring(0, eq).trim(), entry.substring(eq + 1).trim());
        }
        return tags;
    }

    public MetadataSettings metadataSettings() {
        return new MetadataSettings(staticTags(), getString(TAG_TOPIC).trim(), getString(TAG_PARTITION).trim(),
                getString(INGEST_TIME_FIELD).trim());
    }

    public List<String> fields() {
        return getList(FIELDS);
    }

    public List<String> fieldsExclude() {
        return getList(FIELDS_EXCLUDE);
    }

    public Map<String, FieldType> fieldTypes() {
        return parseFieldTypes(getList(FIELD_TYPES));
    }

    static Map<String, FieldType> parseFieldTypes(List<String> entries) {
        Map<String, FieldType> types = new LinkedHashMap<>();
        for (String entry : entries) {
            int colon = entry.lastIndexOf(':');
            types.put(entry.substring(0, colon).trim(), FieldType.parse(entry.substring(colon + 1)));
        }
        return types;
    }

    public boolean numbersAsFloat() {
        return getBoolean(NUMBERS_AS_FLOAT);
    }

    public String flattenSeparator() {
        return getString(FLATTEN_SEPARATOR);
    }

    public String timeField() {
        return getString(TIME_FIELD);
    }

    public TimeUnitMode timeUnit() {
        return TimeUnitMode.parse(getString(TIME_UNIT));
    }

    public TimeFallback timeFallback() {
        return TimeFallback.fromLabel(getString(TIME_FALLBACK));
    }

    public TimeUnitMode writePrecision() {
        return TimeUnitMode.parse(getString(WRITE_PRECISION));
    }

    public int batchSize() {
        return getInt(BATCH_SIZE);
    }

    public long flushIntervalMs() {
        return getLong(FLUSH_INTERVAL);
    }

    public long retryBackoffInitialMs() {
        return getLong(RETRY_BACKOFF_INITIAL);
    }

    public long retryBackoffMaxMs() {
        return getLong(RETRY_BACKOFF_MAX);
    }

    public long retryTimeoutMs() {
        return getLong(RETRY_TIMEOUT);
    }

    public String connectorName() {
        Object name = originals().get("name");
        return name == null ? "timeseries-sink" : name.toString();
    }

    public int taskIndex() {
        Object index = originals().get(TASK_INDEX);
        return index == null ? 0 : Integer.parseInt(index.toString());
    }

    public MappingSettings mappingSettings() {
        return new MappingSettings(MeasurementTemplate.parse(measurement()), tags(), tagHeaders(), tagKey(), fields(),
                new HashSet<>(fieldsExclude()), fieldTypes(), numbersAsFloat(), flattenSeparator(),
                new TimeResolver(timeField(), timeUnit(), timeFallback(), System::currentTimeMillis),
                writePrecision(), metadataSettings());
    }

    /** The bounded-time check of the target for the configured API (see {@link TargetProbe}). */
    public Optional<TargetProbe.ProbeFailure> probeTarget() {
        boolean routed = !destinationTemplate().isConstant();
        return api() == InfluxApi.V1 ? TargetProbe.checkV1(targetSettings(), v1Settings(), validateTimeout(), routed)
                : TargetProbe.check(targetSettings(), validateTimeout(), routed);
    }

    /** The setting that names the destination for the configured API: influx.bucket or influx.v1.database. */
    public String destinationKey() {
        return api() == InfluxApi.V1 ? V1_DATABASE : BUCKET;
    }

    /** influx.bucket (v2) or influx.v1.database (v1), constant or routed per record. */
    public DestinationTemplate destinationTemplate() {
        String key = destinationKey();
        return DestinationTemplate.parse(key, getString(key).trim());
    }

    public TargetSettings targetSettings() {
        return new TargetSettings(url().trim(), token() == null ? "" : token().value(), org(), bucket(),
                writePrecision().label(), gzip(), connectTimeout(), requestTimeout(), tls());
    }
}
