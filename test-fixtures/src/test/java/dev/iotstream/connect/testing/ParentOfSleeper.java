package dev.iotstream.connect.testing;

import java.nio.file.Path;
import java.util.List;

/** A middle process for {@link ServerProcessesIT}: starts a {@link Sleeper} child JVM, prints its pid, waits. */
public final class ParentOfSleeper {
    private ParentOfSleeper() {
    }

    public static void main(String[] args) throws Exception {
        Process child = new ChildJvm(Sleeper.class.getName(), List.of(), List.of("-Xmx32m"), Path.of(args[0])).start();
        System.out.println("child pid " + child.pid());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
        child.destroy(); // never reached; keeps the Process (and so the child's stdin) reachable
    }

    /** Sleeps until killed, or until its parent dies ({@link ExitWithParent}). */
    public static final class Sleeper {
        private Sleeper() {
        }

        public static void main(String[] args) throws InterruptedException {
            Thread.sleep(Long.MAX_VALUE);
        }
    }
}
