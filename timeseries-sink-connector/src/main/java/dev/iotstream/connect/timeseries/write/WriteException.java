package dev.iotstream.connect.timeseries.write;

/** A failed write request, classified; {@code retryAfterMs} is the server's Retry-After, or -1. */
public class WriteException extends Exception {
    private final FailureKind kind;
    private final int status;
    private final long retryAfterMs;

    public WriteException(FailureKind kind, int status, long retryAfterMs, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.status = status;
        this.retryAfterMs = retryAfterMs;
    }

    public FailureKind kind() {
        return kind;
    }

    public int status() {
        return status;
    }

    public long retryAfterMs() {
        return retryAfterMs;
    }
}
