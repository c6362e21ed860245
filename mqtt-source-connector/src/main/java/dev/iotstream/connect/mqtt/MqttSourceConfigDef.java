package dev.iotstream.connect.mqtt;

import dev.iotstream.connect.common.config.Validators;
import dev.iotstream.connect.mqtt.client.MqttClientConfig;
import dev.iotstream.connect.mqtt.mapping.HeaderSelection;
import dev.iotstream.connect.common.json.JsonNumbers;
import dev.iotstream.connect.common.json.JsonOptions;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;

import static dev.iotstream.connect.mqtt.MqttSourceConfig.*;

/**
 * The definitions, docs, validators and groups of {@link MqttSourceConfig}'s keys, one method per group, in the
 * order the generated configuration reference lists them.
 */
final class MqttSourceConfigDef {
    private static final String G_CONN = "Connection";
    private static final String G_SUB = "Subscription and session";
    private static final String G_TLS = "TLS";
    private static final String G_KAFKA = "Kafka mapping";
    private static final String G_PAYLOAD = "Payload decoding";
    private static final String G_SPARKPLUG = "Sparkplug B";

    private MqttSourceConfigDef() {
    }

    static ConfigDef build() {
        ConfigDef d = new ConfigDef();
        connection(d);
        subscription(d);
        tls(d);
        kafkaMapping(d);
        payloadDecoding(d);
        sparkplug(d);
        return d;
    }

    private static void connection(ConfigDef d) {
        MqttClientConfig.defineConnection(d, G_CONN, new MqttClientConfig.Notes(
                " Shared subscriptions, Receive Maximum, user properties and the other MQTT 5 metadata headers need 5."
                        + " With a QoS 2 subscription, auto means 3.1.1: Paho's MQTT 5 client stalls inbound QoS 2"
                        + " flows whose acknowledgement comes later (here, after Kafka; seen with HiveMQ and"
                        + " Mosquitto), and QoS 2 with acknowledgements after Kafka guarantees no more than QoS 1.",
                " While the client callback waits for"
                        + " Kafka, Paho reads nothing from the socket, PINGRESP included, and drops the connection"
                        + " about one interval after an unanswered PINGREQ; so QoS 0 messages wait for Kafka at most"
                        + " half the interval and are then dropped (counted in MessagesDropped) until poll() takes"
                        + " messages again. QoS 1/2 messages never wait when the broker keeps to " + MAX_INFLIGHT
                        + "."));
    }

    private static void subscription(ConfigDef d) {
        int o = 0;
        d.define(TOPICS, Type.LIST, ConfigDef.NO_DEFAULT_VALUE, MqttSourceValidators.topicFilters(), Importance.HIGH,
                "MQTT topic filters to subscribe to (wildcards + and # allowed). Plain filters are divided among"
                        + " the tasks; shared subscriptions $share/{group}/{filter} (MQTT 5) go to every task, and"
                        + " the broker balances messages among them.",
                G_SUB, ++o, Width.LONG, "Topic filters");
        d.define(QOS, Type.INT, 1, ConfigDef.Range.between(0, 2), Importance.HIGH,
                "QoS of the subscriptions. 0: at most once. 1: at least once (acknowledged only after Kafka has"
                        + " the records). 2: same guarantee as 1 here, because with manual acks Paho answers PUBREC"
                        + " at once and only the final acknowledgement waits for Kafka.",
                G_SUB, ++o, Width.SHORT, "QoS");
        d.define(TOPIC_QOS, Type.LIST, "", MqttSourceValidators.topicQos(), Importance.LOW,
                "Per-filter QoS, overriding " + QOS + ": entries filter=qos, e.g. alarms/#=2,metrics/#=0. Each"
                        + " filter must also be listed in " + TOPICS + ".",
                G_SUB, ++o, Width.LONG, "QoS per filter");
        d.define(CLEAN_SESSION, Type.STRING, "auto", ConfigDef.ValidString.in("auto", "true", "false"),
                Importance.MEDIUM,
                "auto: persistent session (clean session false / clean start false) when any subscription has"
                        + " QoS >= 1, clean when all are QoS 0. A persistent session makes the broker keep messages that arrive while the"
                        + " task is down and deliver them when it returns.",
                G_SUB, ++o, Width.SHORT, "Clean session");
        d.define(SESSION_EXPIRY_SECONDS, Type.LONG, 86_400L, ConfigDef.Range.between(0, 4_294_967_295L),
                Importance.MEDIUM,
                "MQTT 5 only: how long the broker keeps a persistent session after the task disconnects.",
                G_SUB, ++o, Width.SHORT, "Session expiry");
        d.define(MAX_INFLIGHT, Type.INT, 10_000, ConfigDef.Range.between(1, 65535), Importance.MEDIUM,
                "Most QoS 1/2 messages per task received but not yet acknowledged (waiting for Kafka), and the"
                        + " most QoS 0 messages waiting for poll(). MQTT 5 negotiates it as Receive Maximum, so the"
                        + " broker sends no more; a broker such as Mosquitto also queues that many more for the"
                        + " client before it drops QoS 1 messages of a burst, which is why the default is large"
                        + " (10,000: a 10,000-message burst into Mosquitto at its defaults loses nothing over MQTT 5,"
                        + " where 1,000 lost up to half). Memory: up to this many payloads wait in a task, so with"
                        + " large payloads lower it or " + PAYLOAD_MAX_BYTES + " (10,000 x 1 KB = 10 MB; the"
                        + " theoretical worst case is this times " + PAYLOAD_MAX_BYTES + "). Duplicates after a crash"
                        + " are bounded by it too. For MQTT 3.1.1 set the broker's in-flight limit per client"
                        + " (Mosquitto max_inflight_messages) to at most this value: a broker that sends more makes"
                        + " the task stop reading the connection (logged), which times out after about "
                        + KEEPALIVE_SECONDS + " when Kafka confirms nothing for that long. After a reconnect, messages"
                        + " of the old connection still on their way to Kafka count in a second window of this size.",
                G_SUB, ++o, Width.SHORT, "Max in-flight");
        d.define(SKIP_RETAINED, Type.BOOLEAN, false, Importance.LOW,
                "Drop (and acknowledge) retained messages instead of writing them.", G_SUB, ++o, Width.SHORT,
                "Skip retained");
    }

    private static void tls(ConfigDef d) {
        MqttClientConfig.defineTls(d, G_TLS);
    }

    private static void kafkaMapping(ConfigDef d) {
        int o = 0;
        d.define(KAFKA_TOPIC, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, Validators.kafkaTopic(),
                Importance.HIGH, "Kafka topic for messages that no rule in " + KAFKA_TOPIC_MAPPINGS + " matches.",
                G_KAFKA, ++o, Width.MEDIUM, "Default Kafka topic");
        d.define(KAFKA_TOPIC_MAPPINGS, Type.LIST, "", MqttSourceValidators.topicMappings(), Importance.MEDIUM,
                "Rules mqtt-template->kafka-template, first match wins, e.g. sensors/{site}/{device}/#->iot.{site}."
                        + " {name} captures one topic level. Characters not allowed in Kafka topic names become _.",
                G_KAFKA, ++o, Width.LONG, "Topic mappings");
        d.define(KAFKA_KEY, Type.STRING, "none", MqttSourceValidators.keyStrategy(), Importance.MEDIUM,
                "Record key: none, topic (the MQTT topic), segment:<name> (a {name} of the matching mapping"
                        + " rule), segment:<index> (0-based topic level) or field:<path> (a field of the decoded"
                        + " payload, dots into nested objects; needs " + PAYLOAD_FORMAT + " json or senml, where each"
                        + " SenML entry has its own, e.g. field:n). The key is a string; a missing segment or a"
                        + " missing, null or non-scalar field gives a record without a key, and dead-letter records"
                        + " of undecodable payloads have no field key.",
                G_KAFKA, ++o, Width.MEDIUM, "Record key");
        d.define(KAFKA_BATCH_LINGER_MS, Type.INT, 1, ConfigDef.Range.between(0, 1000), Importance.LOW,
                "When poll() finds fewer messages waiting than a full batch (mqtt.max.inflight, at most 2000), it"
                        + " waits this long once for more before handing them to Connect. Larger batches cut"
                        + " Connect's and the connector's per-poll work (in the QoS 0 benchmark about 15% of the"
                        + " CPU per message); each record may reach Kafka this much later. 0 hands over at once.",
                G_KAFKA, ++o, Width.SHORT, "Batch linger (ms)");
        d.define(HEADERS, Type.LIST, HeaderSelection.ALL_NAMES, MqttSourceValidators.headerNames(), Importance.LOW,
                "Which MQTT metadata headers each record gets. Each name is the header's name without the mqtt."
                        + " prefix: topic (mqtt.topic), qos, retained, duplicate, message.id, and for MQTT 5"
                        + " content.type, response.topic, correlation.data (each only when the message has it) and"
                        + " user (every user property as mqtt.user.<name>). Default: all of them. An empty value"
                        + " writes none. For small payloads the headers can be larger than the value and cost Connect"
                        + " and the producer CPU per record; keep only those your consumers read (the MQTT topic"
                        + " survives in the key with " + KAFKA_KEY + "=topic). Dead-letter records always get"
                        + " mqtt.topic as well, to say which device sent the payload.",
                G_KAFKA, ++o, Width.LONG, "Metadata headers");
    }

    private static void payloadDecoding(ConfigDef d) {
        int o = 0;
        d.define(PAYLOAD_FORMAT, Type.STRING, "bytes", ConfigDef.ValidString.in("bytes", "string", "json", "senml",
                        "sparkplugb"),
                Importance.HIGH,
                "bytes: the payload as is (optional bytes schema). string: strict UTF-8. json: a schemaless map"
                        + " (or Struct, see " + PAYLOAD_JSON_OUTPUT + "), or one record per element of an array with "
                        + PAYLOAD_JSON_RECORDS_PATH + ". senml: RFC 8428 SenML JSON, one record per"
                        + " entry with base name/time/unit/value resolved. sparkplugb: Eclipse Sparkplug B 3.0"
                        + " (spBv1.0/ topics), one record per metric or per message (" + SPARKPLUG_OUTPUT + ") with"
                        + " aliases resolved from BIRTH messages, status records for BIRTH/DEATH; see the Sparkplug B"
                        + " group. Its records are keyed group/edge_node/device/metric (or group/edge_node[/device])"
                        + " and carry the metric's timestamp.",
                G_PAYLOAD, ++o, Width.SHORT, "Payload format");
        d.define(PAYLOAD_JSON_OUTPUT, Type.STRING, "map", ConfigDef.ValidString.in("map", "struct"), Importance.LOW,
                "json format: map (schemaless) or struct (schema inferred from each message: all fields optional,"
                        + " integers and decimals in one array widen to double, objects in one array merge; an array"
                        + " mixing other types, or an empty key, is a decode error).",
                G_PAYLOAD, ++o, Width.SHORT, "JSON output");
        d.define(PAYLOAD_JSON_NUMBER_TYPE, Type.STRING, JsonNumbers.LONG_OR_DOUBLE.configName(),
                ConfigDef.ValidString.in("long_or_double", "double"), Importance.LOW,
                "json format: long_or_double types integers as int64 and other numbers as float64; double makes every"
                        + " number a float64 (integers beyond +/-2^53 stay int64), as ParseJson's number.type does."
                        + " Either way an integer beyond 64 bits becomes the nearest float64, and a number beyond the"
                        + " float64 range is a decode error; NaN and Infinity are not JSON and are decode errors too.",
                G_PAYLOAD, ++o, Width.SHORT, "JSON number type");
        d.define(PAYLOAD_JSON_MAX_DEPTH, Type.INT, JsonOptions.DEFAULT_MAX_DEPTH, ConfigDef.Range.between(1, 256),
                Importance.LOW,
                "json format: levels of nested objects and arrays parsed (the payload's top level is 1); one nested"
                        + " deeper is kept as its compact JSON text in a string. Payloads nested more than "
                        + JsonOptions.MAX_NESTING + " levels are decode errors. Duplicate keys: the last value wins.",
                G_PAYLOAD, ++o, Width.SHORT, "JSON max depth");
        d.define(PAYLOAD_ON_ERROR, Type.STRING, "dlq", ConfigDef.ValidString.in("dlq", "fail"), Importance.MEDIUM,
                "Payload that cannot be decoded: dlq writes the raw bytes to " + PAYLOAD_DEAD_LETTER_TOPIC
                        + " with headers saying why and where it came from (acknowledged to the broker only after"
                        + " that write); fail stops the task with an error naming the MQTT topic.",
                G_PAYLOAD, ++o, Width.SHORT, "On decode error");
        d.define(PAYLOAD_DEAD_LETTER_TOPIC, Type.STRING, "", Validators.kafkaTopicOrEmpty(), Importance.MEDIUM,
                "Dead-letter Kafka topic for undecodable payloads; empty means <" + KAFKA_TOPIC + ">.dlq.",
                G_PAYLOAD, ++o, Width.MEDIUM, "Dead-letter topic");
        d.define(PAYLOAD_MAX_BYTES, Type.INT, 1_000_000, ConfigDef.Range.atLeast(1), Importance.MEDIUM,
                "Largest MQTT payload taken, in bytes, checked before decoding. A larger one is handled like an"
                        + " undecodable payload (" + PAYLOAD_ON_ERROR + "), but its dead letter carries only the"
                        + " headers, not the bytes. Keep it below the producer's max.request.size and the topic's"
                        + " max.message.bytes (both about 1 MB by default) minus room for key and headers: a record"
                        + " Kafka refuses fails the task, and the broker redelivers the same message to every"
                        + " restart. It also bounds memory: up to " + MAX_INFLIGHT + " such messages wait in a task"
                        + " at a time.",
                G_PAYLOAD, ++o, Width.SHORT, "Max payload bytes");
        d.define(PAYLOAD_MAX_REJECTED_RUNS, Type.INT, 2, ConfigDef.Range.between(1, 100), Importance.LOW,
                "A QoS 1/2 message whose records something downstream of the connector refuses (a converter, a"
                        + " transform, the producer: with errors.tolerance=none the task then fails) is redelivered"
                        + " by the broker to every restart of the task. After this many runs of the task in a row"
                        + " stopped on the same message, its next delivery is not handed to Connect again: it goes"
                        + " to " + PAYLOAD_DEAD_LETTER_TOPIC + " with a null value, the reason in mqtt.dlq.reason"
                        + " and the bytes in the mqtt.dlq.payload header (base64 text with Connect's default"
                        + " SimpleHeaderConverter; without them if that is refused too),"
                        + " and is acknowledged; with " + PAYLOAD_ON_ERROR + "=fail the task fails with a message"
                        + " naming the MQTT topic. Counted per task in the worker's memory: a worker restart or"
                        + " the task moving to another worker starts the count again.",
                G_PAYLOAD, ++o, Width.SHORT, "Max rejected runs");
        d.define(PAYLOAD_JSON_RECORDS_PATH, Type.STRING, "", Validators.jsonArrayPath(), Importance.MEDIUM,
                "json format, batched messages: empty (one record per message), $ (the message is an array) or the"
                        + " dotted path of an array in the message, e.g. readings or data.samples: one record per"
                        + " element, each element's own fields (its own time, say) kept as they are. A message"
                        + " without an array there, or with more than " + PAYLOAD_MAX_RECORDS + " elements, is"
                        + " undecodable as a whole (" + PAYLOAD_ON_ERROR + "); an element that cannot become a record"
                        + " (with " + PAYLOAD_JSON_RECORDS_COPY + ", an element that is not an object; with struct"
                        + " output, an element whose schema cannot be inferred) goes to the dead-letter topic with"
                        + " its index in the mqtt.dlq.element header and the message's bytes, and the other elements"
                        + " go on. The message is acknowledged once Kafka has every record made from it. An empty"
                        + " array makes no record.",
                G_PAYLOAD, ++o, Width.MEDIUM, "JSON records path");
        d.define(PAYLOAD_JSON_RECORDS_COPY, Type.LIST, "", MqttSourceValidators.jsonRecordsCopy(), Importance.MEDIUM,
                "json format with " + PAYLOAD_JSON_RECORDS_PATH + ": fields of the message outside the array copied"
                        + " into each element's record, entries field or path->name, e.g."
                        + " device,site.id->site,ts->batch_ts. A field missing from the message is left out; an"
                        + " element's own field of the same name wins over the copied one.",
                G_PAYLOAD, ++o, Width.LONG, "JSON fields copied into records");
        d.define(PAYLOAD_MAX_RECORDS, Type.INT, 10_000, ConfigDef.Range.between(1, 1_000_000), Importance.LOW,
                "json format with " + PAYLOAD_JSON_RECORDS_PATH + ": most records one message may fan out into; a"
                        + " message with more elements is one dead letter saying so (or fails the task, per "
                        + PAYLOAD_ON_ERROR + "). Bounds the memory and the Kafka batch one message can take.",
                G_PAYLOAD, ++o, Width.SHORT, "Max records per message");
    }

    private static void sparkplug(ConfigDef d) {
        int o = 0;
        d.define(SPARKPLUG_OUTPUT, Type.STRING, "metric", ConfigDef.ValidString.in("metric", "message"),
                Importance.MEDIUM,
                "sparkplugb format: metric gives one record per metric (schema ...sparkplug.Metric, key"
                        + " group/edge_node/device/metric, the device empty for node metrics); message gives one"
                        + " record per message with the metrics as a Struct (key group/edge_node[/device]). Either"
                        + " way BIRTH and DEATH messages also give status records (online true/false) on the same"
                        + " Kafka topic.",
                G_SPARKPLUG, ++o, Width.SHORT, "Output");
        d.define(SPARKPLUG_REBIRTH_REQUESTS, Type.BOOLEAN, true, Importance.MEDIUM,
                "sparkplugb format: on a metric sent by an alias no BIRTH defined (the task started after the"
                        + " BIRTH, or moved) or on a gap in seq, publish NCMD Node Control/Rebirth=true (QoS 0) to"
                        + " the edge node, so that its next NBIRTH names the metrics again. The unresolved metric"
                        + " itself goes to the dead-letter topic (never under a guessed name). false: only the dead"
                        + " letter and the counters.",
                G_SPARKPLUG, ++o, Width.SHORT, "Rebirth requests");
        d.define(SPARKPLUG_REBIRTH_MIN_INTERVAL_MS, Type.LONG, 30_000L, ConfigDef.Range.between(0, 86_400_000L),
                Importance.LOW,
                "sparkplugb format: at most one rebirth request per edge node in this interval; the others are"
                        + " counted (SparkplugRebirthsSuppressed).",
                G_SPARKPLUG, ++o, Width.SHORT, "Rebirth min interval (ms)");
        d.define(SPARKPLUG_MAX_EDGE_NODES, Type.INT, 10_000, ConfigDef.Range.between(1, 10_000_000),
                Importance.LOW,
                "sparkplugb format: edge node sessions (aliases, seq, bdSeq) one task remembers; past it the"
                        + " least recently seen one is forgotten, and its next DATA by alias asks for a rebirth.",
                G_SPARKPLUG, ++o, Width.SHORT, "Max edge nodes");
        d.define(SPARKPLUG_MAX_DEVICES_PER_EDGE_NODE, Type.INT, 10_000, ConfigDef.Range.between(1, 10_000_000),
                Importance.LOW,
                "sparkplugb format: devices remembered per edge node; past it the least recently seen is forgotten.",
                G_SPARKPLUG, ++o, Width.SHORT, "Max devices per edge node");
        d.define(SPARKPLUG_MAX_ALIASES, Type.INT, 1_000_000, ConfigDef.Range.between(1, 100_000_000),
                Importance.LOW,
                "sparkplugb format: alias and name entries one task remembers over all sessions (about 100 bytes"
                        + " each); past it the least recently seen edge node is forgotten.",
                G_SPARKPLUG, ++o, Width.SHORT, "Max aliases");
        d.define(SPARKPLUG_HOST_ID, Type.STRING, "", MqttSourceValidators.sparkplugHostId(), Importance.LOW,
                "sparkplugb format: when set, the connector is a Sparkplug 3.0 Host Application with this id: task 0"
                        + " publishes the retained spBv1.0/STATE/{host_id} {\"online\":true,...} after every"
                        + " connect and registers {\"online\":false,...} (same timestamp) as its MQTT will, so edge"
                        + " nodes that wait for their primary host see it go offline when the task stops or dies."
                        + " Empty: no STATE messages.",
                G_SPARKPLUG, ++o, Width.MEDIUM, "Host application id");
    }
}
