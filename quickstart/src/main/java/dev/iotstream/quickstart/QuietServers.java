package dev.iotstream.quickstart;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Keeps the embedded servers' own console output (QuestDB's native logger and banner, Kafka's storage formatter)
 * out of the user's terminal: it goes to log files next to the quickstart log, the progress lines stay readable.
 */
final class QuietServers implements AutoCloseable {
    private final PrintStream savedOut;
    private final PrintStream savedErr;
    private final PrintStream diverted;

    private QuietServers(PrintStream savedOut, PrintStream savedErr, PrintStream diverted) {
        this.savedOut = savedOut;
        this.savedErr = savedErr;
        this.diverted = diverted;
    }

    /** Sends {@code System.out} to {@code file} (appending) until closed; the caller keeps its own stream. */
    static QuietServers divertSystemOut(Path file) {
        return divert(file, false);
    }

    /** Like {@link #divertSystemOut(Path)}, and {@code System.err} (where logback's console appender writes) too. */
    static QuietServers divertSystemOutAndErr(Path file) {
        return divert(file, true);
    }

    private static QuietServers divert(Path file, boolean err) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            PrintStream diverted = new PrintStream(new FileOutputStream(file.toFile(), true), true, StandardCharsets.UTF_8);
            QuietServers q = new QuietServers(System.out, err ? System.err : null, diverted);
            System.setOut(diverted);
            if (err) {
                System.setErr(diverted);
            }
            return q;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write log file " + file, e);
        }
    }

    /**
     * QuestDB logs through its own native writer straight to file descriptor 1 unless told otherwise: the system
     * property {@code out} names its log configuration. Must run before the first QuestDB server starts.
     */
    static void routeQuestDbLogTo(Path logFile) {
        if (System.getProperty("out") != null) {
            return;
        }
        try {
            Path conf = Files.createTempFile("iotstream-questdb-log", ".conf");
            conf.toFile().deleteOnExit();
            Files.writeString(conf, String.join("\n",
                    "writers=file",
                    "w.file.class=io.questdb.log.LogFileWriter",
                    "w.file.location=" + logFile.toAbsolutePath(),
                    "w.file.level=INFO,ERROR,CRITICAL,ADVISORY",
                    ""));
            System.setProperty("out", conf.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        System.setOut(savedOut);
        if (savedErr != null) {
            System.setErr(savedErr);
        }
        diverted.flush();
        diverted.close();
    }
}
