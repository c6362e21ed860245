package dev.iotstream.connect.mqtt;

import dev.iotstream.connect.mqtt.client.MqttClientConfig;
import dev.iotstream.connect.mqtt.config.Validators;
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

    private MqttSourceConfigDef() {
    }

    static ConfigDef build() {
        ConfigDef d = new ConfigDef();
        connection(d);
        subscription(d);
        tls(d);
        kafkaMapping(d);
        payloadDecoding(d);
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
        d.define(TOPICS, Type.LIST, ConfigDef.NO_DEFAULT_VALUE, Validators.topicFilters(), Importance.HIGH,
                "MQTT topic filters to subscribe to (wildcards + and # allowed). Plain filters are divided among"
                        + " the tasks; shared subscriptions $share/{group}/{filter} (MQTT 5) go to every task, and"
                        + " the broker balances messages among them.",
                G_SUB, ++o, Width.LONG, "Topic filters");
        d.define(QOS, Type.INT, 1, ConfigDef.Range.between(0, 2), Importance.HIGH,
                "QoS of the subscriptions. 0: at most once. 1: at least once (acknowledged only after Kafka has"
                        + " the records). 2: same guarantee as 1 here, because with manual acks Paho answers PUBREC"
                        + " at once and only the final acknowledgement waits for Kafka.",
                G_SUB, ++o, Width.SHORT, "QoS");
        d.define(TOPIC_QOS, Type.LIST, "", Validators.topicQos(), Importance.LOW,
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
        d.define(KAFKA_TOPIC, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, Validators.kafkaTopicOrEmpty(false),
                Importance.HIGH, "Kafka topic for messages that no rule in " + KAFKA_TOPIC_MAPPINGS + " matches.",
                G_KAFKA, ++o, Width.MEDIUM, "Default Kafka topic");
        d.define(KAFKA_TOPIC_MAPPINGS, Type.LIST, "", Validators.topicMappings(), Importance.MEDIUM,
                "Rules mqtt-template->kafka-template, first match wins, e.g. sensors/{site}/{device}/#->iot.{site}."
                        + " {name} captures one topic level. Characters not allowed in Kafka topic names become _.",
                G_KAFKA, ++o, Width.LONG, "Topic mappings");
        d.define(KAFKA_KEY, Type.STRING, "none", Validators.keyStrategy(), Importance.MEDIUM,
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
        d.define(HEADERS, Type.LIST, HeaderSelection.ALL_NAMES, Validators.headerNames(), Importance.LOW,
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
        d.define(PAYLOAD_FORMAT, Type.STRING, "bytes", ConfigDef.ValidString.in("bytes", "string", "json", "senml"),
                Importance.HIGH,
                "bytes: the payload as is (optional bytes schema). string: strict UTF-8. json: a schemaless map"
                        + " (or Struct, see " + PAYLOAD_JSON_OUTPUT + "). senml: RFC 8428 SenML JSON, one record per"
                        + " entry with base name/time/unit/value resolved.",
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
        d.define(PAYLOAD_DEAD_LETTER_TOPIC, Type.STRING, "", Validators.kafkaTopicOrEmpty(true), Importance.MEDIUM,
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
    }
}
