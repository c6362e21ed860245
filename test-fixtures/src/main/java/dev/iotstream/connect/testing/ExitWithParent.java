package dev.iotstream.connect.testing;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.util.Arrays;

/**
 * Runs another class's {@code main} in a child JVM and ends that JVM when its parent dies. The parent holds the write
 * end of the child's stdin; when the parent exits for any reason, SIGKILL included, the child reads end-of-file and
 * exits (shutdown hooks run, so Kafka and Connect still stop in order; after 30 s it halts). Without this, a broker
 * or worker started by a quickstart or test that was killed would keep running and keep its ports.
 * <p>
 * Usage: {@code java -cp ... dev.iotstream.connect.testing.ExitWithParent <main class> [args...]}
 */
public final class ExitWithParent {
    private static final long HALT_AFTER_MS = 30_000;

    private ExitWithParent() {
    }

    public static void main(String[] args) throws Throwable {
        if (args.length == 0) {
            System.err.println("usage: ExitWithParent <main class> [args...]");
            System.exit(2);
        }
        Thread watch = new Thread(() -> {
            waitForEndOfFile(System.in);
            System.err.println("parent process gone: exiting");
            Thread halt = new Thread(() -> {
                sleep(HALT_AFTER_MS);
                Runtime.getRuntime().halt(1);
            }, "exit-with-parent-halt");
            halt.setDaemon(true);
            halt.start();
            System.exit(1);
        }, "exit-with-parent");
        watch.setDaemon(true);
        watch.start();
        try {
            Class.forName(args[0]).getMethod("main", String[].class)
                    .invoke(null, (Object) Arrays.copyOfRange(args, 1, args.length));
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static void waitForEndOfFile(InputStream in) {
        byte[] buffer = new byte[256];
        try {
            while (in.read(buffer) != -1) {
                // the parent never writes; anything it does is ignored
            }
        } catch (IOException closed) {
            // same as end of file: the parent is gone
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
