package dev.iotstream.connect.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * CPU seconds spent during one phase of the benchmark: by this JVM (Kafka, Connect, the connector and, for
 * QuestDB, the embedded store), by the embedded QuestDB's own threads, and by child processes (VictoriaMetrics).
 * Wall-clock rates on a shared 2-core machine are noisy; CPU per point says where the work goes.
 */
public final class CpuMeter {
    /** QuestDB's worker and job threads (its pools are named after their role). */
    private static final Pattern QUESTDB_THREADS = Pattern.compile(
            "^(shared-(network|query|write)|wal-apply|mat-view-refresh|export|view-compiler|logging)_\\d+.*");
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private final long jvmStart;
    private final long questDbStart;
    private final long childrenStart;
    private final Map<Long, Long> threadStart;
    private final Map<String, Long> nativeStart;
    private final long jitStartMs;

    private CpuMeter() {
        jvmStart = jvmCpuNanos();
        questDbStart = questDbCpuNanos();
        childrenStart = childrenCpuNanos();
        threadStart = threadCpuNanos();
        nativeStart = JvmInternalThreads.cpuNanosByKind();
        jitStartMs = ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
    }

    public static CpuMeter start() {
        return new CpuMeter();
    }

    /** e.g. "CPU 6.1 s in this JVM (1.2 s QuestDB threads, ...), 0.9 s child processes (...); 20.3 us CPU/point". */
    public String report(int points) {
        return report(points, "point");
    }

    /** CPU seconds since start of this JVM and its child processes (VictoriaMetrics, Mosquitto) together. */
    public double seconds() {
        return ((jvmCpuNanos() - jvmStart) + (childrenCpuNanos() - childrenStart)) / 1e9;
    }

    /** The same per {@code unit} ("message"). Child processes: VictoriaMetrics, Mosquitto. */
    public String report(int units, String unit) {
        double jvm = (jvmCpuNanos() - jvmStart) / 1e9;
        double questDb = (questDbCpuNanos() - questDbStart) / 1e9;
        double children = (childrenCpuNanos() - childrenStart) / 1e9;
        double jit = (ManagementFactory.getCompilationMXBean().getTotalCompilationTime() - jitStartMs) / 1e3;
        return String.format(Locale.ROOT, "CPU %.1f s in this JVM (%.1f s of it QuestDB threads; compilations took "
                + "%.1f s), %.1f s child processes (VictoriaMetrics, Mosquitto); %.1f us CPU/%s in all", jvm, questDb,
                jit, children, (jvm + children) * 1e6 / units, unit);
    }

    /**
     * The busiest Java threads of the phase (numbers in names folded to N, same-named threads summed) and what
     * no live Java thread accounts for: GC, JIT compiler and other JVM-internal threads, and threads that ended.
     */
    public String threads(int top) {
        Map<Long, Long> now = threadCpuNanos();
        Map<String, Long> byName = new HashMap<>();
        long javaThreads = 0;
        for (Map.Entry<Long, Long> e : now.entrySet()) {
            long delta = e.getValue() - threadStart.getOrDefault(e.getKey(), 0L);
            ThreadInfo info = THREADS.getThreadInfo(e.getKey());
            if (info == null || delta <= 0) {
                continue;
            }
            javaThreads += delta;
            byName.merge(info.getThreadName().replaceAll("\\d+", "N"), delta, Long::sum);
        }
        long internal = (jvmCpuNanos() - jvmStart) - javaThreads;
        StringBuilder out = new StringBuilder();
        byName.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(top)
                .forEach(e -> out.append(String.format(Locale.ROOT, "%s %.2f s, ", e.getKey(), e.getValue() / 1e9)));
        out.append(String.format(Locale.ROOT, "not in a live Java thread %.2f s", Math.max(0, internal) / 1e9));
        Map<String, Long> nativeNow = JvmInternalThreads.cpuNanosByKind();
        if (!nativeNow.isEmpty()) {
            out.append(" (of it");
            nativeNow.forEach((kind, nanos) -> out.append(String.format(Locale.ROOT, " %s %.2f s,", kind,
                    (nanos - nativeStart.getOrDefault(kind, 0L)) / 1e9)));
            out.setLength(out.length() - 1);
            out.append("; the rest: threads that ended during the phase)");
        }
        return out.toString();
    }

    /** The busiest Java threads of the phase as microseconds of CPU per {@code units} (numbers in names folded). */
    public String threadsPerUnit(int top, int units) {
        Map<Long, Long> now = threadCpuNanos();
        Map<String, Long> byName = new HashMap<>();
        for (Map.Entry<Long, Long> e : now.entrySet()) {
            long delta = e.getValue() - threadStart.getOrDefault(e.getKey(), 0L);
            ThreadInfo info = THREADS.getThreadInfo(e.getKey());
            if (info != null && delta > 0) {
                byName.merge(info.getThreadName().replaceAll("\\d+", "N"), delta, Long::sum);
            }
        }
        StringBuilder out = new StringBuilder();
        byName.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(top)
                .forEach(e -> out.append(String.format(Locale.ROOT, "%s %.2f, ", e.getKey(),
                        e.getValue() / 1e3 / units)));
        long java = byName.values().stream().mapToLong(Long::longValue).sum();
        out.append(String.format(Locale.ROOT, "all Java threads %.2f", java / 1e3 / units));
        return out.toString();
    }

    private static Map<Long, Long> threadCpuNanos() {
        Map<Long, Long> cpu = new HashMap<>();
        for (long id : THREADS.getAllThreadIds()) {
            long nanos = THREADS.getThreadCpuTime(id);
            if (nanos > 0) {
                cpu.put(id, nanos);
            }
        }
        return cpu;
    }

    private static long jvmCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static long questDbCpuNanos() {
        long sum = 0;
        for (ThreadInfo info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
            if (info != null && QUESTDB_THREADS.matcher(info.getThreadName()).matches()) {
                long cpu = THREADS.getThreadCpuTime(info.getThreadId());
                sum += Math.max(0, cpu);
            }
        }
        return sum;
    }

    private static long childrenCpuNanos() {
        return ProcessHandle.current().descendants()
                .mapToLong(p -> p.info().totalCpuDuration().map(Duration::toNanos).orElse(0L)).sum();
    }
}
