package dev.iotstream.quickstart;

import dev.iotstream.connect.testing.ListeningSockets;
import dev.iotstream.connect.testing.ListeningSockets.Listener;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ./quickstart.sh} exactly as a user runs it (build reused: the reactor packaged everything before this
 * module's integration tests), for a short bounded run. While it runs, every listening TCP socket of its process tree
 * (the quickstart JVM with HiveMQ CE and QuestDB, the Kafka broker JVM, the Connect worker JVM) is sampled from
 * /proc: each must be on 127.0.0.1. At the end: exit code 0, a summary with nothing lost, and no child JVM left.
 */
class QuickstartScriptIT {
    private static final Pattern SUMMARY = Pattern.compile("Summary: ([\\d,]+) published \\((\\d+) out of range, "
            + "(\\d+) failed\\) -> ([\\d,]+) in Kafka .* -> ([\\d,]+) points in table telemetry, "
            + "(\\d+) in table alerts, ([\\d,]+) alerts back over MQTT");
    private static final Pattern KAFKA = Pattern.compile("Kafka broker started at 127\\.0\\.0\\.1:(\\d+)");
    private static final Pattern WORKER = Pattern.compile("Connect worker started at http://127\\.0\\.0\\.1:(\\d+)");

    @Test
    void everyListenerIsOnLoopbackAndNothingIsLost() throws Exception {
        Path repo = QuickstartPaths.repoRoot();
        Path output = Files.createTempFile("quickstart-script", ".out");
        ProcessBuilder command = new ProcessBuilder(repo.resolve("quickstart.sh").toString(),
                "--duration", "6", "--devices", "5", "--rate", "25", "--out-of-range-percent", "10")
                .directory(repo.toFile())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile());
        command.environment().put("QUICKSTART_SKIP_BUILD", "1");
        Process quickstart = command.start();
        Set<Listener> seen = new LinkedHashSet<>();
        Set<ProcessHandle> jvms = new LinkedHashSet<>();
        try {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
            while (quickstart.isAlive() && System.nanoTime() < deadline) {
                seen.addAll(ListeningSockets.ofProcessTree(quickstart.toHandle()));
                quickstart.descendants().forEach(jvms::add);
                Thread.sleep(500);
            }
            assertThat(quickstart.waitFor(1, TimeUnit.MINUTES)).as("quickstart finished").isTrue();
        } finally {
            quickstart.descendants().forEach(ProcessHandle::destroyForcibly);
            quickstart.destroyForcibly();
        }
        String printed = Files.readString(output);
        Files.deleteIfExists(output);
        System.out.println(printed);
        System.out.println("Listening sockets seen while it ran:");
        seen.forEach(l -> System.out.println("  " + l));

        assertThat(quickstart.exitValue()).as(printed).isZero();
        assertThat(seen).as("listening sockets of the quickstart's process tree").isNotEmpty()
                .allSatisfy(l -> assertThat(l.address().getHostAddress()).as(l.toString()).isEqualTo("127.0.0.1"));
        // Kafka (broker and controller) and the Connect worker really are separate JVMs, each seen listening.
        int kafkaPort = Integer.parseInt(find(KAFKA, printed).group(1));
        int workerPort = Integer.parseInt(find(WORKER, printed).group(1));
        List<Long> kafkaPids = pidsListeningOn(seen, kafkaPort);
        List<Long> workerPids = pidsListeningOn(seen, workerPort);
        assertThat(kafkaPids).hasSize(1).doesNotContain(quickstart.pid());
        assertThat(workerPids).hasSize(1).doesNotContain(quickstart.pid(), kafkaPids.get(0));
        assertThat(seen.stream().filter(l -> l.pid() == kafkaPids.get(0))).as("broker and controller listeners")
                .hasSize(2);
        assertThat(seen.stream().filter(l -> l.pid() == quickstart.pid())).as("HiveMQ CE and QuestDB listeners")
                .hasSizeGreaterThanOrEqualTo(2);

        Matcher summary = find(SUMMARY, printed);
        long published = number(summary.group(1));
        assertThat(published).isPositive();
        assertThat(Long.parseLong(summary.group(3))).as("failed publishes").isZero();
        assertThat(number(summary.group(4))).as("in Kafka").isGreaterThanOrEqualTo(published);
        assertThat(number(summary.group(5))).as("points in the store").isGreaterThanOrEqualTo(published);
        assertThat(Long.parseLong(summary.group(6))).as("alerts in the store")
                .isGreaterThanOrEqualTo(Long.parseLong(summary.group(2)));
        assertThat(number(summary.group(7))).as("alerts back over MQTT (MQTT sink)")
                .isGreaterThanOrEqualTo(Long.parseLong(summary.group(2)));
        assertThat(printed).contains("temporary files deleted");
        for (ProcessHandle child : jvms) {
            // The quickstart waited for its children before exiting; the bound only keeps a bug from hanging the build.
            child.onExit().completeOnTimeout(child, 30, TimeUnit.SECONDS).join();
            assertThat(child.isAlive()).as("child pid %d still running after the quickstart exited", child.pid())
                    .isFalse();
        }
    }

    private static List<Long> pidsListeningOn(Set<Listener> seen, int port) {
        return seen.stream().filter(l -> l.port() == port).map(Listener::pid).distinct().toList();
    }

    private static Matcher find(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        assertThat(m.find()).as("output has %s:%n%s", pattern, text).isTrue();
        return m;
    }

    private static long number(String withCommas) {
        return Long.parseLong(withCommas.replace(",", ""));
    }
}
