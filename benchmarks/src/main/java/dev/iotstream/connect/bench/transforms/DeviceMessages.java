package dev.iotstream.connect.bench.transforms;

import dev.iotstream.connect.common.MqttHeaders;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.source.SourceRecord;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Realistic device messages (100-300 bytes of JSON, as environmental sensors publish them) wrapped in the source
 * records the iotstream MQTT source produces: payload bytes plus the MQTT topic header.
 */
final class DeviceMessages {
    static final int COUNT = 256;

    private DeviceMessages() {
    }

    static byte[][] payloads() {
        SplittableRandom random = new SplittableRandom(42);
        byte[][] out = new byte[COUNT][];
        for (int i = 0; i < COUNT; i++) {
            String ts = switch (i % 3) {
                case 0 -> "\"2024-05-01T12:" + two(i % 60) + ":" + two(random.nextInt(60)) + "." + random.nextInt(100, 999) + "Z\"";
                case 1 -> String.valueOf(1_714_564_800_000L + random.nextInt(1_000_000));
                default -> String.valueOf(1_714_564_800L + random.nextInt(100_000));
            };
            String json = "{\"ts\":" + ts
                    + ",\"temp\":" + (60 + random.nextInt(400) / 10.0)
                    + ",\"hum\":" + random.nextInt(20, 90)
                    + ",\"pressure\":" + (14 + random.nextInt(100) / 100.0)
                    + ",\"battery\":\"" + random.nextInt(0, 100) + "\""
                    + ",\"on\":\"" + (random.nextBoolean() ? "on" : "off") + "\""
                    + ",\"fw\":\"1.4." + random.nextInt(10) + "\""
                    + ",\"rssi\":" + -random.nextInt(40, 100)
                    + ",\"loc\":{\"lat\":" + (48 + random.nextInt(1000) / 1000.0)
                    + ",\"lon\":" + (11 + random.nextInt(1000) / 1000.0) + "}"
                    + ",\"acc\":[" + random.nextInt(-20, 20) / 10.0 + "," + random.nextInt(-20, 20) / 10.0 + ","
                    + (9.8 + random.nextInt(10) / 100.0) + "]}";
            out[i] = json.getBytes(StandardCharsets.UTF_8);
        }
        return out;
    }

    static String mqttTopic(int i) {
        return "sensors/plant" + (i % 4) + "/dev" + (i % 50) + "/env";
    }

    static SourceRecord record(int i, byte[] payload) {
        ConnectHeaders headers = new ConnectHeaders();
        headers.addString(MqttHeaders.TOPIC, mqttTopic(i));
        headers.addInt(MqttHeaders.QOS, 1);
        return new SourceRecord(Map.of(), Map.of(), "telemetry", null, null, null, Schema.OPTIONAL_BYTES_SCHEMA,
                payload, 1_714_564_800_000L, headers);
    }

    private static String two(int n) {
        return n < 10 ? "0" + n : String.valueOf(n);
    }
}
