package dev.iotstream.quickstart;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SimulatorOptionsTest {

    @Test
    void defaultsNeedNoArguments() {
        SimulatorOptions o = SimulatorOptions.parse(new String[0]);
        assertThat(o.broker()).isEqualTo("tcp://127.0.0.1:1883");
        assertThat(o.devices()).isEqualTo(10);
        assertThat(o.sites()).isEqualTo(3);
        assertThat(o.connections()).isEqualTo(4);
        assertThat(o.rate()).isEqualTo(50.0);
        assertThat(o.duration()).isEmpty();
        assertThat(o.count()).isEmpty();
        assertThat(o.qos()).isEqualTo(1);
        assertThat(o.format()).isEqualTo(PayloadFormat.JSON);
        assertThat(o.topicPattern().pattern()).isEqualTo("sensors/{site}/{device}/telemetry");
        assertThat(o.outOfRangePercent()).isEqualTo(2.0);
        assertThat(o.mqttVersion()).isEqualTo(SimulatorOptions.MqttVersion.V3_1_1);
        assertThat(o.username()).isEmpty();
    }

    @Test
    void parsesEveryOptionInBothSpellings() {
        SimulatorOptions o = SimulatorOptions.parse(new String[] {
                "--broker", "tcp://broker.example:1884", "--devices=200", "--sites", "5", "--connections", "20",
                "--rate", "1500.5", "--duration", "2.5", "--qos", "2", "--format", "SenML",
                "--topic-pattern", "plant/{site}/{device}", "--out-of-range-percent", "10",
                "--username", "u", "--password", "p", "--mqtt-version", "5", "--seed", "42"});
        assertThat(o.broker()).isEqualTo("tcp://broker.example:1884");
        assertThat(o.devices()).isEqualTo(200);
        assertThat(o.sites()).isEqualTo(5);
        assertThat(o.connections()).isEqualTo(20);
        assertThat(o.rate()).isEqualTo(1500.5);
        assertThat(o.duration()).contains(Duration.ofMillis(2500));
        assertThat(o.qos()).isEqualTo(2);
        assertThat(o.format()).isEqualTo(PayloadFormat.SENML);
        assertThat(o.topicPattern().topic("s1", "d7")).isEqualTo("plant/s1/d7");
        assertThat(o.outOfRangePercent()).isEqualTo(10.0);
        assertThat(o.username()).contains("u");
        assertThat(o.password()).contains("p");
        assertThat(o.mqttVersion()).isEqualTo(SimulatorOptions.MqttVersion.V5);
        assertThat(o.seed()).isEqualTo(42L);
    }

    @Test
    void countIsAnAlternativeToDuration() {
        assertThat(SimulatorOptions.parse(new String[] {"--count", "1000"}).count()).isEqualTo(Optional.of(1000L));
        assertThatThrownBy(() -> SimulatorOptions.parse(new String[] {"--count", "10", "--duration", "5"}))
                .hasMessageContaining("either --duration or --count");
    }

    @Test
    void fewDevicesMeanFewSitesAndConnections() {
        SimulatorOptions o = SimulatorOptions.parse(new String[] {"--devices", "2"});
        assertThat(o.sites()).isEqualTo(2);
        assertThat(o.connections()).isEqualTo(2);
    }

    @Test
    void badInputIsRejectedWithAMessageNamingTheOption() {
        assertThatThrownBy(() -> SimulatorOptions.parse(new String[] {"--qos", "3"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--qos must be one of 0, 1, 2");
        assertThatThrownBy(() -> SimulatorOptions.parse(new String[] {"--devices", "0"}))
                .hasMessageContaining("--devices must be between 1 and");
        assertThatThrownBy(() -> SimulatorOptions.parse(new String[] {"--rate", "fast"}))
                .hasMessageContaining("--rate must be a number, got 'fast'");
        assertThatThrownBy(() -> SimulatorOptions.parse(new String[] {"--rate", "0"}))
                .hasMessageContaining("--rate must be between");
        assertThatThrownBy(() -> SimulatorOptions.parse(new String[] {"--out-of-range-percent", "101"}))
                .hasMessageContaining("--out-of-range-percent must be between 0 and 100");
        assertThatThrownBy(() -> SimulatorOptions.parse(new String[] {"--format", "xml"}))
                .hasMessageContaining("--format must be one of json, senml");
        assertThatThrownBy(() -> SimulatorOptions.parse(new String[] {"--mqtt-version", "4"}))
                .hasMessageContaining("--mqtt-version must be one of 3.1.1, 5");
        assertThatThrownBy(() -> SimulatorOptions.parse(new String[] {"--devices"}))
                .hasMessageContaining("--devices needs a value");
        assertThatThrownBy(() -> SimulatorOptions.parse(new String[] {"--devices", "--rate", "5"}))
                .hasMessageContaining("--devices needs a value");
        assertThatThrownBy(() -> SimulatorOptions.parse(new String[] {"--colour", "red"}))
                .hasMessageContaining("unknown option --colour");
        assertThatThrownBy(() -> SimulatorOptions.parse(new String[] {"devices", "3"}))
                .hasMessageContaining("unexpected argument 'devices'");
        assertThatThrownBy(() -> SimulatorOptions.parse(new String[] {"--rate", "1", "--rate", "2"}))
                .hasMessageContaining("--rate given twice");
        assertThatThrownBy(() -> SimulatorOptions.parse(new String[] {"--broker", "localhost:1883"}))
                .hasMessageContaining("--broker must look like tcp://host:1883");
        assertThatThrownBy(() -> SimulatorOptions.parse(new String[] {"--password", "secret"}))
                .hasMessageContaining("--password needs --username");
        assertThatThrownBy(() -> SimulatorOptions.parse(new String[] {"--sites", "20"}))
                .hasMessageContaining("--sites must be between 1 and 10");
    }

    @Test
    void topicPatternsWithWildcardsOrUnknownPlaceholdersAreRejected() {
        assertThatThrownBy(() -> TopicPattern.parse("sensors/+/{device}"))
                .hasMessageContaining("wildcard");
        assertThatThrownBy(() -> TopicPattern.parse("sensors/#"))
                .hasMessageContaining("wildcard");
        assertThatThrownBy(() -> TopicPattern.parse("sensors/{building}/{device}"))
                .hasMessageContaining("unknown placeholder {building}");
        assertThat(TopicPattern.parse("sensors/{site}/{device}/telemetry").topic("site-1", "device-007"))
                .isEqualTo("sensors/site-1/device-007/telemetry");
    }

    @Test
    void usageMentionsEveryOption() {
        String usage = SimulatorOptions.usage();
        for (String option : SimulatorOptions.VALUE_OPTIONS) {
            assertThat(usage).contains("--" + option + " ");
        }
    }
}
