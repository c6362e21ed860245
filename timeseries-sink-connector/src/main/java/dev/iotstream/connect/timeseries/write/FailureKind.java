package dev.iotstream.connect.timeseries.write;

/** How the sink reacts to a failed write. */
public enum FailureKind {
    /** 400/422: some line is bad; split the batch to find it. */
    DATA,
    /** 413: the request is too large; split the batch. */
    TOO_LARGE,
    /** 429, 5xx, timeouts, connection errors: back off and retry the same batch. */
    RETRIABLE,
    /** 401/403/404 and other client errors: the configuration is wrong; fail fast. */
    CONFIGURATION
}
