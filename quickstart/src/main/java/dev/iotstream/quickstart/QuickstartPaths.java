package dev.iotstream.quickstart;

import java.nio.file.Path;

/**
 * Where the quickstart finds the repository (for the plugin archives) and writes its logs. quickstart.sh passes both
 * as system properties; without them (an IDE run, the integration test) it falls back to the working directory's
 * repository and the temp directory.
 */
final class QuickstartPaths {
    private QuickstartPaths() {
    }

    static Path logFile() {
        return Path.of(System.getProperty("iotstream.quickstart.log",
                Path.of(System.getProperty("java.io.tmpdir"), "iotstream-quickstart.log").toString()));
    }

    /** The servers' own logs and console output go next to the quickstart log. */
    static Path logDir() {
        Path parent = logFile().toAbsolutePath().getParent();
        return parent == null ? Path.of(System.getProperty("java.io.tmpdir")) : parent;
    }

    static Path consoleLog() {
        return logDir().resolve("iotstream-quickstart-console.log");
    }

    static Path kafkaLog() {
        return logDir().resolve("iotstream-quickstart-kafka.log");
    }

    static Path connectLog() {
        return logDir().resolve("iotstream-quickstart-connect.log");
    }

    static Path questDbLog() {
        return logDir().resolve("iotstream-quickstart-questdb.log");
    }

    static Path repoRoot() {
        String configured = System.getProperty("iotstream.repo.root");
        return configured != null ? Path.of(configured).toAbsolutePath().normalize()
                : PluginArchives.findRepoRoot(Path.of(""));
    }
}
