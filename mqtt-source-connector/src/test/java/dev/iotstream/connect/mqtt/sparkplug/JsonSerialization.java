package dev.iotstream.connect.mqtt.sparkplug;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.json.JsonConverter;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Serializes decoder outputs the way a worker configured with JsonConverter does, schemas on and off. */
final class JsonSerialization {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonConverter WITH_SCHEMAS = converter(true);
    private static final JsonConverter WITHOUT_SCHEMAS = converter(false);

    private JsonSerialization() {
    }

    private static JsonConverter converter(boolean schemas) {
        JsonConverter c = new JsonConverter();
        c.configure(Map.of("schemas.enable", Boolean.toString(schemas), "converter.type", "value"));
        return c;
    }

    /**
     * Every record and status serializes with schemas on and off; with schemas the JSON reads back into a value
     * that serializes to the same JSON (checked for finite floats only: JsonConverter writes NaN and infinities as
     * strings it reads back as 0). Returns the schemaless JSON of each, records first.
     */
    static List<JsonNode> serializeAll(SparkplugResult result) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        List<SparkplugRecord> all = new ArrayList<>(result.records());
        all.addAll(result.statuses());
        for (SparkplugRecord r : all) {
            // The decoder fills Structs without put()'s per-field check (StructFill): validate them all here.
            r.value().validate();
            byte[] withSchema = WITH_SCHEMAS.fromConnectData("t", r.schema(), r.value());
            SchemaAndValue back = WITH_SCHEMAS.toConnectData("t", withSchema);
            assertThat(back.schema()).isEqualTo(r.schema());
            String text = new String(withSchema, java.nio.charset.StandardCharsets.UTF_8);
            if (!text.contains("\"NaN\"") && !text.contains("Infinity\"")) {
                JsonNode again = JSON.readTree(WITH_SCHEMAS.fromConnectData("t", back.schema(), back.value()));
                assertThat(again.equals(JSON.readTree(withSchema)))
                        .as("JSON read back and written again is the same JSON: %s", again).isTrue();
            }
            byte[] plain = WITHOUT_SCHEMAS.fromConnectData("t", r.schema(), r.value());
            JsonNode node = JSON.readTree(plain);
            assertThat(node.isObject()).isTrue();
            out.add(node);
        }
        return out;
    }
}
