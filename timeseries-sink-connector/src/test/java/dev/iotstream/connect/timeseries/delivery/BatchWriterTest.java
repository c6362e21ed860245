package dev.iotstream.connect.timeseries.delivery;

import dev.iotstream.connect.timeseries.write.FailureKind;
import dev.iotstream.connect.timeseries.write.LineWriter;
import dev.iotstream.connect.timeseries.write.WriteException;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Split-and-isolate logic against a scripted store (pure logic: the real stores are exercised by the ITs). */
class BatchWriterTest {
    /** Accepts lines unless one contains "bad" (400) or the request exceeds maxLines (413); can be made to fail. */
    static final class ScriptedStore implements LineWriter {
        final List<String> stored = new ArrayList<>();
        final List<Integer> requestSizes = new ArrayList<>();
        int maxLines = Integer.MAX_VALUE;
        int failNextRetriable;

        @Override
        public void write(List<String> lines) throws WriteException {
            requestSizes.add(lines.size());
            if (failNextRetriable > 0) {
                failNextRetriable--;
                throw new WriteException(FailureKind.RETRIABLE, 503, 2000, "HTTP 503", null);
            }
            if (lines.size() > maxLines) {
                throw new WriteException(FailureKind.TOO_LARGE, 413, -1, "HTTP 413", null);
            }
            if (lines.stream().anyMatch(l -> l.contains("bad"))) {
                throw new WriteException(FailureKind.DATA, 400, -1, "HTTP 400: unable to parse", null);
            }
            stored.addAll(lines);
        }

        @Override
        public void close() {
        }
    }

    private final Map<Long, String> deadLettered = new LinkedHashMap<>();
    private final SinkTaskMetrics metrics = new SinkTaskMetrics();
    private final DeadLetters deadLetters = new DeadLetters((record, error) -> {
        deadLettered.put(record.kafkaOffset(), error.getMessage());
        return CompletableFuture.completedFuture(null);
    }, metrics::deadLettered);

    private static List<PendingRecord> pending(String... lines) {
        List<PendingRecord> out = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            out.add(new PendingRecord(new SinkRecord("t", 0, null, null, null, null, i, 1L, TimestampType.CREATE_TIME),
                    lines[i], 0));
        }
        return out;
    }

    @Test
    void dataErrorsAreIsolatedAndEverythingElseIsWrittenInOrder() throws Exception {
        ScriptedStore store = new ScriptedStore();
        List<PendingRecord> chunk = pending("m v=0", "m v=1", "bad 2", "m v=3", "m v=4", "m v=5", "bad 6", "m v=7");
        new BatchWriter(store, deadLetters, metrics).write(chunk);
        assertThat(store.stored).containsExactly("m v=0", "m v=1", "m v=3", "m v=4", "m v=5", "m v=7");
        assertThat(deadLettered).containsOnlyKeys(2L, 6L);
        assertThat(deadLettered.get(2L)).contains("store rejected the point").contains("HTTP 400").contains("bad 2");
        assertThat(chunk).allMatch(PendingRecord::settled);
        assertThat(metrics.getRecordsToDeadLetterQueue()).isEqualTo(2);
        assertThat(metrics.getPointsWritten()).isEqualTo(6);
    }

    @Test
    void tooLargeRequestsAreSplitUntilAccepted() throws Exception {
        ScriptedStore store = new ScriptedStore();
        store.maxLines = 3;
        new BatchWriter(store, deadLetters, metrics).write(pending("a", "b", "c", "d", "e", "f", "g", "h", "i", "j"));
        assertThat(store.stored).containsExactly("a", "b", "c", "d", "e", "f", "g", "h", "i", "j");
        assertThat(deadLettered).isEmpty();
    }

    @Test
    void aSinglePointTooLargeGoesToTheDeadLetterQueue() throws Exception {
        ScriptedStore store = new ScriptedStore();
        store.maxLines = 0;
        new BatchWriter(store, deadLetters, metrics).write(pending("huge"));
        assertThat(deadLettered.get(0L)).contains("too large");
    }

    @Test
    void retriableFailuresPropagateAndTheRetryResendsOnlyWhatWasNotWritten() throws Exception {
        ScriptedStore store = new ScriptedStore();
        BatchWriter writer = new BatchWriter(store, deadLetters, metrics);
        List<PendingRecord> chunk = pending("m v=0", "bad 1", "m v=2", "m v=3");
        // First request fails with 400 and is split; the first half ("m v=0","bad 1") splits again and is
        // written; then the store goes away before the second half.
        store.failNextRetriable = 0;
        List<PendingRecord> firstHalf = chunk.subList(0, 2);
        writer.write(firstHalf);
        store.failNextRetriable = 1;
        assertThatThrownBy(() -> writer.write(chunk)).isInstanceOf(WriteException.class)
                .satisfies(e -> assertThat(((WriteException) e).retryAfterMs()).isEqualTo(2000));
        writer.write(chunk);
        assertThat(store.stored).containsExactly("m v=0", "m v=2", "m v=3");
        assertThat(deadLettered).containsOnlyKeys(1L);
    }

    @Test
    void withoutDeadLetterQueueABadRecordFailsTheTaskWithTheReason() {
        ScriptedStore store = new ScriptedStore();
        BatchWriter writer = new BatchWriter(store, new DeadLetters(null, () -> { }), metrics);
        assertThatThrownBy(() -> writer.write(pending("bad"))).isInstanceOf(ConnectException.class)
                .hasMessageContaining("no dead letter queue").hasMessageContaining("HTTP 400");
    }
}
