package dev.iotstream.connect.bench;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;

/**
 * Waits until the JIT compilers have been idle for a moment. Starting a connector (producer connections, metrics,
 * Connect's task set-up) queues C2 compilations that otherwise run on into the measured window on a 2-core
 * machine, which a connector running for hours never pays; the raw side waits the same way.
 */
public final class JitQuiet {
    private static final long STEP_MS = 250;
    /** Less compile time than this in one step counts as quiet. */
    private static final long QUIET_COMPILE_MS = 10;

    private JitQuiet() {
    }

    /** Returns the milliseconds waited: until one quiet step, or {@code maxMs}. */
    public static long await(long maxMs) throws InterruptedException {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        if (jit == null || !jit.isCompilationTimeMonitoringSupported()) {
            return 0;
        }
        long start = System.nanoTime();
        long before = jit.getTotalCompilationTime();
        while ((System.nanoTime() - start) / 1_000_000 < maxMs) {
            Thread.sleep(STEP_MS);
            long now = jit.getTotalCompilationTime();
            if (now - before < QUIET_COMPILE_MS) {
                break;
            }
            before = now;
        }
        return (System.nanoTime() - start) / 1_000_000;
    }
}
