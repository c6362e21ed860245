package dev.iotstream.quickstart;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The example pipeline the quickstart installs, as the exact connector configs a user would PUT:
 * <pre>
 * devices --MQTT--> broker --sensors/#--> mqtt source
 *     -> ParseJson$Value -> TopicSegmentsToFields (site, device from sensors/{site}/{device}/{metric})
 *     -> alert routing: temperature outside [min, threshold] goes to iot.alerts instead of iot.telemetry
 * iot.telemetry + iot.alerts --> sink "telemetry" table (every reading, for charts)
 * iot.alerts                 --> sink "alerts" table (only the out-of-range readings)
 * iot.alerts                 --> MQTT sink --> broker: alerts/{site}/{device}, retained (back to the devices)
 * </pre>
 */
final class Pipeline {
    static final String TELEMETRY_TOPIC = "iot.telemetry";
    static final String ALERTS_TOPIC = "iot.alerts";
    static final String SOURCE = "quickstart-mqtt-source";
    static final String TELEMETRY_SINK = "quickstart-telemetry-sink";
    static final String ALERTS_SINK = "quickstart-alerts-sink";
    static final String ALERTS_MQTT_SINK = "quickstart-alerts-mqtt-sink";
    static final String ALERTS_MQTT_TOPIC = "alerts/${field:site}/${field:device}";
    static final String ALERTS_MQTT_FILTER = "alerts/#";
    static final String TELEMETRY_TABLE = "telemetry";
    static final String ALERTS_TABLE = "alerts";
    static final String MQTT_FILTER = "sensors/#";
    static final String TOPIC_SEGMENTS = "sensors/{site}/{device}/{metric}";
    /** The lowest temperature still counted as normal; readings below it would be alerts too. */
    static final double MIN_NORMAL_CELSIUS = -40.0;

    static final String SOURCE_CLASS = "dev.iotstream.connect.mqtt.MqttSourceConnector";
    static final String SINK_CLASS = "dev.iotstream.connect.timeseries.TimeSeriesSinkConnector";
    static final String MQTT_SINK_CLASS = "dev.iotstream.connect.mqtt.sink.MqttSinkConnector";
    static final String PARSE_JSON_CLASS = "dev.iotstream.connect.transforms.ParseJson$Value";
    static final String TOPIC_SEGMENTS_CLASS = "dev.iotstream.connect.transforms.TopicSegmentsToFields";
    static final String FIELD_IN_RANGE_CLASS = "dev.iotstream.connect.transforms.predicates.FieldInRange";

    private Pipeline() {
    }

    /** The source config; without {@code alertRouting} every reading stays in {@value #TELEMETRY_TOPIC}. */
    static Map<String, String> source(String brokerUri, boolean alertRouting) {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("connector.class", SOURCE_CLASS);
        c.put("tasks.max", "1");
        c.put("mqtt.server.uris", brokerUri);
        c.put("mqtt.topics", MQTT_FILTER);
        c.put("mqtt.qos", "1");
        c.put("kafka.topic", TELEMETRY_TOPIC);
        c.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        c.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        c.put("value.converter.schemas.enable", "false");
        c.put("transforms", alertRouting ? "parse,segments,alerts" : "parse,segments");
        c.put("transforms.parse.type", PARSE_JSON_CLASS);
        c.put("transforms.segments.type", TOPIC_SEGMENTS_CLASS);
        c.put("transforms.segments.pattern", TOPIC_SEGMENTS);
        if (!alertRouting) {
            return c;
        }
        // Kafka's RegexRouter renames the topic of exactly the records the predicate (negated) selects.
        c.put("transforms.alerts.type", "org.apache.kafka.connect.transforms.RegexRouter");
        c.put("transforms.alerts.regex", ".*");
        c.put("transforms.alerts.replacement", ALERTS_TOPIC);
        c.put("transforms.alerts.predicate", "normal");
        c.put("transforms.alerts.negate", "true");
        c.put("predicates", "normal");
        c.put("predicates.normal.type", FIELD_IN_RANGE_CLASS);
        c.put("predicates.normal.field", "temperature");
        c.put("predicates.normal.min", fmt(MIN_NORMAL_CELSIUS));
        c.put("predicates.normal.max", fmt(ReadingGenerator.ALERT_THRESHOLD_CELSIUS));
        return c;
    }

    static Map<String, String> sink(String topics, String table, StoreTarget store) {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("connector.class", SINK_CLASS);
        c.put("tasks.max", "1");
        c.put("topics", topics);
        c.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        c.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        c.put("value.converter.schemas.enable", "false");
        c.put("influx.url", store.url());
        c.put("influx.bucket", store.bucket());
        c.put("influx.org", store.org());
        store.token().ifPresent(t -> c.put("influx.token", t));
        c.put("measurement", table);
        c.put("tags", "site,device");
        c.put("fields", "temperature,humidity,battery");
        c.put("time.field", "ts");
        c.put("time.unit", "ms");
        return c;
    }

    static Map<String, String> telemetrySink(StoreTarget store) {
        return sink(TELEMETRY_TOPIC + "," + ALERTS_TOPIC, TELEMETRY_TABLE, store);
    }

    static Map<String, String> alertsSink(StoreTarget store) {
        return sink(ALERTS_TOPIC, ALERTS_TABLE, store);
    }

    /** Alerts back to the broker, one retained message per device: what a dashboard or actuator subscribes to. */
    static Map<String, String> alertsMqttSink(String brokerUri) {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("connector.class", MQTT_SINK_CLASS);
        c.put("tasks.max", "1");
        c.put("topics", ALERTS_TOPIC);
        c.put("mqtt.server.uris", brokerUri);
        c.put("mqtt.topic", ALERTS_MQTT_TOPIC);
        c.put("mqtt.qos", "1");
        c.put("mqtt.retained", "true");
        c.put("payload.format", "json");
        c.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        c.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        c.put("value.converter.schemas.enable", "false");
        return c;
    }

    record StoreTarget(String url, String bucket, String org, Optional<String> token) {
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
    }
}
