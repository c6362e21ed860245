package dev.iotstream.connect.testing;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * This JVM's class path as a list of files, for child JVMs that run Kafka's and Connect's own mains. Surefire and
 * failsafe start tests with a manifest-only jar: its {@code Class-Path} is expanded. Test jars (Kafka's test kit)
 * are left out, so a child runs the normal distribution jars only.
 */
public final class JvmClassPath {
    private JvmClassPath() {
    }

    public static String forChildJvm() {
        List<String> entries = new ArrayList<>();
        for (Path p : expanded(System.getProperty("java.class.path"))) {
            if (!isTestJar(p.getFileName().toString())) {
                entries.add(p.toString());
            }
        }
        return String.join(File.pathSeparator, entries);
    }

    static boolean isTestJar(String fileName) {
        return fileName.endsWith("-test.jar") || fileName.endsWith("-tests.jar")
                || fileName.startsWith("kafka-test-common-");
    }

    static List<Path> expanded(String classPath) {
        Set<Path> out = new LinkedHashSet<>();
        for (String entry : classPath.split(File.pathSeparator)) {
            if (entry.isBlank()) {
                continue;
            }
            Path path = Path.of(entry).toAbsolutePath().normalize();
            out.add(path);
            out.addAll(manifestClassPath(path));
        }
        return new ArrayList<>(out);
    }

    private static List<Path> manifestClassPath(Path jar) {
        if (!jar.toString().endsWith(".jar") || !Files.isRegularFile(jar)) {
            return List.of();
        }
        try (JarFile file = new JarFile(jar.toFile())) {
            Manifest manifest = file.getManifest();
            String classPath = manifest == null ? null : manifest.getMainAttributes().getValue("Class-Path");
            if (classPath == null || classPath.isBlank()) {
                return List.of();
            }
            List<Path> paths = new ArrayList<>();
            URI base = jar.toUri();
            for (String url : classPath.trim().split("\\s+")) {
                paths.add(Path.of(base.resolve(url)).normalize());
            }
            return paths;
        } catch (IOException | IllegalArgumentException e) {
            return List.of();
        }
    }
}
