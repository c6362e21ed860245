package dev.iotstream.connect.timeseries.delivery;

import dev.iotstream.connect.timeseries.write.FailureKind;
import dev.iotstream.connect.timeseries.write.LineWriter;
import dev.iotstream.connect.timeseries.write.WriteException;
import org.apache.kafka.connect.errors.DataException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a chunk of buffered records in order. A data error (400/422) or a too-large request (413) splits the
 * chunk in halves, recursively, until the bad records stand alone; those go to the dead letter queue and the
 * rest is written. Records are marked settled as soon as they are written, so after a retriable failure only
 * the unwritten remainder is sent again (no duplicates, no reordering).
 */
public final class BatchWriter {
    private final LineWriter writer;
    private final DeadLetterReporter deadLetters;
    private final SinkTaskMetrics metrics;

    public BatchWriter(LineWriter writer, DeadLetterReporter deadLetters, SinkTaskMetrics metrics) {
        this.writer = writer;
        this.deadLetters = deadLetters;
        this.metrics = metrics;
    }

    /** A record the store refused, to be reported to the dead letter queue by the task thread. */
    public record Rejected(PendingRecord pending, DataException reason) {
    }

    /** Writes and reports rejected records at once (single-threaded use). */
    public void write(List<PendingRecord> chunk) throws WriteException {
        for (Rejected r : writeCollecting(chunk)) {
            deadLetters.report(r.pending().record(), r.reason());
        }
    }

    /**
     * Throws only retriable or configuration failures; records the store refuses are settled and returned, so
     * that the caller reports them from the task's own thread.
     */
    public List<Rejected> writeCollecting(List<PendingRecord> chunk) throws WriteException {
        List<PendingRecord> todo = new ArrayList<>(chunk.size());
        for (PendingRecord p : chunk) {
            if (!p.settled()) {
                todo.add(p);
            }
        }
        List<Rejected> rejected = new ArrayList<>();
        if (todo.isEmpty()) {
            return rejected;
        }
        // One request per destination (records routed by template); order is kept within each destination.
        Map<String, List<PendingRecord>> byDestination = new LinkedHashMap<>();
        for (PendingRecord p : todo) {
            byDestination.computeIfAbsent(p.destination(), d -> new ArrayList<>()).add(p);
        }
        for (List<PendingRecord> group : byDestination.values()) {
            writeOrSplit(group, rejected);
        }
        return rejected;
    }

    private void writeOrSplit(List<PendingRecord> part, List<Rejected> rejected) throws WriteException {
        List<String> lines = new ArrayList<>(part.size());
        int points = 0;
        for (PendingRecord p : part) {
            lines.add(p.line());
            points += p.points();
        }
        long start = System.nanoTime();
        try {
            writer.write(part.get(0).destination(), lines);
        } catch (WriteException e) {
            if (e.kind() != FailureKind.DATA && e.kind() != FailureKind.TOO_LARGE) {
                throw e;
            }
            metrics.rejectedRequest();
            if (part.size() == 1) {
                PendingRecord bad = part.get(0);
                String what = e.kind() == FailureKind.TOO_LARGE ? "point too large for the store" : "store rejected the point";
                rejected.add(new Rejected(bad, new DataException(what + " (" + e.getMessage() + "); line: "
                        + abbreviate(bad.line()), e)));
                bad.settle();
                return;
            }
            int mid = part.size() / 2;
            writeOrSplit(part.subList(0, mid), rejected);
            writeOrSplit(part.subList(mid, part.size()), rejected);
            return;
        }
        metrics.batchWritten(points, System.nanoTime() - start, part.get(part.size() - 1).record().timestamp());
        for (PendingRecord p : part) {
            p.settle();
        }
    }

    private static String abbreviate(String line) {
        return line.length() > 500 ? line.substring(0, 500) + "..." : line;
    }
}
