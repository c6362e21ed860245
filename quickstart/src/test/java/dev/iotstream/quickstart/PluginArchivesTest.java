package dev.iotstream.quickstart;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PluginArchivesTest {
    @TempDir
    Path tmp;

    @Test
    void findsTheBuiltArchiveOfEveryPluginModule() throws IOException {
        Path root = repo();
        for (String module : PluginArchives.PLUGIN_MODULES) {
            zip(root.resolve(module + "/target/components/dev.iotstream-" + module + "-1.0.zip"), "x/lib/a.jar");
        }
        assertThat(PluginArchives.locate(List.of(), root)).hasSize(PluginArchives.PLUGIN_MODULES.size())
                .allMatch(p -> p.toString().contains("/target/components/"));
        assertThat(PluginArchives.findRepoRoot(root.resolve("mqtt-source-connector/target"))).isEqualTo(root);
    }

    @Test
    void missingArchivesAreNamedWithTheCommandThatBuildsThem() throws IOException {
        Path root = repo();
        zip(root.resolve("smt-transforms/target/components/t.zip"), "x/lib/a.jar");
        assertThatThrownBy(() -> PluginArchives.locate(List.of(), root))
                .hasMessageContaining("mqtt-source-connector/target/components/*.zip")
                .hasMessageContaining("timeseries-sink-connector/target/components/*.zip")
                .hasMessageContaining("mvn -B package -DskipTests");
    }

    @Test
    void explicitArchivesAndDirectoriesWin() throws IOException {
        Path a = zip(tmp.resolve("a.zip"), "a/lib/a.jar");
        Path dir = tmp.resolve("more");
        zip(dir.resolve("b.zip"), "b/lib/b.jar");
        assertThat(PluginArchives.locate(List.of(a, dir), null)).containsExactly(a, dir.resolve("b.zip"));
        assertThatThrownBy(() -> PluginArchives.locate(List.of(tmp.resolve("nope.txt")), null))
                .hasMessageContaining("neither a .zip file nor a directory");
    }

    @Test
    void unpacksEachArchiveIntoItsOwnPluginDirectory() throws IOException {
        Path a = zip(tmp.resolve("dev.iotstream-a-1.zip"), "dev.iotstream-a-1/lib/a.jar", "dev.iotstream-a-1/manifest.json");
        Path b = zip(tmp.resolve("dev.iotstream-b-1.zip"), "dev.iotstream-b-1/lib/b.jar");
        Path pluginPath = tmp.resolve("plugins");
        PluginArchives.unpack(List.of(a, b), pluginPath);
        assertThat(pluginPath.resolve("dev.iotstream-a-1/dev.iotstream-a-1/lib/a.jar")).exists();
        assertThat(pluginPath.resolve("dev.iotstream-b-1/dev.iotstream-b-1/lib/b.jar")).exists();
    }

    @Test
    void refusesEntriesThatEscapeThePluginDirectory() throws IOException {
        Path evil = zip(tmp.resolve("evil.zip"), "../../outside.jar");
        assertThatThrownBy(() -> PluginArchives.unpack(List.of(evil), tmp.resolve("plugins")))
                .hasMessageContaining("entry outside its root");
        assertThat(tmp.resolve("outside.jar")).doesNotExist();
    }

    private Path repo() throws IOException {
        Path root = tmp.resolve("repo");
        Files.createDirectories(root);
        Files.writeString(root.resolve("pom.xml"), "<project><artifactId>iotstream-parent</artifactId></project>");
        return root;
    }

    private static Path zip(Path file, String... entries) throws IOException {
        Files.createDirectories(file.getParent());
        try (OutputStream out = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(out)) {
            for (String e : entries) {
                zip.putNextEntry(new ZipEntry(e));
                zip.write(e.getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }
        return file;
    }
}
