package dev.iotstream.connect.mqtt.flow;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps the flow Connect-free and the packages acyclic: {@code flow} imports nothing of Kafka or of the task's
 * package, and {@code ack} (which the flow uses) nothing of {@code flow}. Read from the sources, so an import a
 * refactor adds fails here, not in review.
 */
class FlowPackageTest {
    private static final Path MAIN = Path.of("src/main/java/dev/iotstream/connect/mqtt");

    @Test
    void theFlowImportsNothingOfKafkaNorOfTheTask() throws IOException {
        assertThat(imports("flow", Pattern.compile("import (static )?(org\\.apache\\.kafka|"
                + "dev\\.iotstream\\.connect\\.mqtt\\.[A-Z]).*"))).isEmpty();
    }

    @Test
    void nothingTheFlowUsesImportsTheFlow() throws IOException {
        assertThat(imports("ack", Pattern.compile("import (static )?dev\\.iotstream\\.connect\\.mqtt\\.flow\\..*")))
                .isEmpty();
        assertThat(imports("metrics", Pattern.compile("import (static )?dev\\.iotstream\\.connect\\.mqtt\\.flow\\..*")))
                .isEmpty();
    }

    private static List<String> imports(String pkg, Pattern forbidden) throws IOException {
        Path dir = MAIN.resolve(pkg);
        assertThat(dir).as("run from the module directory").isDirectory();
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".java")).flatMap(f -> {
                try {
                    return Files.readAllLines(f).stream().map(String::trim)
                            .filter(l -> forbidden.matcher(l).matches()).map(l -> f.getFileName() + ": " + l);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).toList();
        }
    }
}
