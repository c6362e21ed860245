package dev.iotstream.quickstart;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QuickstartOptionsTest {

    @Test
    void defaultsRunEverythingLocallyUntilCtrlC() {
        QuickstartOptions o = QuickstartOptions.parse();
        assertThat(o.broker()).isEmpty();
        assertThat(o.bootstrapServers()).isEmpty();
        assertThat(o.influxUrl()).isEmpty();
        assertThat(o.duration()).isEmpty();
        assertThat(o.devices()).isEqualTo(10);
        assertThat(o.rate()).isEqualTo(50.0);
        assertThat(o.outOfRangePercent()).isEqualTo(2.0);
        assertThat(o.progressInterval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(o.archives()).isEmpty();
        assertThat(o.pluginDiscovery()).isEqualTo("service_load");
    }

    @Test
    void pointsAtTheUsersOwnServers() {
        QuickstartOptions o = QuickstartOptions.parse("--broker", "tcp://mqtt.local:1883",
                "--bootstrap-servers", "k1:9092,k2:9092", "--influx-url", "http://influx:8086",
                "--influx-bucket", "b", "--influx-org", "o", "--influx-token", "t", "--devices", "3", "--rate", "7.5",
                "--duration", "30", "--archives", "a.zip, dir", "--plugin-discovery", "hybrid_warn",
                "--progress-interval", "0.5");
        assertThat(o.broker()).contains("tcp://mqtt.local:1883");
        assertThat(o.bootstrapServers()).contains("k1:9092,k2:9092");
        assertThat(o.influxUrl()).contains("http://influx:8086");
        assertThat(o.influxBucket()).isEqualTo("b");
        assertThat(o.influxOrg()).isEqualTo("o");
        assertThat(o.influxToken()).contains("t");
        assertThat(o.devices()).isEqualTo(3);
        assertThat(o.rate()).isEqualTo(7.5);
        assertThat(o.duration()).contains(Duration.ofSeconds(30));
        assertThat(o.archives()).containsExactly(Path.of("a.zip"), Path.of("dir"));
        assertThat(o.pluginDiscovery()).isEqualTo("hybrid_warn");
        assertThat(o.progressInterval()).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void rejectsMalformedEndpoints() {
        assertThatThrownBy(() -> QuickstartOptions.parse("--broker", "mqtt.local"))
                .hasMessageContaining("--broker must look like tcp://host:1883");
        assertThatThrownBy(() -> QuickstartOptions.parse("--bootstrap-servers", "localhost"))
                .hasMessageContaining("--bootstrap-servers must look like host:9092");
        assertThatThrownBy(() -> QuickstartOptions.parse("--influx-url", "influx:8086"))
                .hasMessageContaining("--influx-url must look like http://host:8086");
        assertThatThrownBy(() -> QuickstartOptions.parse("--duration", "0"))
                .hasMessageContaining("--duration must be between 1 and");
        assertThatThrownBy(() -> QuickstartOptions.parse("--plugin-discovery", "magic"))
                .hasMessageContaining("--plugin-discovery must be one of");
        assertThatThrownBy(() -> QuickstartOptions.parse("--qos", "1"))
                .hasMessageContaining("unknown option --qos");
    }

    @Test
    void usageMentionsEveryOption() {
        for (String option : QuickstartOptions.VALUE_OPTIONS) {
            assertThat(QuickstartOptions.usage()).contains("--" + option + " ");
        }
        assertThat(List.copyOf(QuickstartOptions.FLAGS)).containsExactly("help");
    }
}
