package dev.iotstream.connect.mqtt;

import dev.iotstream.connect.mqtt.client.ServerUris;
import dev.iotstream.connect.mqtt.client.TopicFilters;
import dev.iotstream.connect.mqtt.mapping.KafkaTopicNames;
import dev.iotstream.connect.mqtt.mapping.KeyStrategy;
import dev.iotstream.connect.mqtt.mapping.TopicMappingRule;
import dev.iotstream.connect.mqtt.mapping.TopicRouter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class TopicRulesTest {

    @ParameterizedTest
    @ValueSource(strings = {"a", "a/b", "a/+/c", "+", "#", "a/#", "+/+/#", "/a", "a//b", "$SYS/#",
            "$share/g1/a/+/c", "$share/g/#"})
    void validFilters(String filter) {
        assertThat(TopicFilters.problem(filter)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a/#/b", "a#", "a+", "a/b+/c", "#/a", "a/##", "$share/a", "$share//a",
            "$share/g/", "$share/g+/a", "$sharex/a"})
    void invalidFilters(String filter) {
        assertThat(TopicFilters.problem(filter)).isPresent();
    }

    @Test
    void sharedFilterMatchingPart() {
        assertThat(TopicFilters.matchingPart("$share/g/a/+/c")).isEqualTo("a/+/c");
        assertThat(TopicFilters.matchingPart("a/b")).isEqualTo("a/b");
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp://127.0.0.1:1883", "ssl://broker.example.com:8883", "ws://h:8080/mqtt",
            "wss://h/mqtt", "tcp://h"})
    void validUris(String uri) {
        assertThat(ServerUris.problem(uri)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "http://h:1883", "h:1883", "tcp://:1883", "tcp://h:1883/path", "tcp//h",
            "mqtt://h:1883"})
    void invalidUris(String uri) {
        assertThat(ServerUris.problem(uri)).isPresent();
    }

    @Test
    void templateCapturesSegmentsAndRendersTopic() {
        TopicMappingRule rule = TopicMappingRule.parse("sensors/{site}/{device}/#->iot.{site}");
        assertThat(rule.match("sensors/berlin/d1/temp")).contains(Map.of("site", "berlin", "device", "d1"));
        assertThat(rule.match("sensors/berlin/d1")).contains(Map.of("site", "berlin", "device", "d1"));
        assertThat(rule.match("sensors/berlin")).isEmpty();
        assertThat(rule.match("other/berlin/d1/x")).isEmpty();
        assertThat(rule.render(Map.of("site", "berlin", "device", "d1"))).isEqualTo("iot.berlin");
        assertThat(rule.render(Map.of("site", "São Paulo/ö"))).isEqualTo("iot.S_o_Paulo__");
    }

    @Test
    void exactTemplateNeedsSameDepth() {
        TopicMappingRule rule = TopicMappingRule.parse("a/{x}->t-{x}");
        assertThat(rule.match("a/1")).contains(Map.of("x", "1"));
        assertThat(rule.match("a/1/2")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"a/{x}", "a/{x}->", "a/{x}{y}->t", "a/#/b->t", "a/{x}->t.{y}", "a/{x}/{x}->t",
            "a/b{x}->t"})
    void invalidMappingRules(String rule) {
        assertThat(TopicMappingRule.problem(rule)).isPresent();
    }

    @Test
    void routerFallsBackToDefaultTopic() {
        TopicRouter router = new TopicRouter("default", List.of(TopicMappingRule.parse("s/{site}/#->iot.{site}"),
                TopicMappingRule.parse("s/#->never")));
        assertThat(router.route("s/x/y").kafkaTopic()).isEqualTo("iot.x");
        assertThat(router.route("other").kafkaTopic()).isEqualTo("default");
    }

    @Test
    void sanitizeKafkaTopicNames() {
        assertThat(KafkaTopicNames.sanitize("a b/c#d")).isEqualTo("a_b_c_d");
        assertThat(KafkaTopicNames.sanitize("ok.topic-1_x")).isEqualTo("ok.topic-1_x");
        assertThat(KafkaTopicNames.sanitize("x".repeat(300))).hasSize(249);
        assertThat(KafkaTopicNames.sanitize("..")).isEqualTo("_..");
        assertThat(KafkaTopicNames.sanitize("")).isEqualTo("_");
    }

    @Test
    void keyStrategies() {
        Map<String, String> seg = Map.of("device", "d1");
        assertThat(KeyStrategy.parse("none").key("a/b", seg)).isNull();
        assertThat(KeyStrategy.parse("topic").key("a/b", seg)).isEqualTo("a/b");
        assertThat(KeyStrategy.parse("segment:device").key("a/b", seg)).isEqualTo("d1");
        assertThat(KeyStrategy.parse("segment:1").key("a/b", seg)).isEqualTo("b");
        assertThat(KeyStrategy.parse("segment:5").key("a/b", seg)).isNull();
        assertThat(KeyStrategy.problem("segment:")).isPresent();
        assertThat(KeyStrategy.problem("payload")).isPresent();
    }
}
