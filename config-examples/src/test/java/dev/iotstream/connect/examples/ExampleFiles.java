package dev.iotstream.connect.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * Reads the examples shipped under {@code src/main/resources/examples} (from the test class path, so the tests
 * see exactly what the module's jar ships). Parsing is strict: a JSON value that is not a string, a duplicate
 * key or a .properties file that cannot be read fails with the file's name.
 */
final class ExampleFiles {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private ExampleFiles() {
    }

    /** The examples directory: in target/classes for unit tests, inside the module's jar for integration tests. */
    static synchronized Path directory() {
        URL url = ExampleFiles.class.getResource("/examples");
        if (url == null) {
            throw new IllegalStateException("no examples directory on the class path");
        }
        try {
            URI uri = url.toURI();
            if (!"jar".equals(uri.getScheme())) {
                return Path.of(uri);
            }
            FileSystem jar;
            try {
                jar = FileSystems.getFileSystem(uri);
            } catch (FileSystemNotFoundException notOpenYet) {
                jar = FileSystems.newFileSystem(uri, Map.of()); // kept open for the JVM's life: read-only, small
            }
            return jar.getPath("/examples");
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every example, by its .json file; a missing .properties twin shows up as an empty properties map. */
    static List<Example> all() {
        try (Stream<Path> files = Files.walk(directory())) {
            return files.filter(p -> p.toString().endsWith(".json")).sorted().map(ExampleFiles::read).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @param id path below the examples directory, e.g. targets/questdb-sink.json */
    static Example load(String id) {
        Path file = directory().resolve(id);
        if (!Files.exists(file)) {
            throw new IllegalArgumentException("no example " + id);
        }
        return read(file);
    }

    /** Every file in the examples directory whose name ends with the extension, relative ids. */
    static List<String> filesEndingWith(String extension) {
        try (Stream<Path> files = Files.walk(directory())) {
            return files.filter(p -> p.toString().endsWith(extension)).sorted()
                    .map(p -> directory().relativize(p).toString().replace('\\', '/')).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Example read(Path jsonFile) {
        String base = jsonFile.getFileName().toString().replaceFirst("\\.json$", "");
        Path propertiesFile = jsonFile.resolveSibling(base + ".properties");
        return new Example(base, jsonFile, propertiesFile, readJson(jsonFile), readProperties(propertiesFile));
    }

    static Map<String, String> readJson(Path file) {
        try {
            JsonNode root;
            try (InputStream in = Files.newInputStream(file)) {
                root = JSON.readTree(in);
            }
            if (root == null || !root.isObject()) {
                throw new IllegalArgumentException(file + ": the body of PUT /connectors/{name}/config must be a JSON object");
            }
            Map<String, String> out = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!e.getValue().isTextual()) {
                    throw new IllegalArgumentException(file + ": value of '" + e.getKey()
                            + "' must be a JSON string (Connect configs are string to string), got " + e.getValue());
                }
                out.put(e.getKey(), e.getValue().textValue());
            }
            return out;
        } catch (IOException e) {
            throw new IllegalArgumentException(file + " is not valid JSON: " + e.getMessage(), e);
        }
    }

    static Map<String, String> readProperties(Path file) {
        if (!Files.exists(file)) {
            return Map.of();
        }
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(file + " cannot be read", e);
        }
        Map<String, String> out = new LinkedHashMap<>();
        p.stringPropertyNames().stream().sorted().forEach(k -> out.put(k, p.getProperty(k)));
        return out;
    }
}
