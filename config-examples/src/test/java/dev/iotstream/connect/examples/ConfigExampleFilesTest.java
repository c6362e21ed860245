package dev.iotstream.connect.examples;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Static checks of the shipped examples: both forms exist and say the same, they parse, they only name
 * placeholder endpoints, secrets come from a ConfigProvider, and every example is exercised by an IT.
 * (That they validate with zero errors is checked by {@link PipelineExamplesIT}, which needs a Connect worker.)
 */
class ConfigExampleFilesTest {
    /** The scenarios users asked for (issue 6); each must keep at least these files. */
    private static final List<String> REQUIRED = List.of(
            "json-telemetry-influxdb/mqtt-json-source.json",
            "json-telemetry-influxdb/influxdb-sink.json",
            "mqtt5-shared-subscriptions/mqtt5-shared-source.json",
            "mutual-tls/mqtt-mtls-pem-source.json",
            "mutual-tls/mqtt-mtls-keystore-source.json",
            "senml/mqtt-senml-source.json",
            "senml/senml-victoriametrics-sink.json",
            "normalization/mqtt-normalized-source.json",
            "alert-routing/mqtt-alert-routing-source.json",
            "dead-letter-queue/questdb-sink-with-dlq.json",
            "targets/influxdb-cloud-sink.json",
            "targets/influxdb-1.8-sink.json",
            "targets/victoriametrics-sink.json",
            "targets/questdb-sink.json",
            "mqtt-sink/mqtt-commands-fixed-topic.json",
            "mqtt-sink/mqtt-alerts-templated-topic.json",
            "mqtt-sink/mqtt-replies.json");
    private static final Pattern CONFIG_PROVIDER_REF = Pattern.compile("\\$\\{file:" + Pattern.quote(
            Placeholders.SECRETS_FILE) + ":[a-z0-9.]+}");
    private static final Set<String> SECRET_KEYS = Set.of("mqtt.password", "mqtt.ssl.truststore.password",
            "mqtt.ssl.keystore.password", "mqtt.ssl.key.password", "influx.token", "influx.ssl.truststore.password",
            "influx.ssl.keystore.password", "influx.v1.password");

    @Test
    void theRequiredScenariosAreAllThere() {
        List<String> ids = ExampleFiles.all().stream().map(Example::id).toList();
        assertThat(ids).containsAll(REQUIRED);
    }

    @Test
    void everyJsonBodyHasAPropertiesTwinWithTheSameKeysAndValues() {
        for (Example example : ExampleFiles.all()) {
            assertThat(example.propertiesFile()).as("standalone twin of %s", example.id()).exists();
            Map<String, String> properties = new LinkedHashMap<>(example.properties());
            assertThat(properties.remove("name")).as("name in %s", example.propertiesFile().getFileName())
                    .isEqualTo(example.name());
            assertThat(properties).as("%s vs its .properties twin", example.id())
                    .containsExactlyInAnyOrderEntriesOf(example.json());
        }
    }

    @Test
    void everyPropertiesFileHasAJsonTwinAndNothingElseIsShipped() throws IOException {
        for (String properties : ExampleFiles.filesEndingWith(".properties")) {
            assertThat(ExampleFiles.directory().resolve(properties.replaceFirst("\\.properties$", ".json")))
                    .as("JSON twin of %s", properties).exists();
        }
        try (Stream<Path> files = Files.walk(ExampleFiles.directory())) {
            assertThat(files.filter(Files::isRegularFile).map(Path::toString))
                    .allMatch(f -> f.endsWith(".json") || f.endsWith(".properties"));
        }
    }

    @Test
    void connectorNamesAreUniqueAndTheBodiesNeedNoName() {
        Set<String> names = new HashSet<>();
        for (Example example : ExampleFiles.all()) {
            assertThat(names.add(example.name())).as("duplicate connector name %s", example.name()).isTrue();
            assertThat(example.json()).as(example.id()).doesNotContainKey("name")
                    .containsKeys("connector.class", "tasks.max");
            assertThat(example.connectorClass()).as(example.id()).isIn(Example.SOURCE_CLASS, Example.SINK_CLASS,
                    Example.MQTT_SINK_CLASS);
        }
    }

    @Test
    void endpointsArePlaceholdersAndSecretsComeFromAConfigProvider() {
        for (Example example : ExampleFiles.all()) {
            String endpointKey = example.isMqtt() ? "mqtt.server.uris" : "influx.url";
            assertThat(List.of(example.json().get(endpointKey).split(","))).as("%s %s", example.id(), endpointKey)
                    .allMatch(Placeholders.ENDPOINTS::contains);
            example.json().forEach((key, value) -> {
                if (SECRET_KEYS.contains(key)) {
                    assertThat(value).as("%s: secret %s must be a ${file:...} reference", example.id(), key)
                            .matches(CONFIG_PROVIDER_REF);
                    String secret = value.substring(value.lastIndexOf(':') + 1, value.length() - 1);
                    assertThat(Placeholders.SECRETS).as("secret %s in %s", secret, example.id()).containsKey(secret);
                }
            });
        }
    }

    @Test
    void everyExampleIsExercisedByAnIntegrationTestAndListedInTheReadme() throws IOException {
        Path tests = Path.of("src/test/java/dev/iotstream/connect/examples");
        StringBuilder itSources = new StringBuilder();
        try (Stream<Path> files = Files.list(tests)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith("ExamplesIT.java")).toList()) {
                itSources.append(Files.readString(file));
            }
        }
        String readme = Files.readString(Path.of("README.md"));
        for (Example example : ExampleFiles.all()) {
            assertThat(itSources.toString()).as("an *ExamplesIT runs %s", example.id())
                    .contains("\"" + example.id() + "\"");
            assertThat(readme).as("README lists %s", example.id()).contains(example.id());
        }
    }
}
