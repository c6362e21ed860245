package dev.iotstream.connect.testing;

/**
 * Closes what a test started, in the order given, skipping nulls (a start that failed half-way) and going on after a
 * failure so that one broken server never leaves the others running; the first failure is rethrown at the end.
 */
public final class Cleanup {
    private Cleanup() {
    }

    public static void closeAll(AutoCloseable... resources) {
        RuntimeException first = null;
        for (AutoCloseable resource : resources) {
            if (resource == null) {
                continue;
            }
            try {
                resource.close();
            } catch (Exception e) {
                if (first == null) {
                    first = new IllegalStateException("cleanup failed: " + e.getMessage(), e);
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
