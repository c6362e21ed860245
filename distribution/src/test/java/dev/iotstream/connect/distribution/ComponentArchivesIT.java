package dev.iotstream.connect.distribution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Opens every component archive the build produced and checks the Confluent Hub layout, the manifest, and that
 * lib/ carries nothing the Connect worker provides itself (Kafka and slf4j APIs, logging bindings): not as a
 * jar, and not as classes repackaged inside another jar.
 */
class ComponentArchivesIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Jars the worker provides; a second copy inside a plugin breaks classloader isolation. */
    private static final Pattern PROVIDED_JAR = Pattern.compile(
            "^(kafka-clients|kafka-streams|kafka_.*|kafka-.*|connect-.*|slf4j-.*|logback-.*|log4j-.*|reload4j.*)"
                    + "-\\d.*\\.jar$");
    private static final List<String> PROVIDED_PACKAGES = List.of("org/apache/kafka/", "org/slf4j/");
    private static final Pattern JAR_NAME = Pattern.compile("^(.+?)-(\\d[^/]*)\\.jar$");

    record Expected(String name, Path archive, Set<String> componentTypes, List<String> pluginJars) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Expected> archives() {
        String v = Archives.projectVersion();
        List<Path> plugins = Archives.pluginArchives();
        return Stream.of(
                new Expected("mqtt-source-connector", plugins.get(0), Set.of("source"),
                        List.of("mqtt-source-connector-" + v + ".jar", "iotstream-mqtt-common-" + v + ".jar")),
                new Expected("smt-transforms", plugins.get(1), Set.of("transform"),
                        List.of("smt-transforms-" + v + ".jar")),
                new Expected("timeseries-sink-connector", plugins.get(2), Set.of("sink"),
                        List.of("timeseries-sink-connector-" + v + ".jar")),
                new Expected("mqtt-sink-connector", plugins.get(3), Set.of("sink"),
                        List.of("mqtt-sink-connector-" + v + ".jar", "iotstream-mqtt-common-" + v + ".jar")),
                new Expected(Archives.BUNDLE, Archives.bundleArchive(), Set.of("source", "sink", "transform"),
                        List.of("mqtt-source-connector-" + v + ".jar", "iotstream-mqtt-common-" + v + ".jar",
                                "smt-transforms-" + v + ".jar", "timeseries-sink-connector-" + v + ".jar",
                                "mqtt-sink-connector-" + v + ".jar")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("archives")
    void hasTheConfluentHubLayout(Expected expected) throws IOException {
        String root = Archives.componentDirectory(expected.name()) + "/";
        try (ZipFile zip = new ZipFile(expected.archive().toFile())) {
            List<String> names = entryNames(zip);
            assertThat(names).as("every entry under the single component directory").allMatch(n -> n.startsWith(root));
            assertThat(names).contains(root + "manifest.json", root + "doc/LICENSE", root + "doc/version.txt",
                    root + "doc/installation.md", root + "assets/iotstream.svg");
            assertThat(read(zip, root + "doc/version.txt").trim()).isEqualTo(Archives.projectVersion());
            assertThat(read(zip, root + "doc/LICENSE")).contains("Apache License", "Version 2.0, January 2004");
            assertThat(libJars(names, root)).containsAll(expected.pluginJars())
                    .contains("iotstream-common-" + Archives.projectVersion() + ".jar");
            assertThat(names).as("example configurations").anyMatch(n -> n.startsWith(root + "etc/") && !n.endsWith("/"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("archives")
    void manifestParsesWithTheProjectVersion(Expected expected) throws IOException {
        String root = Archives.componentDirectory(expected.name()) + "/";
        try (ZipFile zip = new ZipFile(expected.archive().toFile())) {
            String text = read(zip, root + "manifest.json");
            assertThat(text).as("no unfiltered Maven expression").doesNotContain("${");
            JsonNode manifest = JSON.readTree(text);
            assertThat(manifest.path("name").asText()).isEqualTo(expected.name());
            assertThat(manifest.path("version").asText()).isEqualTo(Archives.projectVersion());
            assertThat(manifest.path("owner").path("username").asText()).isEqualTo(Archives.OWNER);
            assertThat(manifest.path("title").asText()).isNotBlank();
            assertThat(manifest.path("description").asText()).isNotBlank();
            Set<String> types = new TreeSet<>();
            manifest.path("component_types").forEach(t -> types.add(t.asText()));
            assertThat(types).isEqualTo(new TreeSet<>(expected.componentTypes()));
            assertThat(manifest.path("license").path(0).path("name").asText()).isEqualTo("Apache License 2.0");
            assertThat(manifest.path("features").path("kafka_connect_api").asBoolean()).isTrue();
            assertThat(manifest.path("requirements").isArray()).isTrue();
            String logo = manifest.path("logo").asText();
            assertThat(zip.getEntry(root + logo)).as("logo %s is in the archive", logo).isNotNull();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("archives")
    void libHoldsNoKafkaOrSlf4jJarsOrClasses(Expected expected) throws IOException {
        String root = Archives.componentDirectory(expected.name()) + "/";
        try (ZipFile zip = new ZipFile(expected.archive().toFile())) {
            List<String> jars = libJars(entryNames(zip), root);
            assertThat(jars).isNotEmpty();
            assertThat(jars).noneMatch(j -> PROVIDED_JAR.matcher(j).matches());
            for (String jar : jars) {
                assertThat(classPackagesIn(zip, zip.getEntry(root + "lib/" + jar)))
                        .as("classes inside %s", jar)
                        .noneMatch(p -> PROVIDED_PACKAGES.stream().anyMatch(p::startsWith));
            }
        }
    }

    @Test
    void bundleLibIsTheUnionOfThePluginLibsWithOneVersionPerLibrary() throws IOException {
        Set<String> union = new TreeSet<>();
        Set<String> etcUnion = new TreeSet<>();
        Map<String, String> readmes = new TreeMap<>();
        List<Path> plugins = Archives.pluginArchives();
        for (int i = 0; i < plugins.size(); i++) {
            String root = Archives.componentDirectory(Archives.PLUGIN_MODULES.get(i)) + "/";
            try (ZipFile zip = new ZipFile(plugins.get(i).toFile())) {
                List<String> names = entryNames(zip);
                union.addAll(libJars(names, root));
                etcUnion.addAll(filesUnder(names, root + "etc/"));
                if (zip.getEntry(root + "doc/README.md") != null) {
                    readmes.put(Archives.PLUGIN_MODULES.get(i), read(zip, root + "doc/README.md"));
                }
            }
        }
        String root = Archives.componentDirectory(Archives.BUNDLE) + "/";
        try (ZipFile zip = new ZipFile(Archives.bundleArchive().toFile())) {
            List<String> names = entryNames(zip);
            assertThat(new TreeSet<>(libJars(names, root))).isEqualTo(union);
            // The plugins' examples, plus the Prometheus JMX exporter rules that only the bundle ships.
            etcUnion.add(Archives.JMX_EXPORTER_RULES);
            assertThat(new TreeSet<>(filesUnder(names, root + "etc/"))).isEqualTo(etcUnion);
            assertThat(names).contains(root + "doc/monitoring.md");
            for (Map.Entry<String, String> readme : readmes.entrySet()) {
                assertThat(read(zip, root + "doc/" + readme.getKey() + "/README.md")).isEqualTo(readme.getValue());
            }
        }
        // All four plugins share the bundle's one classloader: two versions of one library would be a lottery.
        Map<String, List<String>> versionsByLibrary = new TreeMap<>();
        for (String jar : union) {
            Matcher m = JAR_NAME.matcher(jar);
            assertThat(m.matches()).as("versioned jar name: %s", jar).isTrue();
            versionsByLibrary.computeIfAbsent(m.group(1), k -> new ArrayList<>()).add(m.group(2));
        }
        assertThat(versionsByLibrary).allSatisfy((library, versions) ->
                assertThat(versions).as("versions of %s", library).hasSize(1));
    }

    private static List<String> entryNames(ZipFile zip) {
        return Collections.list(zip.entries()).stream().map(ZipEntry::getName).toList();
    }

    private static List<String> libJars(List<String> names, String root) {
        return names.stream()
                .filter(n -> n.startsWith(root + "lib/") && n.endsWith(".jar"))
                .map(n -> n.substring((root + "lib/").length()))
                .filter(n -> !n.contains("/"))
                .sorted()
                .toList();
    }

    private static List<String> filesUnder(List<String> names, String dir) {
        return names.stream().filter(n -> n.startsWith(dir) && !n.endsWith("/"))
                .map(n -> n.substring(dir.length())).sorted().toList();
    }

    private static String read(ZipFile zip, String name) throws IOException {
        ZipEntry entry = zip.getEntry(name);
        assertThat(entry).as("entry %s", name).isNotNull();
        try (InputStream in = zip.getInputStream(entry)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Directories of the .class files inside a jar that sits inside the archive. */
    private static Set<String> classPackagesIn(ZipFile zip, ZipEntry jar) throws IOException {
        Set<String> packages = new TreeSet<>();
        try (ZipInputStream in = new ZipInputStream(zip.getInputStream(jar))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                String name = e.getName();
                if (name.endsWith(".class")) {
                    // Multi-release jars keep versioned copies under META-INF/versions/N/.
                    name = name.replaceFirst("^META-INF/versions/\\d+/", "");
                    int slash = name.lastIndexOf('/');
                    packages.add(slash < 0 ? "" : name.substring(0, slash + 1));
                }
            }
        }
        return packages;
    }
}
