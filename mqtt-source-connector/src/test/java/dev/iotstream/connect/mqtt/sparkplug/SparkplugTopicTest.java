package dev.iotstream.connect.mqtt.sparkplug;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SparkplugTopicTest {
    @Test
    void parsesNodeDeviceAndStateTopics() throws Exception {
        assertThat(SparkplugTopic.parse("spBv1.0/plant1/NDATA/gw7"))
                .isEqualTo(new SparkplugTopic(SparkplugMessageType.NDATA, "plant1", "gw7", null, null));
        assertThat(SparkplugTopic.parse("spBv1.0/plant1/DBIRTH/gw7/pump 1"))
                .isEqualTo(new SparkplugTopic(SparkplugMessageType.DBIRTH, "plant1", "gw7", "pump 1", null));
        assertThat(SparkplugTopic.parse("spBv1.0/STATE/host-a"))
                .isEqualTo(new SparkplugTopic(SparkplugMessageType.STATE, null, null, null, "host-a"));
        assertThat(SparkplugTopic.parse("spBv1.0/g/NCMD/e").edgeNodeKey()).isEqualTo("g/e");
        assertThat(SparkplugTopic.ncmdTopic("g", "e")).isEqualTo("spBv1.0/g/NCMD/e");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "spBv2.0/g/NDATA/e|not in the Sparkplug B namespace",
        "sensors/x|not in the Sparkplug B namespace",
        "spBv1.0/g/NDATA|has 3 levels",
        "spBv1.0/g/XDATA/e|unknown Sparkplug B message type 'XDATA'",
        "spBv1.0/g/STATE/e|unknown Sparkplug B message type 'STATE'",
        "spBv1.0/g/NDATA/e/d|a NDATA topic has 4 levels",
        "spBv1.0/g/DDATA/e|a DDATA topic has 5 levels",
        "spBv1.0/g/DDATA/e/d/x|a DDATA topic has 5 levels",
        "spBv1.0//NDATA/e|the group level is empty",
        "spBv1.0/g/NDATA/|the edge_node level is empty",
        "spBv1.0/g/DDATA/e/|the device level is empty",
        "spBv1.0/STATE/|the host_id level is empty",
        "spBv1.0/g/NDATA/+|wildcard",
    })
    void refusesAnythingElseWithTheReason(String topic, String reason) {
        assertThatThrownBy(() -> SparkplugTopic.parse(topic)).isInstanceOf(SparkplugDecodeException.class)
                .hasMessageContaining(reason).hasMessageContaining(topic);
    }
}
