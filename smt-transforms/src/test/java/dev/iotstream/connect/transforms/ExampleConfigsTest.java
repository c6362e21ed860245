package dev.iotstream.connect.transforms;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.transforms.Transformation;
import org.apache.kafka.connect.transforms.predicates.Predicate;
import org.junit.jupiter.api.Test;

import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shipped example configurations configure and run: transforms and predicates are instantiated from their
 * "type" keys and applied with Connect's predicate/negate semantics. (TransformChainIT runs the alert-routing
 * example in a real worker; this keeps the archive's etc/ examples honest too.)
 */
class ExampleConfigsTest {
    /** A transform chain built from connector properties, as a worker would build it. */
    private record Chain(List<Transformation<SourceRecord>> transforms, List<Predicate<SourceRecord>> predicates,
                         List<Boolean> negate) {
        @SuppressWarnings("unchecked")
        static Chain of(Map<String, String> props) throws Exception {
            Map<String, Predicate<SourceRecord>> byAlias = new HashMap<>();
            for (String alias : list(props.get("predicates"))) {
                Predicate<SourceRecord> predicate = (Predicate<SourceRecord>) Class
                        .forName(props.get("predicates." + alias + ".type")).getDeclaredConstructor().newInstance();
                predicate.configure(prefixed(props, "predicates." + alias + "."));
                byAlias.put(alias, predicate);
            }
            Chain chain = new Chain(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
            for (String alias : list(props.get("transforms"))) {
                Map<String, String> own = prefixed(props, "transforms." + alias + ".");
                Transformation<SourceRecord> transform = (Transformation<SourceRecord>) Class.forName(own.remove("type"))
                        .getDeclaredConstructor().newInstance();
                String predicate = own.remove("predicate");
                boolean negate = Boolean.parseBoolean(own.remove("negate"));
                transform.configure(own);
                chain.transforms.add(transform);
                chain.predicates.add(predicate == null ? null : byAlias.get(predicate));
                chain.negate.add(negate);
            }
            return chain;
        }

        SourceRecord apply(SourceRecord record) {
            SourceRecord current = record;
            for (int i = 0; i < transforms.size() && current != null; i++) {
                Predicate<SourceRecord> predicate = predicates.get(i);
                if (predicate == null || predicate.test(current) != negate.get(i)) {
                    current = transforms.get(i).apply(current);
                }
            }
            return current;
        }

        private static List<String> list(String value) {
            return value == null || value.isBlank() ? List.of() : List.of(value.split("\\s*,\\s*"));
        }

        private static Map<String, String> prefixed(Map<String, String> props, String prefix) {
            Map<String, String> out = new LinkedHashMap<>();
            props.forEach((k, v) -> {
                if (k.startsWith(prefix)) {
                    out.put(k.substring(prefix.length()), v);
                }
            });
            return out;
        }
    }

    private static Map<String, String> properties(String file) throws Exception {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(Path.of(file), StandardCharsets.UTF_8)) {
            properties.load(reader);
        }
        Map<String, String> out = new HashMap<>();
        properties.forEach((k, v) -> out.put((String) k, (String) v));
        return out;
    }

    private static SourceRecord mqtt(String topic, String json) {
        return TestRecords.source(null, null, null, json.getBytes(StandardCharsets.UTF_8), topic);
    }

    @Test
    void normalizationExampleNormalizesAndDrops() throws Exception {
        Chain chain = Chain.of(properties("src/hub/etc/iot-normalization.properties"));
        SourceRecord out = chain.apply(mqtt("sensors/hall/d1/env",
                "{\"ts\":\"2024-05-01T12:00:00Z\",\"temp\":68,\"pressure\":14.503773773,\"battery\":\"50\",\"relay\":\"on\"}"));
        assertThat(ParseJsonTest.map(out)).containsEntry("ts", 1_714_564_800_000L).containsEntry("site", "hall")
                .containsEntry("battery", 50.0).containsEntry("relay", true);
        assertThat((double) ParseJsonTest.map(out).get("temp")).isCloseTo(20.0, org.assertj.core.api.Assertions.within(1e-9));
        assertThat(out.key()).isEqualTo("d1");
        assertThat(chain.apply(mqtt("sensors/hall/d1/env", "{\"ts\":1714564800,\"temp\":300}"))).isNull();
        assertThat(chain.apply(mqtt("sensors/hall/d1/env", "{\"ts\":1714564800,\"hum\":40}"))).isNotNull();
    }

    @Test
    void parseJsonExampleParses() throws Exception {
        Chain chain = Chain.of(properties("src/hub/etc/parse-json.properties"));
        assertThat(ParseJsonTest.map(chain.apply(mqtt("a/b", "{\"v\":1}")))).containsEntry("v", 1.0);
    }

    @Test
    void alertRoutingExampleRoutesByTemperature() throws Exception {
        Map<String, Object> json = new ObjectMapper().readValue(Files.readString(Path.of("examples/alert-routing.json")),
                new TypeReference<>() { });
        Map<String, String> props = new HashMap<>();
        json.forEach((k, v) -> props.put(k, String.valueOf(v)));
        Chain chain = Chain.of(props);
        SourceRecord hot = chain.apply(mqtt("sensors/hall/d1/env", "{\"ts\":1714564800000,\"temp\":212}"));
        assertThat(hot.topic()).isEqualTo("raw-alerts");
        assertThat(ParseJsonTest.map(hot)).containsEntry("alert", "temp outside -20..60 degC");
        SourceRecord normal = chain.apply(mqtt("sensors/hall/d1/env", "{\"ts\":1714564800000,\"temp\":70}"));
        assertThat(normal.topic()).isEqualTo("raw");
        assertThat(ParseJsonTest.map(normal)).doesNotContainKey("alert");
        assertThat(chain.apply(mqtt("sensors/hall/d1/env", "{\"ts\":1714564800000}")).topic()).isEqualTo("raw");
    }
}
