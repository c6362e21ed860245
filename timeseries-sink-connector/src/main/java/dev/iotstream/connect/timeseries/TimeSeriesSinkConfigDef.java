package dev.iotstream.connect.timeseries;

import dev.iotstream.connect.common.config.Validators;
import dev.iotstream.connect.timeseries.mapping.TimeFallback;
import dev.iotstream.connect.timeseries.mapping.TimeUnitMode;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;

import static dev.iotstream.connect.timeseries.TimeSeriesSinkConfig.*;

/**
 * The definitions, docs, validators and groups of {@link TimeSeriesSinkConfig}'s keys, one method per group, in
 * the order the generated configuration reference lists them.
 */
final class TimeSeriesSinkConfigDef {
    private static final String GROUP_TARGET = "Target";
    private static final String GROUP_V1 = "InfluxDB 1.x API";
    private static final String GROUP_MAPPING = "Mapping";
    private static final String GROUP_TIME = "Time";
    private static final String GROUP_DELIVERY = "Delivery";

    private TimeSeriesSinkConfigDef() {
    }

    static ConfigDef build() {
        ConfigDef def = new ConfigDef();
        target(def);
        v1(def);
        mapping(def);
        time(def);
        delivery(def);
        return def;
    }

    private static void target(ConfigDef def) {
        int o = 0;
        def.define(URL, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, Validators.httpUrl(), Importance.HIGH,
                "Base URL of the store's write API (http or https), without /api/v2/write or /write. InfluxDB "
                        + "2.x/3.x/Cloud: the server URL; InfluxDB 1.x: the server URL (v1 API, or 1.8+'s v2 "
                        + "compatibility API); VictoriaMetrics: "
                        + "http://host:8428; QuestDB: http://host:9000. A path prefix (reverse proxy) is kept.",
                GROUP_TARGET, ++o, Width.LONG, "URL");
        def.define(API, Type.STRING, "v2", Validators.oneOf("v2", "v1"), Importance.HIGH,
                "Write API: 'v2' (POST /api/v2/write with " + TOKEN + ", " + ORG + ", " + BUCKET + "): InfluxDB "
                        + "2.x/3.x/Cloud, InfluxDB 1.8+, VictoriaMetrics, QuestDB. 'v1' (POST /write with the "
                        + "influx.v1.* settings): every InfluxDB 1.x (also before 1.8), the v1 compatibility API of "
                        + "InfluxDB 2.x/3.x, VictoriaMetrics and QuestDB.",
                GROUP_TARGET, ++o, Width.SHORT, "Write API");
        def.define(TOKEN, Type.PASSWORD, "", Importance.HIGH,
                "API token, sent as 'Authorization: Token ...'. InfluxDB 1.8+: 'user:password'. Empty sends no "
                        + "Authorization header (QuestDB and VictoriaMetrics without auth).",
                GROUP_TARGET, ++o, Width.MEDIUM, "Token");
        def.define(ORG, Type.STRING, "", Importance.MEDIUM,
                "Organization name or id (InfluxDB 2.x/Cloud). Ignored by InfluxDB 1.8, VictoriaMetrics and QuestDB; "
                        + "empty sends '-'.",
                GROUP_TARGET, ++o, Width.MEDIUM, "Organization");
        def.define(BUCKET, Type.STRING, "", TimeSeriesSinkValidators.destinationTemplate(BUCKET), Importance.HIGH,
                "Bucket (InfluxDB 2.x/Cloud), database (InfluxDB 3.x) or 'db/rp' (InfluxDB 1.8+). Required with "
                        + API + "=v2; VictoriaMetrics and QuestDB accept and ignore it. Not used with " + API + "=v1. "
                        + "May be a template routing each record: ${topic}, ${key}, ${header:name}, ${field:path} "
                        + "(e.g. 'site-${field:meta.site}'); records are written in one request per bucket, and a "
                        + "record whose placeholders cannot be filled goes to the dead letter queue with the reason.",
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
        def.define(TRUSTSTORE_TYPE, Type.STRING, "PKCS12", Validators.oneOf("PKCS12", "JKS"),
                Importance.LOW, "Truststore type.", GROUP_TARGET, ++o, Width.SHORT, "Truststore type");
        def.define(KEYSTORE_LOCATION, Type.STRING, "", Importance.LOW,
                "Keystore file (JKS or PKCS12) with the client certificate and key for mutual TLS. Empty: none.",
                GROUP_TARGET, ++o, Width.LONG, "Keystore");
        def.define(KEYSTORE_PASSWORD, Type.PASSWORD, "", Importance.LOW, "Keystore (and key) password.",
                GROUP_TARGET, ++o, Width.MEDIUM, "Keystore password");
        def.define(KEYSTORE_TYPE, Type.STRING, "PKCS12", Validators.oneOf("PKCS12", "JKS"),
                Importance.LOW, "Keystore type.", GROUP_TARGET, ++o, Width.SHORT, "Keystore type");
        def.define(VALIDATE_CONNECTION, Type.BOOLEAN, true, Importance.LOW,
                "During REST validation, send an empty write request to the target and report an unreachable "
                        + "target, a rejected token (401/403) or a wrong URL path/bucket (404) as an error on "
                        + URL + " (" + API + "=v1: rejected credentials, an unknown database or retention policy "
                        + "on the influx.v1.* key to fix). Tasks make the same check when they start.",
                GROUP_TARGET, ++o, Width.SHORT, "Check target");
        def.define(VALIDATE_TIMEOUT, Type.LONG, 5_000L, ConfigDef.Range.between(100, 60_000), Importance.LOW,
                "Upper bound, in milliseconds, of the target check done by validation.",
                GROUP_TARGET, ++o, Width.SHORT, "Check timeout");
    }

    private static void v1(ConfigDef def) {
        int o = 0;
        def.define(V1_DATABASE, Type.STRING, "", TimeSeriesSinkValidators.destinationTemplate(V1_DATABASE),
                Importance.HIGH,
                "Database written to (the db parameter of /write). Required with " + API + "=v1. May be a "
                        + "template routing each record, like " + BUCKET + " (${topic}, ${key}, ${header:name}, "
                        + "${field:path}).",
                GROUP_V1, ++o, Width.MEDIUM, "Database");
        def.define(V1_RETENTION_POLICY, Type.STRING, "", Importance.MEDIUM,
                "Retention policy written to (rp). Empty: the database's default retention policy. An unknown one "
                        + "fails the task with a message naming this setting (InfluxDB answers it with HTTP 500).",
                GROUP_V1, ++o, Width.MEDIUM, "Retention policy");
        def.define(V1_USERNAME, Type.STRING, "", Importance.HIGH,
                "User name, sent with " + V1_PASSWORD + " as HTTP Basic authentication (never in the URL, where "
                        + "access logs would keep it). Empty: no credentials (InfluxDB without auth-enabled).",
                GROUP_V1, ++o, Width.MEDIUM, "Username");
        def.define(V1_PASSWORD, Type.PASSWORD, "", Importance.HIGH,
                "Password of " + V1_USERNAME + ".", GROUP_V1, ++o, Width.MEDIUM, "Password");
        def.define(V1_CREATE_DATABASE, Type.BOOLEAN, false, Importance.LOW,
                "When the store answers 'database not found', create the database (CREATE DATABASE, needs an admin "
                        + "user when auth is on) and write again. Off: an unknown database fails the task with a "
                        + "message naming " + V1_DATABASE + ".",
                GROUP_V1, ++o, Width.SHORT, "Create database");
    }

    private static void mapping(ConfigDef def) {
        int o = 0;
        def.define(INPUT_FORMAT, Type.STRING, "json", Validators.oneOf("json", "line-protocol"),
                Importance.HIGH,
                "'json': record values (JSON bytes or strings, maps, Structs) are mapped to points by the settings "
                        + "of this group. 'line-protocol': values (strings or bytes) already are InfluxDB line "
                        + "protocol, one or many lines (e.g. Telegraf's Kafka output with data_format = \"influx\"); "
                        + "each line is checked and written as it is, timestamps in " + WRITE_PRECISION + "; a "
                        + "line without one gets the record's Kafka timestamp; " + TAGS_STATIC + ", " + TAG_TOPIC
                        + " and " + TAG_PARTITION + " are added to lines that lack those tags; bad lines go to the "
                        + "dead letter queue with their line numbers (the record's good lines are written). The "
                        + "other settings of this group do not apply.",
                GROUP_MAPPING, ++o, Width.SHORT, "Input format");
        def.define(POINTS_ARRAY, Type.STRING, "", Validators.jsonArrayPath(), Importance.MEDIUM,
                "One point per array element: '$' when the record value is a JSON array, or the dotted path of an "
                        + "array inside it (e.g. 'readings'). Each element is mapped like a record made of its "
                        + "members over the members outside the array (usable as tags or fields; the element's win); "
                        + "a scalar element becomes the field 'value'. Give elements their own time (" + TIME_FIELD
                        + "), or distinct tags: points with equal measurement, tags and time overwrite each other. "
                        + "Elements that cannot be mapped are named by index in the record's dead letter reason; the "
                        + "others are written. JSON and map values only. Empty: one point per record.",
                GROUP_MAPPING, ++o, Width.MEDIUM, "Points from array");
        def.define(MEASUREMENT, Type.STRING, "${topic}", TimeSeriesSinkValidators.measurementTemplate(),
                Importance.HIGH,
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
        def.define(TAGS_STATIC, Type.LIST, "", TimeSeriesSinkValidators.staticTags(), Importance.MEDIUM,
                "Constant tags added to every point, as name=value pairs, e.g. 'env=prod,region=eu'. A tag of "
                        + "the same name from the record is a configuration error.",
                GROUP_MAPPING, ++o, Width.LONG, "Static tags");
        def.define(TAG_TOPIC, Type.STRING, "", Importance.LOW,
                "Tag name for the record's Kafka topic (e.g. kafka_topic). Empty: not written.",
                GROUP_MAPPING, ++o, Width.MEDIUM, "Tag from topic");
        def.define(TAG_PARTITION, Type.STRING, "", Importance.LOW,
                "Tag name for the record's Kafka partition number (e.g. kafka_partition). Empty: not written. "
                        + "Adds a series per partition.",
                GROUP_MAPPING, ++o, Width.MEDIUM, "Tag from partition");
        def.define(FIELDS, Type.LIST, "", Importance.HIGH,
                "Field paths written as fields. Empty: every scalar that is not a tag, the time field or used by "
                        + "the measurement template (arrays are not written). A record that yields no field is a data "
                        + "error (dead letter queue or task failure, per errors.tolerance).",
                GROUP_MAPPING, ++o, Width.LONG, "Fields");
        def.define(FIELDS_EXCLUDE, Type.LIST, "", Importance.MEDIUM,
                "Field paths never written as fields. Only with an empty '" + FIELDS + "'.",
                GROUP_MAPPING, ++o, Width.LONG, "Excluded fields");
        def.define(FIELD_TYPES, Type.LIST, "", TimeSeriesSinkValidators.fieldTypes(), Importance.MEDIUM,
                "Per-field type overrides as path:type with type one of float, integer, boolean, string, "
                        + "e.g. 'count:integer,ok:boolean'. A value that cannot be converted is a data error.",
                GROUP_MAPPING, ++o, Width.LONG, "Field types");
        def.define(NUMBERS_AS_FLOAT, Type.BOOLEAN, true, Importance.MEDIUM,
                "Write every number of schemaless input (maps, JSON) as a float, so that 25 followed by 25.5 "
                        + "cannot cause a field type conflict in the store. Struct input keeps its schema's types. "
                        + FIELD_TYPES + " overrides both.",
                GROUP_MAPPING, ++o, Width.SHORT, "Numbers as floats");
        def.define(FLATTEN_SEPARATOR, Type.STRING, ".", Validators.nonEmptyNoWhitespace(), Importance.LOW,
                "Nested values are flattened: the field or tag name is the path with this separator between "
                        + "levels (a.b with '.', a_b with '_'). Paths in settings always use dots.",
                GROUP_MAPPING, ++o, Width.SHORT, "Flatten separator");
        def.define(INGEST_TIME_FIELD, Type.STRING, "", Importance.LOW,
                "Field name for the record's Kafka timestamp, as an integer in epoch milliseconds (when the record "
                        + "entered Kafka with LogAppendTime topics, else its producer's time), e.g. ingested_at. Not "
                        + "the sink's clock, so a point written again stays the same point. A record field of that "
                        + "name is not written. Records without a Kafka timestamp get no such field. Empty: off.",
                GROUP_MAPPING, ++o, Width.MEDIUM, "Ingest time field");
    }

    private static void time(ConfigDef def) {
        int o = 0;
        def.define(TIME_FIELD, Type.STRING, "", Importance.HIGH,
                "Field path holding the point's time: epoch number (unit per " + TIME_UNIT + ") or an ISO-8601 "
                        + "string (without zone: UTC). Empty: the Kafka record timestamp. An unparseable time is a "
                        + "data error; a missing one is handled per " + TIME_FALLBACK + " (default: a data error).",
                GROUP_TIME, ++o, Width.MEDIUM, "Time field");
        def.define(TIME_UNIT, Type.STRING, "auto", Validators.oneOf(TimeUnitMode.names()),
                Importance.MEDIUM,
                "Unit of numeric times: s, ms, us, ns, or auto (by magnitude: below 1e11 seconds, below 1e14 "
                        + "milliseconds, below 1e17 microseconds, else nanoseconds; right for dates 1973-5138).",
                GROUP_TIME, ++o, Width.SHORT, "Time unit");
        def.define(TIME_FALLBACK, Type.STRING, TimeFallback.FAIL.label(),
                Validators.oneOf(TimeFallback.labels()), Importance.LOW,
                "When a record lacks its time (the " + TIME_FIELD + " is missing or null, or, without a "
                        + TIME_FIELD + ", there is no Kafka timestamp): 'fail' (a data error: dead letter queue or "
                        + "task failure per errors.tolerance), 'record-timestamp' (a missing time field falls back to "
                        + "the Kafka record timestamp; none: a data error) or 'wall-clock' (the Kafka record "
                        + "timestamp, else the task's current time: a point written twice then differs).",
                GROUP_TIME, ++o, Width.SHORT, "Time fallback");
        def.define(WRITE_PRECISION, Type.STRING, "ns", Validators.oneOf("s", "ms", "us", "ns"),
                Importance.MEDIUM,
                "Precision of timestamps sent to the store. Finer times are truncated, and truncated points with "
                        + "equal measurement, tags and time overwrite each other: keep 'ns' unless the store needs less.",
                GROUP_TIME, ++o, Width.SHORT, "Write precision");
    }

    private static void delivery(ConfigDef def) {
        int o = 0;
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
    }
}
