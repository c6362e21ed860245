package dev.iotstream.connect.mqtt.ack;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.CRC32C;

/**
 * Breaks the loop of a QoS 1/2 message that something downstream of the connector rejects.
 * <p>
 * A converter, a transform or the producer can refuse a record the task made (a transform that throws, a record over
 * {@code max.request.size}). With {@code errors.tolerance=none} Connect then fails the task; the message was never
 * acknowledged, so the persistent session redelivers it to the restarted task, which fails again, for ever. The task
 * cannot see that rejection happen, but Connect stops a failing task only after waiting for every record it had
 * already sent ({@code offset.flush.timeout.ms}); so the oldest message whose records are still not all written
 * when the task stops is the one that was refused (a normal stop leaves none behind).
 * <p>
 * This guard remembers that message across runs of the same task (connector name and task index) in this worker's
 * JVM: each stop names the oldest unwritten message (or none), and a message named by {@code maxFailures} stops in a
 * row gets a verdict at its next arrival instead of being handed to Connect again. Any other outcome of a stop
 * clears the count. What it cannot see: a worker restart or the task moving to another worker starts the count
 * again (bounded all the same: {@code maxFailures} more failures there).
 */
public final class RedeliveryGuard {
    /** Identifies a message across redeliveries (the message id changes with the connection). */
    public record Fingerprint(String topic, int length, long hash) {
        public static Fingerprint of(String topic, byte[] payload) {
            CRC32C crc = new CRC32C();
            crc.update(payload);
            return new Fingerprint(topic, payload.length,
                    crc.getValue() << 32 | (Arrays.hashCode(payload) & 0xFFFFFFFFL));
        }
    }

    /** What to do with an arriving message. */
    public enum Verdict {
        /** Hand it to Connect as usual. */
        PASS,
        /** Refused maxFailures times: write a dead letter carrying the payload instead. */
        DEAD_LETTER,
        /** Even that was refused: a dead letter with headers only. */
        DEAD_LETTER_WITHOUT_PAYLOAD,
        /** Even that was refused: fail the task with a message saying how to skip it. */
        FAIL
    }

    /** The last suspect of each task, across the task's runs in this JVM. */
    private static final Map<String, Suspect> SUSPECTS = new ConcurrentHashMap<>();

    record Suspect(Fingerprint message, int stops) {
    }

    private final Map<String, Suspect> suspects;
    private final String taskKey;
    private final int maxFailures;
    private final Suspect inherited; // read once at start: this run's poll thread compares against it
    private volatile Fingerprint refused; // a FAIL verdict given in this run: the message never reached Connect

    /** The JVM-wide memory, as tasks use it. */
    public static RedeliveryGuard forTask(String connector, int taskIndex, int maxFailures) {
        return new RedeliveryGuard(SUSPECTS, connector + "/" + taskIndex, maxFailures);
    }

    RedeliveryGuard(Map<String, Suspect> suspects, String taskKey, int maxFailures) {
        if (maxFailures < 1) {
            throw new IllegalArgumentException("maxFailures must be >= 1");
        }
        this.suspects = suspects;
        this.taskKey = taskKey;
        this.maxFailures = maxFailures;
        this.inherited = suspects.get(taskKey);
    }

    /** True when an earlier run stopped on a message: only then must arriving messages be checked. */
    public boolean watching() {
        return inherited != null && inherited.stops >= maxFailures;
    }

    public Verdict verdict(String topic, byte[] payload) {
        if (!watching() || inherited.message.length() != payload.length
                || !inherited.message.topic().equals(topic)
                || !inherited.message.equals(Fingerprint.of(topic, payload))) {
            return Verdict.PASS;
        }
        int beyond = inherited.stops - maxFailures;
        Verdict v = beyond == 0 ? Verdict.DEAD_LETTER : beyond == 1 ? Verdict.DEAD_LETTER_WITHOUT_PAYLOAD
                : Verdict.FAIL;
        if (v == Verdict.FAIL) {
            refused = inherited.message;
        }
        return v;
    }

    /**
     * The task stops; {@code topic}/{@code payload} is its oldest message with records not all written, or null.
     *
     * @return how many stops in a row have now named that message (0 when none)
     */
    public int stopped(String topic, byte[] payload) {
        if (refused != null) { // the verdict stands: the message never reached Connect in this run
            suspects.put(taskKey, inherited);
            return inherited.stops;
        }
        if (topic == null) {
            suspects.remove(taskKey);
            return 0;
        }
        Fingerprint unwritten = Fingerprint.of(topic, payload);
        Suspect before = suspects.get(taskKey);
        int stops = before != null && before.message.equals(unwritten) ? before.stops + 1 : 1;
        suspects.put(taskKey, new Suspect(unwritten, stops));
        return stops;
    }

    public int maxFailures() {
        return maxFailures;
    }
}
