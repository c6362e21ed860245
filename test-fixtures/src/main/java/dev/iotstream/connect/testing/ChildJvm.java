package dev.iotstream.connect.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Java main in a child JVM with this JVM's class path ({@link JvmClassPath}), its output appended to a log file,
 * logging through a logback configuration of its own, and ended when this JVM dies ({@link ExitWithParent}).
 *
 * @param jvmArgs e.g. heap size or {@code -javaagent:...}
 */
public record ChildJvm(String mainClass, List<String> args, List<String> jvmArgs, Path logFile) {

    public ChildJvm {
        args = List.copyOf(args);
        jvmArgs = List.copyOf(jvmArgs);
    }

    /** Starts the JVM; the caller keeps the {@link Process} referenced (its stdin is the parent-alive signal). */
    public Process start() {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmArgs);
        command.add("-Dlogback.configurationFile=" + logbackConfig());
        command.add("-cp");
        command.add(JvmClassPath.forChildJvm());
        command.add(ExitWithParent.class.getName());
        command.add(mainClass);
        command.addAll(args);
        try {
            Files.createDirectories(logFile.toAbsolutePath().getParent());
            return new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start a JVM for " + mainClass, e);
        }
    }

    /** Runs to the end (a tool such as Kafka's StorageTool); fails with the log's tail on a non-zero exit. */
    public void run(long timeoutSeconds) {
        Process process = start();
        try {
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(mainClass + " did not finish in " + timeoutSeconds + " s: "
                        + logTail());
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + mainClass, e);
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException(mainClass + " exited with " + process.exitValue() + ": " + logTail());
        }
    }

    /** The last lines of the log, for failure messages. */
    public String logTail() {
        try {
            List<String> lines = Files.exists(logFile) ? Files.readAllLines(logFile) : List.of();
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(log " + logFile + " unreadable: " + e + ")";
        }
    }

    /**
     * Console logging at INFO with the noisiest Kafka internals at WARN, into the redirected log file. Named
     * explicitly: HiveMQ CE's jar on the class path ships a logback.xml of its own.
     */
    private Path logbackConfig() {
        Path config = logFile.toAbsolutePath().resolveSibling(logFile.getFileName() + ".logback.xml");
        String xml = """
                <configuration>
                  <appender name="OUT" class="ch.qos.logback.core.ConsoleAppender">
                    <encoder><pattern>%d{HH:mm:ss.SSS} %-5level [%thread] %logger{36} - %msg%n</pattern></encoder>
                  </appender>
                  <logger name="org.apache.kafka.clients" level="WARN"/>
                  <logger name="org.apache.kafka.common" level="WARN"/>
                  <logger name="org.apache.kafka.raft" level="WARN"/>
                  <logger name="org.apache.kafka.image" level="WARN"/>
                  <logger name="org.apache.kafka.metadata" level="WARN"/>
                  <logger name="org.apache.kafka.storage" level="WARN"/>
                  <logger name="kafka.log" level="WARN"/>
                  <logger name="state.change.logger" level="WARN"/>
                  <logger name="org.eclipse.jetty" level="WARN"/>
                  <logger name="org.glassfish" level="WARN"/>
                  <root level="INFO"><appender-ref ref="OUT"/></root>
                </configuration>
                """;
        try {
            Files.createDirectories(config.getParent());
            Files.writeString(config, xml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return config;
    }
}
