package dev.iotstream.connect.mqtt;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.source.ExactlyOnceSupport;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MqttSourceConnectorTest {
    private static Map<String, String> props(String... kv) {
        Map<String, String> p = new HashMap<>(Map.of("name", "c1", "mqtt.server.uris", "tcp://127.0.0.1:1883",
                "mqtt.topics", "a/#", "kafka.topic", "t"));
        for (int i = 0; i < kv.length; i += 2) {
            p.put(kv[i], kv[i + 1]);
        }
        return p;
    }

    private static List<Map<String, String>> tasks(int max, String... kv) {
        MqttSourceConnector c = new MqttSourceConnector();
        c.start(props(kv));
        return c.taskConfigs(max);
    }

    /**
     * errors.tolerance=all turns a failed send (e.g. expired in a Kafka outage) into commitRecord(record, null), which
     * the task acknowledges (see README, Kafka outages): the connector warns, and only then.
     */
    @Test
    void errorsToleranceAllIsWarnedAbout() {
        Logger logger = (Logger) LoggerFactory.getLogger(MqttSourceConnector.class);
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        logger.addAppender(logs);
        try {
            new MqttSourceConnector().start(props("errors.tolerance", "none"));
            new MqttSourceConnector().start(props());
            assertThat(logs.list).noneMatch(e -> e.getLevel() == Level.WARN);
            new MqttSourceConnector().start(props("errors.tolerance", "all"));
            assertThat(logs.list).singleElement().satisfies(e -> {
                assertThat(e.getLevel()).isEqualTo(Level.WARN);
                assertThat(e.getFormattedMessage()).contains("c1").contains("errors.tolerance=all")
                        .contains("acknowledged, so it is lost").contains("delivery.timeout.ms");
            });
        } finally {
            logger.detachAppender(logs);
        }
    }

    @Test
    void plainFiltersAreSpreadAcrossTasks() {
        List<Map<String, String>> t = tasks(2, "mqtt.topics", "a/#,b/#,c/#");
        assertThat(t).extracting(m -> m.get("mqtt.topics")).containsExactly("a/#,b/#", "c/#");
        assertThat(t).extracting(m -> m.get("task.index")).containsExactly("0", "1");
        assertThat(tasks(5, "mqtt.topics", "a/#,b/#")).hasSize(2);
    }

    @Test
    void sharedFiltersGoToEveryTask() {
        List<Map<String, String>> t = tasks(3, "mqtt.version", "5", "mqtt.topics", "$share/g/a/#,b/#");
        assertThat(t).hasSize(3);
        assertThat(t).extracting(m -> m.get("mqtt.topics")).containsExactly("$share/g/a/#,b/#", "$share/g/a/#",
                "$share/g/a/#");
    }

    @Test
    void clientIdsAreStablePerTaskIndex() {
        List<Map<String, String>> t = tasks(2, "mqtt.topics", "a,b");
        assertThat(new MqttSourceConfig(t.get(1)).clientId("c1")).isEqualTo("c1-1");
        Map<String, String> withPrefix = new HashMap<>(t.get(0));
        withPrefix.put("mqtt.client.id.prefix", "plant7");
        assertThat(new MqttSourceConfig(withPrefix).clientId("c1")).isEqualTo("plant7-0");
    }

    @Test
    void persistentSessionByDefaultForQos1() {
        assertThat(new MqttSourceConfig(props()).cleanSession()).isFalse();
        assertThat(new MqttSourceConfig(props("mqtt.qos", "0")).cleanSession()).isTrue();
        assertThat(new MqttSourceConfig(props("mqtt.clean.session", "true")).cleanSession()).isTrue();
    }

    private static Map<String, List<String>> errors(Map<String, String> p) {
        return new MqttSourceConnector().validate(p).configValues().stream()
                .filter(v -> !v.errorMessages().isEmpty())
                .collect(Collectors.toMap(ConfigValue::name, ConfigValue::errorMessages));
    }

    @Test
    void validateReportsPerFieldErrors() {
        assertThat(errors(props())).isEmpty();
        assertThat(errors(props("mqtt.qos", "3"))).containsOnlyKeys("mqtt.qos");
        assertThat(errors(props("mqtt.server.uris", "http://x:1"))).containsOnlyKeys("mqtt.server.uris");
        assertThat(errors(props("mqtt.topics", "a/#/b"))).containsOnlyKeys("mqtt.topics");
        assertThat(errors(props("mqtt.topics", "a+"))).containsOnlyKeys("mqtt.topics");
        assertThat(errors(props("mqtt.topics", "$share/g/a"))).containsOnlyKeys("mqtt.topics");
        assertThat(errors(props("mqtt.topics", "$share/g/a", "mqtt.version", "5"))).isEmpty();
        assertThat(errors(props("mqtt.server.uris", "ssl://h:8883", "mqtt.ssl.truststore.location", "/x",
                "mqtt.ssl.ca.file", "/y"))).containsOnlyKeys("mqtt.ssl.truststore.location", "mqtt.ssl.ca.file");
        assertThat(errors(props("mqtt.server.uris", "ssl://h:8883", "mqtt.ssl.certificate.file", "/x")))
                .containsOnlyKeys("mqtt.ssl.key.file");
        assertThat(errors(props("mqtt.ssl.ca.file", "/y"))).containsOnlyKeys("mqtt.server.uris");
        assertThat(errors(props("mqtt.password", "secret"))).containsOnlyKeys("mqtt.username");
        assertThat(errors(props("kafka.topic", "bad topic"))).containsOnlyKeys("kafka.topic");
        assertThat(errors(props("kafka.topic.mappings", "a/{x}->t.{y}"))).containsOnlyKeys("kafka.topic.mappings");
        assertThat(errors(props("kafka.key", "payload"))).containsOnlyKeys("kafka.key");
        assertThat(errors(props("kafka.key", "field:device"))).containsOnlyKeys("kafka.key")
                .extractingByKey("kafka.key").asString().contains("payload.format=json or senml");
        assertThat(errors(props("kafka.key", "field:device", "payload.format", "json"))).isEmpty();
        assertThat(errors(props("kafka.key", "field:n", "payload.format", "senml"))).isEmpty();
        assertThat(errors(props("payload.format", "xml"))).containsOnlyKeys("payload.format");
        assertThat(errors(props("kafka.batch.linger.ms", "-1"))).containsOnlyKeys("kafka.batch.linger.ms");
        assertThat(errors(props("kafka.batch.linger.ms", "5000"))).containsOnlyKeys("kafka.batch.linger.ms");
        assertThat(errors(props("kafka.batch.linger.ms", "0"))).isEmpty();
        assertThat(errors(props("mqtt.connect.attempt.timeout.ms", "-5"))).containsOnlyKeys("mqtt.connect.attempt.timeout.ms");
        assertThat(errors(props("mqtt.headers", "topic,mqtt.qos"))).containsOnlyKeys("mqtt.headers")
                .extractingByKey("mqtt.headers").asString().contains("'mqtt.qos'")
                .contains("topic, qos, retained, duplicate, message.id, content.type, response.topic,"
                        + " correlation.data, user");
        assertThat(errors(props("mqtt.headers", "topic,qos,user"))).isEmpty();
        assertThat(errors(props("mqtt.headers", ""))).isEmpty();
        assertThat(errors(props("payload.max.bytes", "0"))).containsOnlyKeys("payload.max.bytes");
        assertThat(errors(props("payload.max.bytes", "1MB"))).containsOnlyKeys("payload.max.bytes");
        assertThat(errors(props("payload.max.bytes", "4000000"))).isEmpty();
    }

    @Test
    void qosPerFilter() {
        MqttSourceConfig c = new MqttSourceConfig(props("mqtt.topics", "a/#,b/#", "mqtt.qos", "0",
                "mqtt.topic.qos", "b/#=2"));
        assertThat(c.qosOverrides()).containsExactly(Map.entry("b/#", 2));
        assertThat(c.cleanSession()).isFalse(); // one filter is at least once: keep the session
        assertThat(new MqttSourceConfig(props("mqtt.qos", "0")).cleanSession()).isTrue();
        var settings = c.clientSettings("x-0", c.topicFilters());
        assertThat(settings.qosOf("a/#")).isZero();
        assertThat(settings.qosOf("b/#")).isEqualTo(2);
        assertThat(errors(props("mqtt.topic.qos", "a/#=3"))).containsOnlyKeys("mqtt.topic.qos");
        assertThat(errors(props("mqtt.topic.qos", "a/#"))).containsOnlyKeys("mqtt.topic.qos");
        assertThat(errors(props("mqtt.topic.qos", "other/#=1"))).containsOnlyKeys("mqtt.topic.qos");
        assertThat(errors(props("mqtt.topic.qos", "a/#=2"))).isEmpty();
    }

    @Test
    void startRejectsContradictions() {
        assertThatThrownBy(() -> new MqttSourceConnector().start(props("mqtt.topics", "$share/g/a")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("mqtt.version=5");
    }

    @Test
    void exactlyOnceIsUnsupported() {
        assertThat(new MqttSourceConnector().exactlyOnceSupport(props())).isEqualTo(ExactlyOnceSupport.UNSUPPORTED);
    }

    @Test
    void autoIsMqtt5ExceptWithAQos2Subscription() {
        assertThat(new MqttSourceConfig(props()).mqttVersion())
                .isEqualTo(dev.iotstream.connect.mqtt.client.MqttVersion.AUTO);
        assertThat(new MqttSourceConfig(props("mqtt.qos", "2")).mqttVersion())
                .isEqualTo(dev.iotstream.connect.mqtt.client.MqttVersion.V3_1_1);
        assertThat(new MqttSourceConfig(props("mqtt.topics", "a/#,b/#", "mqtt.topic.qos", "b/#=2")).mqttVersion())
                .isEqualTo(dev.iotstream.connect.mqtt.client.MqttVersion.V3_1_1);
        assertThat(new MqttSourceConfig(props("mqtt.qos", "2", "mqtt.version", "5")).mqttVersion())
                .as("an explicit 5 stays 5 (with a WARN at start)")
                .isEqualTo(dev.iotstream.connect.mqtt.client.MqttVersion.V5);
    }

    @Test
    void sparkplugAndJsonRecordsPathAreValidatedPerField() {
        Map<String, List<String>> ok = errors(props("payload.format", "sparkplugb", "mqtt.topics",
                "spBv1.0/plant1/#,spBv1.0/+/+/gw7/#,spBv1.0/STATE/+", "sparkplug.host.id", "scada-1"));
        assertThat(ok).isEmpty();
        Map<String, List<String>> e = errors(props("payload.format", "sparkplugb", "mqtt.topics",
                "spBv1.0/plant1/NDATA/#", "mqtt.qos", "0", "kafka.key", "topic", "sparkplug.host.id", "a/b"));
        assertThat(e.get("mqtt.topics")).singleElement().asString().contains("names one message type");
        assertThat(e.get("mqtt.qos")).singleElement().asString().contains("QoS 1 or 2");
        assertThat(e.get("kafka.key")).singleElement().asString().contains("own keys");
        assertThat(e.get("sparkplug.host.id")).singleElement().asString().contains("one MQTT topic level");
        assertThat(errors(props("payload.format", "sparkplugb", "mqtt.topics", "sensors/#")).get("mqtt.topics"))
                .singleElement().asString().contains("outside the Sparkplug B namespace");
        assertThat(errors(props("payload.format", "sparkplugb", "mqtt.version", "5", "mqtt.topics",
                "$share/g/spBv1.0/#")).get("mqtt.topics")).singleElement().asString().contains("shared subscription");

        assertThat(errors(props("payload.format", "json", "payload.json.records.path", "data.samples",
                "payload.json.records.copy", "device,site.id->site,ts->batch_ts"))).isEmpty();
        assertThat(errors(props("payload.format", "string", "payload.json.records.path", "readings"))
                .get("payload.json.records.path")).singleElement().asString().contains("json messages only");
        assertThat(errors(props("payload.format", "json", "payload.json.records.copy", "device"))
                .get("payload.json.records.copy")).singleElement().asString().contains("not set");
        assertThat(errors(props("payload.format", "json", "payload.json.records.path", "a..b"))
                .get("payload.json.records.path")).singleElement().asString().contains("dotted path");
        // the sink's points.array takes the same paths (one validator): JSONPath's "$." is refused in both
        assertThat(errors(props("payload.format", "json", "payload.json.records.path", "$.readings"))
                .get("payload.json.records.path")).singleElement().asString().contains("no '$' inside a path");
        assertThat(errors(props("payload.format", "json", "payload.json.records.path", "r",
                "payload.json.records.copy", "x->")).get("payload.json.records.copy")).singleElement().asString()
                .contains("no field name");
    }
}
