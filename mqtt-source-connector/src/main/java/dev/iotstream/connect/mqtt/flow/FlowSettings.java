package dev.iotstream.connect.mqtt.flow;

/**
 * @param window              QoS 1/2 messages un-acknowledged at most ({@code mqtt.max.inflight}); also the QoS 0
 *                            hand-off slots
 * @param maxBatch            messages per poll at most
 * @param batchLingerMs       how long poll() waits for more messages when the first drain did not fill a batch; 0: not
 * @param qos0AdmissionWaitMs how long a QoS 0 message waits for a hand-off slot before QoS 0 messages are dropped;
 *                            Long.MAX_VALUE: as long as it takes
 * @param pollWaitMs          how long poll() waits for a first message
 * @param windowWaitSliceMs   a QoS 1/2 message beyond the window waits in slices of this, looking between them whether
 *                            its connection is gone or the flow stops
 * @param windowFullLogMs     how often {@link FlowEvents#windowFull} is told while a message waits
 * @param name                names the task in log lines
 */
public record FlowSettings(int window, int maxBatch, int batchLingerMs, long qos0AdmissionWaitMs, long pollWaitMs,
                           long windowWaitSliceMs, long windowFullLogMs, String name) {
    private static final long POLL_WAIT_MS = 1000;
    private static final long WINDOW_WAIT_SLICE_MS = 200;
    private static final long WINDOW_FULL_LOG_MS = 30_000;

    public FlowSettings {
        if (window < 1 || maxBatch < 1 || batchLingerMs < 0 || qos0AdmissionWaitMs < 0 || pollWaitMs < 0
                || windowWaitSliceMs < 1 || windowFullLogMs < 1) {
            throw new IllegalArgumentException("invalid flow settings " + window + "/" + maxBatch + "/"
                    + batchLingerMs + "/" + qos0AdmissionWaitMs + "/" + pollWaitMs + "/" + windowWaitSliceMs);
        }
    }

    /** The task's: poll() waits up to 1 s, a waiting message looks every 200 ms, logs every 30 s. */
    public static FlowSettings forTask(int window, int maxBatch, int batchLingerMs, long qos0AdmissionWaitMs,
                                       String name) {
        return new FlowSettings(window, maxBatch, batchLingerMs, qos0AdmissionWaitMs, POLL_WAIT_MS,
                WINDOW_WAIT_SLICE_MS, WINDOW_FULL_LOG_MS, name);
    }
}
