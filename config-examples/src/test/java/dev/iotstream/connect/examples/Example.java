package dev.iotstream.connect.examples;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One shipped example: the JSON body for {@code PUT /connectors/{name}/config} and its standalone twin.
 *
 * @param name connector name (the file name without extension; the .properties file's {@code name})
 * @param json the JSON body's keys and values, in file order
 * @param properties the .properties file's keys and values, {@code name} included
 */
record Example(String name, Path jsonFile, Path propertiesFile, Map<String, String> json, Map<String, String> properties) {
    static final String SOURCE_CLASS = "dev.iotstream.connect.mqtt.MqttSourceConnector";
    static final String SINK_CLASS = "dev.iotstream.connect.timeseries.TimeSeriesSinkConnector";
    static final String MQTT_SINK_CLASS = "dev.iotstream.connect.mqtt.sink.MqttSinkConnector";

    String connectorClass() {
        return json.get("connector.class");
    }

    boolean isSource() {
        return SOURCE_CLASS.equals(connectorClass());
    }

    /** Whether the example talks to an MQTT broker (the source, or the MQTT sink). */
    boolean isMqtt() {
        return isSource() || MQTT_SINK_CLASS.equals(connectorClass());
    }

    /** The JSON body as a modifiable map, ready for substitution. */
    Map<String, String> config() {
        return new LinkedHashMap<>(json);
    }

    /** Path relative to the examples directory, e.g. targets/questdb-sink.json, for messages. */
    String id() {
        return jsonFile.getParent().getFileName() + "/" + jsonFile.getFileName();
    }
}
