package dev.iotstream.connect.mqtt;

import dev.iotstream.connect.testing.ConfigReference;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

class ConfigReferenceTest {
    @Test
    void referenceIsCurrent() {
        ConfigReference.assertUpToDate("MQTT source connector",
                "`dev.iotstream.connect.mqtt.MqttSourceConnector` subscribes to MQTT 3.1.1 or 5 brokers and writes"
                        + " every message to Kafka at least once: a message is acknowledged to the broker (in"
                        + " arrival order) only after Kafka has its records, including records a transform filtered"
                        + " out. Source offsets carry no position, because MQTT brokers cannot replay: messages are"
                        + " redelivered only while un-acknowledged in a persistent session, so exactly-once is not"
                        + " supported.",
                MqttSourceConfig.configDef(), Path.of("../docs/reference/mqtt-source-connector.md"));
    }
}
