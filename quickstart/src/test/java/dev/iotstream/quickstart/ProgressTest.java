package dev.iotstream.quickstart;

import org.junit.jupiter.api.Test;

import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;

class ProgressTest {
    private static final long S = 1_000_000_000L;

    @Test
    void showsEveryStageWithRatesAgainstThePreviousSample() {
        Progress first = new Progress(2 * S, new SimulatorStats(100, 100, 0, 2, null), 98, 2,
                OptionalLong.of(90), OptionalLong.of(1));
        Progress second = new Progress(4 * S, new SimulatorStats(200, 200, 0, 4, null), 196, 4,
                OptionalLong.of(190), OptionalLong.of(3));
        assertThat(second.format(first, 0)).isEqualTo(
                "[    4s] published 200 (50 msg/s) | in Kafka 200 (telemetry 196, alerts 4)"
                        + " | in store 190 points (50 pts/s), 3 alerts");
        assertThat(first.format(null, 0)).startsWith("[    2s] published 100 (50 msg/s)");
    }

    @Test
    void showsTheAlertsBackOverMqttWhenSubscribed() {
        Progress p = new Progress(S, new SimulatorStats(10, 10, 0, 2, null), 8, 2, OptionalLong.of(8),
                OptionalLong.of(2), OptionalLong.of(2));
        assertThat(p.format(null, 0)).endsWith(" | 2 alerts back over MQTT");
        assertThat(new Progress(S, new SimulatorStats(10, 10, 0, 2, null), 8, 2, OptionalLong.of(8),
                OptionalLong.of(2)).format(null, 0)).doesNotContain("MQTT");
    }

    @Test
    void saysWhenTheStoreCannotBeCountedAndShowsPublishFailures() {
        Progress p = new Progress(S, new SimulatorStats(10, 7, 3, 0, "MqttException: Client is not connected"),
                7, 0, OptionalLong.empty(), OptionalLong.empty());
        assertThat(p.format(null, 0))
                .contains("in store: not countable")
                .contains("publish failures 3 (MqttException: Client is not connected)");
    }
}
