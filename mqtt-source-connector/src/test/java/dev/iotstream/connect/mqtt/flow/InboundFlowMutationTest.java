package dev.iotstream.connect.mqtt.flow;

import dev.iotstream.connect.mqtt.client.InboundMessage;
import dev.iotstream.connect.mqtt.metrics.MqttSourceTaskMetrics;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import javax.tools.DiagnosticCollector;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Shows each at-least-once rule of {@link InboundFlowRules} failing when the production code breaks it. Each
 * {@link Mutant} is a one-line change to {@code InboundFlow.java} (or to {@code OrderedAckTracker.java}, which keeps
 * the ack order): the test compiles the changed source in memory, loads it in a class loader of its own together with
 * fresh copies of the rest of the {@code flow} and {@code ack} packages (test classes included), runs the rule's check
 * there and expects an AssertionError, not a pass and not another exception. The same checks run in such a loader
 * without a change must pass ({@link #everyRulePassesInAnIsolatedLoaderWithoutAChange}), so a failure comes from the
 * change; nothing in the production code exists for this test.
 */
class InboundFlowMutationTest {
    private static final String FLOW = "dev/iotstream/connect/mqtt/flow/InboundFlow.java";
    private static final String TRACKER = "dev/iotstream/connect/mqtt/ack/OrderedAckTracker.java";

    /** A change that breaks {@code rule}: {@code original}, found exactly once in {@code file}, becomes {@code broken}. */
    record Mutant(String rule, String what, String file, String original, String broken) {
        @Override
        public String toString() {
            return rule + ": " + what;
        }
    }

    private static final JavaCompiler JAVAC = java.util.Objects.requireNonNull(ToolProvider.getSystemJavaCompiler(),
            "the mutants are compiled in memory: run the tests on a JDK");
    /** Shared by all compilations: it caches the JDK's own classes, which javac would otherwise index each time. */
    private static final StandardJavaFileManager FILES = JAVAC.getStandardFileManager(null, null, null);

    static final List<Mutant> MUTANTS = List.of(
            new Mutant("acksOnlyAfterEveryRecordIsCommitted", "a message counted one record short", FLOW,
                    "tracker.expect(ticket, counts[i]);", "tracker.expect(ticket, Math.max(0, counts[i] - 1));"),
            new Mutant("acksOnlyAfterEveryRecordIsCommitted", "a message mapped to no record is never completed",
                    FLOW, "if (counts[i] >= 0 && ticket != null) {", "if (counts[i] > 0 && ticket != null) {"),
            new Mutant("acksOnlyAfterEveryRecordIsCommitted", "a record done is not counted", FLOW,
                    "tracker.recordDone(ticket);", "/* recordDone left out */"),
            new Mutant("acksInArrivalOrder", "a message acknowledged as soon as its own records are done", TRACKER,
                    "ticket.outstanding--;", "ticket.outstanding--; if (ticket.complete() && !ticket.voided"
                    + " && pending.remove(ticket)) { acker.accept(ticket.message); acked++; }"),
            new Mutant("windowBoundsTheMessagesTaken", "the tracker sized one above the window", FLOW,
                    "new OrderedAckTracker<>(settings.window(), ", "new OrderedAckTracker<>(settings.window() + 1, "),
            new Mutant("anAckNotYetWrittenHoldsItsWindowSlot", "acks count as written when handed to the client",
                    FLOW, "ports.acker()::inTransit", "() -> 0"),
            new Mutant("aWaitingMessageGivesUpWhenTheFlowStops", "the wait does not look at stopping", FLOW,
                    "while (!stopping && message.connectionEpoch() > deadEpoch) {",
                    "while (message.connectionEpoch() > deadEpoch) {"),
            new Mutant("aWaitingMessageGivesUpWhenItsConnectionIsGone", "the wait does not look at the epoch", FLOW,
                    "if (message.connectionEpoch() != ports.epoch().current()) {",
                    "if (message.connectionEpoch() != message.connectionEpoch()) {"),
            new Mutant("aTicketRegisteredAfterItsConnectionWasVoidedIsVoided",
                    "a ticket registered after its connection was voided is handed to poll()", FLOW,
                    "tracker.voidOne(ticket); // registered after its connection was voided", "handoff.add(ticket);"),
            new Mutant("messagesOfALostConnectionAreNeverAckedAndUnpolledOnesAreDropped",
                    "a lost connection's tickets are not voided", FLOW, "tracker.voidAll();", "/* voidAll left out */"),
            new Mutant("qos0IsBoundedByAdmission", "poll() does not free QoS 0 slots", FLOW,
                    "releaseQos0Slots();", "/* release left out */"),
            new Mutant("qos0IsBoundedByAdmission", "a QoS 0 message refused admission is handed on all the same",
                    FLOW, "if (qos0Admission.admit(() -> stopping, handoff.size())) {",
                    "if (qos0Admission.admit(() -> stopping, handoff.size()) || true) {"),
            new Mutant("countsReachTheTrackerOnlyAfterTheWholeBatchMapped", "each count given as its message maps",
                    FLOW, "counts[i] = mapped.records().size();",
                    "counts[i] = mapped.records().size(); if (ticket != null) tracker.expect(ticket, counts[i]);"),
            new Mutant("stopNamesTheOldestMessageWithUnwrittenRecords", "stop names no message", FLOW,
                    "return tracker.oldestUnwritten();", "return null;"),
            new Mutant("aBatchHoldsAtMostMaxBatchMessages", "the first drain takes everything", FLOW,
                    "handoff.drainTo(batch, settings.maxBatch() - 1);", "handoff.drainTo(batch);"),
            new Mutant("aBatchHoldsAtMostMaxBatchMessages", "the drain after the linger takes everything", FLOW,
                    "handoff.drainTo(batch, settings.maxBatch() - batch.size());", "handoff.drainTo(batch);"),
            new Mutant("lingerUsesTheInjectedSleeperAndClock", "the linger sleeps for real", FLOW,
                    "ports.sleeper().sleep(settings.batchLingerMs());", "Thread.sleep(settings.batchLingerMs());"),
            new Mutant("lingerUsesTheInjectedSleeperAndClock", "a full batch lingers too", FLOW,
                    "if (settings.batchLingerMs() > 0 && batch.size() < settings.maxBatch()) {",
                    "if (settings.batchLingerMs() > 0) {"),
            new Mutant("lingerUsesTheInjectedSleeperAndClock", "arrival time from the system clock", FLOW,
                    "long now = ports.clock().getAsLong();\n            releaseQos0Slots();",
                    "long now = System.currentTimeMillis();\n            releaseQos0Slots();"));

    @AfterAll
    static void closeFiles() throws IOException {
        FILES.close();
    }

    @Test
    void everyRuleHasABrokenVariantAndATestThatRunsIt() throws Exception {
        Set<String> rules = Arrays.stream(InboundFlowRules.class.getDeclaredMethods())
                .filter(m -> Modifier.isStatic(m.getModifiers()) && !m.isSynthetic())
                .map(Method::getName).collect(Collectors.toSet());
        assertThat(MUTANTS.stream().map(Mutant::rule).collect(Collectors.toSet())).isEqualTo(rules);
        Set<String> tests = Arrays.stream(InboundFlowTest.class.getDeclaredMethods()).map(Method::getName)
                .collect(Collectors.toSet());
        assertThat(tests).containsAll(rules);
    }

    @TestFactory
    Stream<DynamicTest> everyRulePassesInAnIsolatedLoaderWithoutAChange() {
        return MUTANTS.stream().map(Mutant::rule).distinct().map(rule -> DynamicTest.dynamicTest(rule, () -> {
            Throwable outcome = run(rule, Map.of());
            if (outcome != null) {
                throw new AssertionError("the unchanged flow fails " + rule + " in an isolated loader", outcome);
            }
        }));
    }

    @TestFactory
    Stream<DynamicTest> everyRuleFailsWhenTheCodeBreaksIt() {
        return MUTANTS.stream().map(mutant -> DynamicTest.dynamicTest(mutant.toString(), () -> {
            Throwable outcome = run(mutant.rule(), compile(mutant));
            if (outcome == null) {
                fail("%s still passes with '%s' changed to '%s'", mutant.rule(), mutant.original(), mutant.broken());
            }
            if (!(outcome instanceof AssertionError)) {
                throw new AssertionError(mutant + ": expected the check to fail on an assertion, got", outcome);
            }
        }));
    }

    /** Runs a check of {@link InboundFlowRules} in a fresh loader; null when it passes, else what it threw. */
    private static Throwable run(String rule, Map<String, byte[]> replaced) throws Exception {
        ClassLoader world = new World(replaced, InboundFlowMutationTest.class.getClassLoader());
        Class<?> rules = world.loadClass(InboundFlowRules.class.getName());
        assertThat(rules).isNotSameAs(InboundFlowRules.class);
        Method check = rules.getDeclaredMethod(rule);
        check.setAccessible(true);
        try {
            check.invoke(null);
            return null;
        } catch (InvocationTargetException e) {
            return e.getCause();
        }
    }

    /** The classes compiled from the mutant's file, by binary name. */
    private static Map<String, byte[]> compile(Mutant mutant) throws IOException {
        Path file = sourceRoot().resolve(mutant.file());
        String source = Files.readString(file);
        int at = source.indexOf(mutant.original());
        assertThat(at).as("'%s' in %s: the mutant no longer matches the source; update it", mutant.original(),
                file).isNotNegative();
        assertThat(source.indexOf(mutant.original(), at + 1)).as("'%s' occurs more than once in %s",
                mutant.original(), file).isNegative();
        String broken = source.substring(0, at) + mutant.broken() + source.substring(at + mutant.original().length());

        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        Map<String, ByteArrayOutputStream> out = new HashMap<>();
        ForwardingJavaFileManager<StandardJavaFileManager> memory = new ForwardingJavaFileManager<>(FILES) {
            @Override
            public JavaFileObject getJavaFileForOutput(Location location, String className,
                                                       JavaFileObject.Kind kind, FileObject sibling) {
                return new SimpleJavaFileObject(URI.create("mem:///" + className.replace('.', '/')
                        + kind.extension), kind) {
                    @Override
                    public OutputStream openOutputStream() {
                        return out.computeIfAbsent(className, n -> new ByteArrayOutputStream());
                    }
                };
            }

            @Override
            public void close() {
                // the shared file manager stays open for the next mutant
            }
        };
        JavaFileObject unit = new SimpleJavaFileObject(URI.create("string:///" + mutant.file()),
                JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return broken;
            }
        };
        // Only what the two files refer to: javac on the whole test class path takes several times as long.
        String classpath = Stream.of(InboundFlow.class, InboundMessage.class, MqttSourceTaskMetrics.class)
                .map(c -> c.getProtectionDomain().getCodeSource().getLocation().getPath()).distinct()
                .collect(Collectors.joining(java.io.File.pathSeparator));
        Boolean ok = JAVAC.getTask(null, memory, diagnostics, List.of("-classpath", classpath, "-proc:none",
                "-implicit:none", "-nowarn"), null, List.of(unit)).call();
        assertThat(ok).as("%s compiles: %s", mutant, diagnostics.getDiagnostics()).isTrue();
        Map<String, byte[]> classes = new HashMap<>();
        out.forEach((name, bytes) -> classes.put(name, bytes.toByteArray()));
        return classes;
    }

    private static Path sourceRoot() {
        for (String dir : new String[]{System.getProperty("basedir"), System.getProperty("user.dir"),
                System.getProperty("user.dir") + "/mqtt-source-connector"}) {
            if (dir != null && Files.isDirectory(Path.of(dir, "src/main/java", "dev/iotstream/connect/mqtt/flow"))) {
                return Path.of(dir, "src/main/java");
            }
        }
        throw new IllegalStateException("the module's sources are not found from " + System.getProperty("user.dir"));
    }

    /**
     * Loads the {@code flow} and {@code ack} classes (main and test) itself, the mutant's from its bytes and the
     * others from the usual class files; everything else (JUnit, AssertJ, the client and metrics packages) comes
     * from the parent, so the checks see the same assertion types.
     */
    private static final class World extends ClassLoader {
        private final Map<String, byte[]> replaced;

        World(Map<String, byte[]> replaced, ClassLoader parent) {
            super("inbound-flow-mutant", parent);
            this.replaced = replaced;
        }

        private static boolean own(String name) {
            return (name.startsWith("dev.iotstream.connect.mqtt.flow.")
                    || name.startsWith("dev.iotstream.connect.mqtt.ack."))
                    && !name.startsWith(InboundFlowMutationTest.class.getName());
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!own(name)) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> c = findLoadedClass(name);
                if (c == null) {
                    byte[] bytes = replaced.get(name);
                    if (bytes == null) {
                        try (InputStream in = getParent().getResourceAsStream(name.replace('.', '/') + ".class")) {
                            if (in == null) {
                                throw new ClassNotFoundException(name);
                            }
                            bytes = in.readAllBytes();
                        } catch (IOException e) {
                            throw new ClassNotFoundException(name, e);
                        }
                    }
                    c = defineClass(name, bytes, 0, bytes.length);
                }
                if (resolve) {
                    resolveClass(c);
                }
                return c;
            }
        }
    }
}
