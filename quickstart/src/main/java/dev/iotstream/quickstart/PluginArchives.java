package dev.iotstream.quickstart;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Finds the Confluent Hub component archives the build produced and unpacks them into a {@code plugin.path}
 * directory, one sub-directory per archive (so the worker gives each archive its own class loader, exactly as in a
 * real installation). The quickstart never has the plugin classes on its own class path: loading them from here is
 * the point.
 */
final class PluginArchives {
    /** Where each plugin module's build leaves its archive, relative to the repository root. */
    static final List<String> PLUGIN_MODULES =
            List.of("mqtt-source-connector", "smt-transforms", "timeseries-sink-connector", "mqtt-sink-connector");

    private PluginArchives() {
    }

    /** The explicitly given archives (files or directories of .zip files), or the build's per-module archives. */
    static List<Path> locate(List<Path> explicit, Path repoRoot) {
        List<Path> zips = new ArrayList<>();
        if (!explicit.isEmpty()) {
            for (Path p : explicit) {
                if (Files.isDirectory(p)) {
                    zips.addAll(zipsIn(p));
                } else if (Files.isRegularFile(p) && p.toString().endsWith(".zip")) {
                    zips.add(p);
                } else {
                    throw new IllegalArgumentException("--archives: " + p + " is neither a .zip file nor a directory");
                }
            }
            if (zips.isEmpty()) {
                throw new IllegalArgumentException("--archives: no .zip files in " + explicit);
            }
            return zips;
        }
        if (repoRoot == null) {
            throw new IllegalStateException("cannot find the iotstream repository root (a pom.xml with artifactId "
                    + "iotstream-parent) above " + Path.of("").toAbsolutePath()
                    + ": run from the repository, or give --archives");
        }
        List<String> missing = new ArrayList<>();
        for (String module : PLUGIN_MODULES) {
            List<Path> found = zipsIn(repoRoot.resolve(module).resolve("target").resolve("components"));
            if (found.isEmpty()) {
                missing.add(module + "/target/components/*.zip");
            }
            zips.addAll(found);
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException("plugin archives not built yet, missing: " + String.join(", ", missing)
                    + " under " + repoRoot + ". Build them with: mvn -B package -DskipTests (./quickstart.sh does)");
        }
        return zips;
    }

    /** Walks up from {@code start} to the directory whose pom.xml is the iotstream parent. */
    static Path findRepoRoot(Path start) {
        for (Path dir = start.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
            Path pom = dir.resolve("pom.xml");
            try {
                if (Files.isRegularFile(pom) && Files.readString(pom).contains("<artifactId>iotstream-parent</artifactId>")
                        && !Files.readString(pom).contains("<parent>")) {
                    return dir;
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return null;
    }

    /** Unpacks each archive into {@code pluginPath/<archive name>/}, refusing entries that escape it. */
    static void unpack(List<Path> zips, Path pluginPath) {
        for (Path zip : zips) {
            String name = zip.getFileName().toString().replaceFirst("\\.zip$", "");
            Path target = pluginPath.resolve(name).normalize();
            try (InputStream in = Files.newInputStream(zip); ZipInputStream zin = new ZipInputStream(in)) {
                Files.createDirectories(target);
                int entries = 0;
                for (ZipEntry e; (e = zin.getNextEntry()) != null; ) {
                    Path out = target.resolve(e.getName()).normalize();
                    if (!out.startsWith(target)) {
                        throw new IllegalStateException("archive " + zip + " has an entry outside its root: " + e.getName());
                    }
                    if (e.isDirectory()) {
                        Files.createDirectories(out);
                    } else {
                        Files.createDirectories(out.getParent());
                        Files.copy(zin, out, StandardCopyOption.REPLACE_EXISTING);
                        entries++;
                    }
                }
                if (entries == 0) {
                    throw new IllegalStateException("archive " + zip + " is empty or not a zip file");
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot unpack plugin archive " + zip, e);
            }
        }
    }

    private static List<Path> zipsIn(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".zip")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
