package dev.iotstream.connect.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * CPU of the JVM's own native threads (garbage collector, JIT compilers), which no ThreadMXBean reports, read
 * from Linux's per-thread /proc stat. Elsewhere it reports nothing, and the harness prints only the total.
 */
final class JvmInternalThreads {
    private static final Path TASKS = Path.of("/proc/self/task");
    /** Linux reports thread times in clock ticks, 100 per second on every mainstream kernel build. */
    private static final long NANOS_PER_TICK = 10_000_000L;

    private JvmInternalThreads() {
    }

    /** Cumulative CPU nanoseconds per kind ("GC", "JIT") of the threads alive now. */
    static Map<String, Long> cpuNanosByKind() {
        Map<String, Long> byKind = new TreeMap<>();
        if (!Files.isDirectory(TASKS)) {
            return byKind;
        }
        try (Stream<Path> tasks = Files.list(TASKS)) {
            tasks.forEach(task -> {
                String kind = kind(read(task.resolve("comm")).trim());
                if (kind != null) {
                    byKind.merge(kind, cpuNanos(read(task.resolve("stat"))), Long::sum);
                }
            });
        } catch (IOException | RuntimeException e) {
            return Map.of();
        }
        return byKind;
    }

    /** HotSpot names: "GC Thread#0", "G1 Conc#0", "G1 Refine#0", "G1 Service"; "C2 CompilerThre", "C1 ...". */
    private static String kind(String name) {
        if (name.startsWith("GC Thread") || name.startsWith("G1 ")) {
            return "GC";
        }
        if (name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler")) {
            return "JIT";
        }
        return null;
    }

    /** utime and stime are fields 14 and 15, counted after the parenthesised name (which may hold spaces). */
    private static long cpuNanos(String stat) {
        if (stat.isEmpty()) {
            return 0;
        }
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * NANOS_PER_TICK;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            // The thread ended between listing and reading.
            return "";
        }
    }
}
