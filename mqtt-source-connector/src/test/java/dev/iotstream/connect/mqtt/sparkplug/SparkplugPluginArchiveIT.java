package dev.iotstream.connect.mqtt.sparkplug;

import dev.iotstream.connect.testing.TempDirs;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.runtime.isolation.PluginClassLoader;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Sparkplug B decoder runs from the plugin archive the build just packaged, in Kafka Connect's own
 * {@link PluginClassLoader} (child first for everything but the Connect API, as a worker loads a plugin from
 * plugin.path): the generated protobuf classes and protobuf-java come from the archive's lib/, the records it
 * makes are the worker's Connect Structs, and the worker's JsonConverter writes them.
 */
class SparkplugPluginArchiveIT {

    @Test
    void decoderRunsFromTheArchiveInAPluginClassLoader() throws Exception {
        Path archive;
        try (Stream<Path> zips = Files.list(Path.of("target", "components"))) {
            archive = zips.filter(p -> p.getFileName().toString().endsWith(".zip")).findFirst().orElseThrow();
        }
        Path dir = TempDirs.create("sparkplug-archive");
        try {
            List<URL> jars = unzipLib(archive, dir);
            assertThat(jars).extracting(u -> Path.of(u.toURI()).getFileName().toString())
                    .anyMatch(n -> n.startsWith("protobuf-java-"))
                    .anyMatch(n -> n.startsWith("mqtt-source-connector-"))
                    .noneMatch(n -> n.startsWith("tahu"));
            try (PluginClassLoader loader = new PluginClassLoader(dir.toUri().toURL(), jars.toArray(URL[]::new),
                    SparkplugPluginArchiveIT.class.getClassLoader())) {
                Class<?> encoder = loader.loadClass(SparkplugEncoder.class.getName());
                Class<?> settingsClass = loader.loadClass(SparkplugSettings.class.getName());
                Class<?> decoderClass = loader.loadClass(SparkplugDecoder.class.getName());
                assertThat(decoderClass.getClassLoader()).as("the decoder comes from the archive").isSameAs(loader);
                assertThat(decoderClass).isNotSameAs(SparkplugDecoder.class);
                assertThat(loader.loadClass("com.google.protobuf.GeneratedMessage").getClassLoader())
                        .as("protobuf-java comes from the archive's lib/").isSameAs(loader);
                assertThat(loader.loadClass(Struct.class.getName())).as("the Connect API is the worker's")
                        .isSameAs(Struct.class);

                byte[] ncmd = (byte[]) encoder.getMethod("rebirthCommand", long.class).invoke(null, 1_700_000L);
                Object settings = settingsClass.getMethod("defaults").invoke(null);
                Object decoder = decoderClass.getConstructor(settingsClass, Clock.class)
                        .newInstance(settings, Clock.systemUTC());
                Object result = decoderClass.getMethod("decode", String.class, byte[].class)
                        .invoke(decoder, "spBv1.0/plant/NCMD/gw", ncmd);
                List<?> records = (List<?>) result.getClass().getMethod("records").invoke(result);
                assertThat(records).hasSize(1);
                Object record = records.get(0);
                Struct value = (Struct) record.getClass().getMethod("value").invoke(record);
                Schema schema = (Schema) record.getClass().getMethod("schema").invoke(record);
                assertThat(value.getString("metric")).isEqualTo("Node Control/Rebirth");
                assertThat(value.getBoolean("value")).isTrue();

                JsonConverter json = new JsonConverter();
                json.configure(Map.of("schemas.enable", "false", "converter.type", "value"));
                assertThat(new String(json.fromConnectData("t", schema, value), StandardCharsets.UTF_8))
                        .contains("\"metric\":\"Node Control/Rebirth\"", "\"value\":true");
            }
        } finally {
            TempDirs.deleteRecursively(dir);
        }
    }

    private static List<URL> unzipLib(Path archive, Path dir) throws IOException {
        List<URL> jars = new ArrayList<>();
        try (ZipFile zip = new ZipFile(archive.toFile())) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry e = entries.nextElement();
                String name = e.getName();
                if (e.isDirectory() || !name.contains("/lib/") || !name.endsWith(".jar")) {
                    continue;
                }
                Path target = dir.resolve(name.substring(name.lastIndexOf('/') + 1));
                try (InputStream in = zip.getInputStream(e)) {
                    Files.copy(in, target);
                }
                jars.add(target.toUri().toURL());
            }
        }
        return jars;
    }
}
