package dev.iotstream.connect.distribution;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The component archives this build produced, located through system properties that the distribution pom
 * passes to failsafe, and a safe unzip into a worker's plugin.path.
 */
final class Archives {
    static final String OWNER = "dev.iotstream";
    static final String BUNDLE = "iotstream-bundle";
    /** The bundle's Prometheus JMX exporter rules, relative to its etc/. */
    static final String JMX_EXPORTER_RULES = "iotstream-jmx-exporter.yml";
    static final List<String> PLUGIN_MODULES =
            List.of("mqtt-source-connector", "smt-transforms", "timeseries-sink-connector", "mqtt-sink-connector");

    private Archives() {
    }

    static String projectVersion() {
        return required("iotstream.version");
    }

    /** The four per-plugin archives, as copied from the plugin modules' attached zip artifacts. */
    static List<Path> pluginArchives() {
        Path dir = Paths.get(required("iotstream.component.archives"));
        List<Path> archives = new ArrayList<>();
        for (String module : PLUGIN_MODULES) {
            Path zip = dir.resolve(module + "-" + projectVersion() + ".zip");
            if (!Files.isRegularFile(zip)) {
                throw new IllegalStateException("component archive missing: " + zip);
            }
            archives.add(zip);
        }
        return archives;
    }

    static Path bundleArchive() {
        Path zip = Paths.get(required("iotstream.bundle.archive"));
        if (!Files.isRegularFile(zip)) {
            throw new IllegalStateException("bundle archive missing: " + zip);
        }
        return zip;
    }

    /** The directory every Confluent Hub archive must have at its root: {owner}-{name}-{version}. */
    static String componentDirectory(String name) {
        return OWNER + "-" + name + "-" + projectVersion();
    }

    /** Unzips like `unzip archive -d pluginPath` would, refusing entries that escape the target directory. */
    static void unzip(Path archive, Path pluginPath) {
        try (ZipFile zip = new ZipFile(archive.toFile())) {
            for (ZipEntry entry : java.util.Collections.list(zip.entries())) {
                Path target = pluginPath.resolve(entry.getName()).normalize();
                if (!target.startsWith(pluginPath)) {
                    throw new IllegalStateException(archive + " has an entry outside its root: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    try (InputStream in = zip.getInputStream(entry)) {
                        Files.copy(in, target);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unzip " + archive, e);
        }
    }

    static List<Path> files(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            return paths.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String required(String property) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("system property " + property
                    + " not set: run through failsafe (mvn -pl distribution verify)");
        }
        return value;
    }
}
