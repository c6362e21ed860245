package dev.iotstream.connect.mqtt.sink;

import dev.iotstream.connect.testing.ConfigReference;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

class ConfigReferenceTest {
    @Test
    void referenceIsCurrent() {
        ConfigReference.assertUpToDate("MQTT sink connector",
                "`dev.iotstream.connect.mqtt.sink.MqttSinkConnector` publishes Kafka records to MQTT 3.1.1 or 5"
                        + " brokers, at least once for QoS 1 and 2: a record's offset is committed only after the"
                        + " broker acknowledged its message (PUBACK / PUBCOMP) and every earlier one of its"
                        + " partition. The connection and TLS keys are the MQTT source's, with the same names and"
                        + " validators.",
                MqttSinkConfig.configDef(), Path.of("../docs/reference/mqtt-sink-connector.md"));
    }
}
