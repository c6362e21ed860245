package dev.iotstream.connect.timeseries;

import dev.iotstream.connect.timeseries.mapping.FieldType;
import dev.iotstream.connect.timeseries.mapping.MappingSettings;
import dev.iotstream.connect.timeseries.mapping.MeasurementTemplate;
import dev.iotstream.connect.timeseries.mapping.TimeResolver;
import dev.iotstream.connect.timeseries.write.TargetSettings;
import dev.iotstream.connect.timeseries.mapping.TimeFallback;
import dev.iotstream.connect.timeseries.mapping.TimeUnitMode;
import dev.iotstream.connect.timeseries.write.TlsSettings;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.types.Password;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.HashSet;
import java.util.Map;

/** Configuration of the time-series sink, with typed getters so no stringly-typed map travels further. */
public final class TimeSeriesSinkConfig extends AbstractConfig {
    public static final String URL = "influx.url";
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
    public static final String VALIDATE_CONNECTION = "validate.connection";
    public static final String VALIDATE_TIMEOUT = "validate.timeout.ms";

    public static final String MEASUREMENT = "measurement";
    public static final String TAGS = "tags";
    public static final String TAG_HEADERS = "tags.headers";
    public static final String TAG_KEY = "tags.key";
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

    private static final String GROUP_TARGET = "Target";
    private static final String GROUP_MAPPING = "Mapping";
    private static final String GROUP_TIME = "Time";
    private static final String GROUP_DELIVERY = "Delivery";

    private static final ConfigDef CONFIG_DEF = buildConfigDef();

    public TimeSeriesSinkConfig(Map<?, ?> props) {
        super(CONFIG_DEF, props);
    }

    public static ConfigDef configDef() {
        return new ConfigDef(CONFIG_DEF);
    }

    private static ConfigDef buildConfigDef() {
        ConfigDef def = new ConfigDef();
        int o = 0;
        def.define(URL, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, ConfigValidators.httpUrl(), Importance.HIGH,
                "Base URL of the store's InfluxDB v2 write API (http or https), without /api/v2/write. InfluxDB 2.x/3.x/Cloud: "
                        + "the server URL; InfluxDB 1.8+: the server URL (v2 compatibility API); VictoriaMetrics: "
                        + "http://host:8428; QuestDB: http://host:9000. A path prefix (reverse proxy) is kept.",
                GROUP_TARGET, ++o, Width.LONG, "URL");
        def.define(TOKEN, Type.PASSWORD, "", Importance.HIGH,
                "API token, sent as 'Authorization: Token ...'. InfluxDB 1.8+: 'user:password'. Empty sends no "
                        + "Authorization header (QuestDB and VictoriaMetrics without auth).",
                GROUP_TARGET, ++o, Width.MEDIUM, "Token");
        def.define(ORG, Type.STRING, "", Importance.MEDIUM,
                "Organization name or id (InfluxDB 2.x/Cloud). Ignored by InfluxDB 1.8, VictoriaMetrics and QuestDB; "
                        + "empty sends '-'.",
                GROUP_TARGET, ++o, Width.MEDIUM, "Organization");
        def.define(BUCKET, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyString(), Importance.HIGH,
                "Bucket (InfluxDB 2.x/Cloud), database (InfluxDB 3.x) or 'db/rp' (InfluxDB 1.8+). Required; "
                        + "VictoriaMetrics and QuestDB accept and ignore it.",
                GROUP_TARGET, ++o, Width.MEDIUM, "Bucket");
        def.define(GZIP, Type.BOOLEAN, true, Importance.LOW,
                "Compress write requests with gzip. Saves network on remote stores; turn off for stores on the "
                        + "same host, where compression only costs CPU.",
                GROUP_TARGET, ++o, Width.SHORT, "Gzip");
        def.define(CONNECT_TIMEOUT, Type.LONG, 10_000L, ConfigDef.Range.between(1, 600_000), Importance.LOW,
                "TCP connect timeout of write requests, in milliseconds.", GROUP_TARGET, ++o, Width.SHORT,
                "Connect timeout");
        def.define(REQUEST_TIMEOUT, Type.LONG, 30_000L, ConfigDef.Range.between(1, 600_000), Importance.LOW,
                "Read and write timeout of write requests, in milliseconds. A timeout is retried like a 503.",
                GROUP_TARGET, ++o, Width.SHORT, "Request timeout");
        def.define(TRUSTSTORE_LOCATION, Type.STRING, "", Importance.LOW,
                "Truststore file (JKS or PKCS12) holding the CA that signed the store's certificate, for https "
                        + "URLs with a private CA. Empty: the JVM's default trust.",
                GROUP_TARGET, ++o, Width.LONG, "Truststore");
        def.define(TRUSTSTORE_PASSWORD, Type.PASSWORD, "", Importance.LOW, "Truststore password.",
                GROUP_TARGET, ++o, Width.MEDIUM, "Truststore password");
        def.define(TRUSTSTORE_TYPE, Type.STRING, "PKCS12", ConfigValidators.oneOfIgnoreCase("PKCS12", "JKS"),
                Importance.LOW, "Truststore type.", GROUP_TARGET, ++o, Width.SHORT, "Truststore type");
        def.define(KEYSTORE_LOCATION, Type.STRING, "", Importance.LOW,
                "Keystore file (JKS or PKCS12) with the client certificate and key for mutual TLS. Empty: none.",
                GROUP_TARGET, ++o, Width.LONG, "Keystore");
        def.define(KEYSTORE_PASSWORD, Type.PASSWORD, "", Importance.LOW, "Keystore (and key) password.",
                GROUP_TARGET, ++o, Width.MEDIUM, "Keystore password");
        def.define(KEYSTORE_TYPE, Type.STRING, "PKCS12", ConfigValidators.oneOfIgnoreCase("PKCS12", "JKS"),
                Importance.LOW, "Keystore type.", GROUP_TARGET, ++o, Width.SHORT, "Keystore type");
        def.define(VALIDATE_CONNECTION, Type.BOOLEAN, true, Importance.LOW,
                "During REST validation, send an empty write request to the target and report an unreachable "
                        + "target, a rejected token (401/403) or a wrong URL path/bucket (404) as an error on "
                        + URL + ". Tasks make the same check when they start.",
                GROUP_TARGET, ++o, Width.SHORT, "Check target");
        def.define(VALIDATE_TIMEOUT, Type.LONG, 5_000L, ConfigDef.Range.between(100, 60_000), Importance.LOW,
                "Upper bound, in milliseconds, of the target check done by validation.",
                GROUP_TARGET, ++o, Width.SHORT, "Check timeout");

        o = 0;
        def.define(MEASUREMENT, Type.STRING, "${topic}", ConfigValidators.measurementTemplate(), Importance.HIGH,
                "Measurement of every point: a constant, or a template where ${topic} is the Kafka topic and "
                        + "${path} is the value of a field (dotted path, e.g. ${meta.kind}). Fields used in the "
                        + "template are not also written as fields.",
                GROUP_MAPPING, ++o, Width.MEDIUM, "Measurement");
        def.define(TAGS, Type.LIST, "", Importance.HIGH,
                "Field paths written as tags (dotted paths reach nested values). Missing or null values are "
                        + "left out of the point. Tags are indexed strings: keep their cardinality low.",
                GROUP_MAPPING, ++o, Width.LONG, "Tags");
        def.define(TAG_HEADERS, Type.LIST, "", Importance.MEDIUM,
                "Kafka header names whose values become tags of the same name (e.g. mqtt.topic).",
                GROUP_MAPPING, ++o, Width.LONG, "Tags from headers");
        def.define(TAG_KEY, Type.STRING, "", Importance.MEDIUM,
                "Tag name for the record key (as a string). Empty: the key is not used.",
                GROUP_MAPPING, ++o, Width.MEDIUM, "Tag from key");
        def.define(FIELDS, Type.LIST, "", Importance.HIGH,
                "Field paths written as fields. Empty: every scalar that is not a tag, the time field or used by "
                        + "the measurement template (arrays are not written). A record that yields no field is a data "
                        + "error (dead letter queue or task failure, per errors.tolerance).",
                GROUP_MAPPING, ++o, Width.LONG, "Fields");
        def.define(FIELDS_EXCLUDE, Type.LIST, "", Importance.MEDIUM,
                "Field paths never written as fields. Only with an empty '" + FIELDS + "'.",
                GROUP_MAPPING, ++o, Width.LONG, "Excluded fields");
        def.define(FIELD_TYPES, Type.LIST, "", ConfigValidators.fieldTypes(), Importance.MEDIUM,
                "Per-field type overrides as path:type with type one of float, integer, boolean, string, "
                        + "e.g. 'count:integer,ok:boolean'. A value that cannot be converted is a data error.",
                GROUP_MAPPING, ++o, Width.LONG, "Field types");
        def.define(NUMBERS_AS_FLOAT, Type.BOOLEAN, true, Importance.MEDIUM,
                "Write every number of schemaless input (maps, JSON) as a float, so that 25 followed by 25.5 "
                        + "cannot cause a field type conflict in the store. Struct input keeps its schema's types. "
                        + FIELD_TYPES + " overrides both.",
                GROUP_MAPPING, ++o, Width.SHORT, "Numbers as floats");
        def.define(FLATTEN_SEPARATOR, Type.STRING, ".", ConfigValidators.nonEmptyNoWhitespace(), Importance.LOW,
                "Nested values are flattened: the field or tag name is the path with this separator between "
                        + "levels (a.b with '.', a_b with '_'). Paths in settings always use dots.",
                GROUP_MAPPING, ++o, Width.SHORT, "Flatten separator");

        o = 0;
        def.define(TIME_FIELD, Type.STRING, "", Importance.HIGH,
                "Field path holding the point's time: epoch number (unit per " + TIME_UNIT + ") or an ISO-8601 "
                        + "string (without zone: UTC). Empty: the Kafka record timestamp. An unparseable time is a "
                        + "data error; a missing one is handled per " + TIME_FALLBACK + " (default: a data error).",
                GROUP_TIME, ++o, Width.MEDIUM, "Time field");
        def.define(TIME_UNIT, Type.STRING, "auto", ConfigValidators.oneOfIgnoreCase(TimeUnitMode.names()),
                Importance.MEDIUM,
                "Unit of numeric times: s, ms, us, ns, or auto (by magnitude: below 1e11 seconds, below 1e14 "
                        + "milliseconds, below 1e17 microseconds, else nanoseconds; right for dates 1973-5138).",
                GROUP_TIME, ++o, Width.SHORT, "Time unit");
        def.define(TIME_FALLBACK, Type.STRING, TimeFallback.FAIL.label(),
                ConfigValidators.oneOfIgnoreCase(TimeFallback.labels()), Importance.LOW,
                "When a record lacks its time (the " + TIME_FIELD + " is missing or null, or, without a "
                        + TIME_FIELD + ", there is no Kafka timestamp): 'fail' (a data error: dead letter queue or "
                        + "task failure per errors.tolerance), 'record-timestamp' (a missing time field falls back to "
                        + "the Kafka record timestamp; none: a data error) or 'wall-clock' (the Kafka record "
                        + "timestamp, else the task's current time: a point written twice then differs).",
                GROUP_TIME, ++o, Width.SHORT, "Time fallback");
        def.define(WRITE_PRECISION, Type.STRING, "ns", ConfigValidators.oneOfIgnoreCase("s", "ms", "us", "ns"),
                Importance.MEDIUM,
                "Precision of timestamps sent to the store. Finer times are truncated, and truncated points with "
                        + "equal measurement, tags and time overwrite each other: keep 'ns' unless the store needs less.",
                GROUP_TIME, ++o, Width.SHORT, "Write precision");

        o = 0;
        def.define(BATCH_SIZE, Type.INT, 5000, ConfigDef.Range.between(1, 100_000), Importance.MEDIUM,
                "Points per write request. 5000 is the documented sweet spot of InfluxDB-compatible stores.",
                GROUP_DELIVERY, ++o, Width.SHORT, "Batch size");
        def.define(FLUSH_INTERVAL, Type.LONG, 1000L, ConfigDef.Range.between(1, 3_600_000), Importance.MEDIUM,
                "Allowed lag: buffered points are written at the latest this many milliseconds after the first "
                        + "of them arrived, even if the batch is not full and Connect does not call flush.",
                GROUP_DELIVERY, ++o, Width.SHORT, "Flush interval");
        def.define(RETRY_BACKOFF_INITIAL, Type.LONG, 200L, ConfigDef.Range.between(1, 600_000), Importance.LOW,
                "First back-off after a retriable failure (429, 5xx, timeout, connection error); doubles on "
                        + "each further failure, with full jitter. A Retry-After header wins when longer.",
                GROUP_DELIVERY, ++o, Width.SHORT, "Initial back-off");
        def.define(RETRY_BACKOFF_MAX, Type.LONG, 30_000L, ConfigDef.Range.between(1, 3_600_000), Importance.LOW,
                "Longest back-off between retries, in milliseconds.", GROUP_DELIVERY, ++o, Width.SHORT,
                "Maximum back-off");
        def.define(RETRY_TIMEOUT, Type.LONG, 300_000L, ConfigDef.Range.between(0, 86_400_000), Importance.MEDIUM,
                "How long, in milliseconds, a batch is retried before the task fails with the last error. Kafka "
                        + "offsets of unwritten points are never committed, so nothing is lost when it fails.",
                GROUP_DELIVERY, ++o, Width.SHORT, "Retry timeout");
        return def;
    }

    public String url() {
        return getString(URL);
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
                writePrecision());
    }

    public TargetSettings targetSettings() {
        return new TargetSettings(url().trim(), token() == null ? "" : token().value(), org(), bucket(),
                writePrecision().label(), gzip(), connectTimeout(), requestTimeout(), tls());
    }
}
