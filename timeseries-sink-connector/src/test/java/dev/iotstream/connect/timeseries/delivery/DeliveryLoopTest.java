package dev.iotstream.connect.timeseries.delivery;

import dev.iotstream.connect.timeseries.mapping.MappedRecord;
import dev.iotstream.connect.timeseries.write.FailureKind;
import dev.iotstream.connect.timeseries.write.LineWriter;
import dev.iotstream.connect.timeseries.write.WriteException;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

/**
 * The at-least-once rules of {@link DeliveryLoop}, one test each, against fakes of our own interfaces (store,
 * dead letter reporter, partitions) and a fake clock; writes run on the calling thread, so every step is
 * deterministic. Each test's javadoc names a one-line change in production code that makes it fail (each was
 * made and the test seen failing, then reverted). The real stores and Connect are exercised by the ITs.
 */
class DeliveryLoopTest {
    private static final TopicPartition TP = new TopicPartition("t", 0);
    private static final int BATCH = 3;
    private static final long LAG_MS = 1000;

    /** Stores lines; refuses lines containing "bad" (HTTP 400); fails the next {@code outage} requests (503). */
    private static final class FakeStore implements LineWriter {
        final List<String> stored = new ArrayList<>();
        int requests;
        int outage;

        @Override
        public void write(List<String> lines) throws WriteException {
            requests++;
            if (outage > 0) {
                outage--;
                throw new WriteException(FailureKind.RETRIABLE, 503, -1, "HTTP 503: store unavailable", null);
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

    private static final class FakePartitions implements Partitions {
        final Set<TopicPartition> assigned = new LinkedHashSet<>(Set.of(TP));
        final Set<TopicPartition> paused = new LinkedHashSet<>();
        int resumes;
        long callBackMs = -1;

        @Override
        public Set<TopicPartition> assigned() {
            return assigned;
        }

        @Override
        public void pause(Set<TopicPartition> partitions) {
            paused.addAll(partitions);
        }

        @Override
        public void resume(Set<TopicPartition> partitions) {
            resumes++;
            paused.removeAll(partitions);
        }

        @Override
        public void callBackIn(long ms) {
            callBackMs = ms;
        }
    }

    /** Runs each write on the caller's thread, so its result is there when the loop next looks. */
    private static final class CallerThread extends AbstractExecutorService {
        private boolean shutdown;

        @Override
        public void execute(Runnable command) {
            command.run();
        }

        @Override
        public void shutdown() {
            shutdown = true;
        }

        @Override
        public List<Runnable> shutdownNow() {
            shutdown = true;
            return List.of();
        }

        @Override
        public boolean isShutdown() {
            return shutdown;
        }

        @Override
        public boolean isTerminated() {
            return shutdown;
        }

        @Override
        public boolean awaitTermination(long timeout, TimeUnit unit) {
            return true;
        }
    }

    private final FakeStore store = new FakeStore();
    private final FakePartitions partitions = new FakePartitions();
    private final Map<Long, String> deadLettered = new LinkedHashMap<>();
    private long now = 1_000_000;
    private long offset;

    private DeliveryLoop loop(long retryTimeoutMs) {
        DeliverySettings settings = new DeliverySettings(BATCH, LAG_MS, 100, 100, retryTimeoutMs,
                "retry.timeout.ms", "test: ");
        DeadLetterReporter reporter = (record, reason) -> deadLettered.put(record.kafkaOffset(), reason.getMessage());
        return new DeliveryLoop(settings, new DeliveryLoop.Ports(record -> {
            String value = (String) record.value();
            if (value.startsWith("unmappable")) {
                throw new DataException("no field 'v'");
            }
            return new MappedRecord(value, 1, 0, null, null);
        }, store, reporter, partitions, new SinkTaskMetrics(), () -> now, new CallerThread()));
    }

    private DeliveryLoop loop;

    @AfterEach
    void close() {
        if (loop != null) {
            loop.close();
        }
    }

    private List<SinkRecord> records(String... lines) {
        List<SinkRecord> out = new ArrayList<>();
        for (String line : lines) {
            out.add(new SinkRecord(TP.topic(), TP.partition(), null, null, null, line, offset++, now,
                    TimestampType.CREATE_TIME));
        }
        return out;
    }

    /** What Connect does after {@code context.timeout}: put() with no records. */
    private void callBack() {
        loop.put(List.of());
    }

    private Long committable() {
        OffsetAndMetadata o = loop.committableOffsets(Set.of(TP)).get(TP);
        return o == null ? null : o.offset();
    }

    /** Every reported offset covers only records whose points are in the store. */
    private void assertReportedOnlyWritten() {
        Long next = committable();
        if (next != null) {
            for (long o = 0; o < next; o++) {
                assertThat(store.stored.contains("m v=" + o) || deadLettered.containsKey(o))
                        .as("offset %d reported as done but neither written nor dead-lettered", o).isTrue();
            }
        }
    }

    /**
     * Rule 1: an offset is never reported before its points are written, neither while buffered, nor while
     * the write failed, nor after the retry until it succeeded. Breaks when {@code BatchWriter.writeCollecting}
     * settles records before writing them ({@code todo.add(p);} -> {@code todo.add(p); p.settle();}): the
     * retry then finds nothing to send and the offsets move past points the store never got.
     */
    @Test
    void anOffsetIsReportedOnlyAfterItsPointsAreWritten() {
        loop = loop(60_000);
        loop.put(records("m v=0", "m v=1"));
        assertThat(committable()).isNull();
        store.outage = 1;
        loop.put(records("m v=2"));
        callBack();
        assertThat(store.requests).isEqualTo(1);
        assertThat(store.stored).isEmpty();
        assertThat(committable()).isNull();
        for (int i = 0; i < 5 && committable() == null; i++) {
            now += partitions.callBackMs;
            callBack();
            assertReportedOnlyWritten();
        }
        assertThat(store.stored).containsExactly("m v=0", "m v=1", "m v=2");
        assertThat(committable()).isEqualTo(3L);
    }

    /**
     * Rule 2: a retriable failure keeps the records, pauses the assigned partitions, makes no request before
     * the back-off has passed, then writes the same records and resumes the partitions. Breaks when
     * {@code DeliveryLoop.writeDue} ignores the wait ({@code if (retryWait.waiting(now))} -> {@code if (false)}):
     * the retry is sent at once; likewise when {@code waitBeforeRetry} does not pause
     * ({@code pause(retryWait.begin(...))} -> {@code retryWait.begin(...)}) or {@code writeDue} does not resume
     * ({@code resume(retryWait.release(...))} -> {@code retryWait.release(...)}).
     */
    @Test
    void aRetriableFailureKeepsTheRecordsPausesAndRetriesAfterTheBackoff() {
        loop = loop(60_000);
        store.outage = 1;
        loop.put(records("m v=0", "m v=1", "m v=2"));
        callBack();
        assertThat(store.requests).isEqualTo(1);
        assertThat(partitions.paused).containsExactly(TP);
        assertThat(loop.bufferedRecords()).isEqualTo(3);
        long backoff = partitions.callBackMs;
        assertThat(backoff).isBetween(50L, 100L);

        now += backoff - 1;
        callBack();
        assertThat(store.requests).as("no request before the back-off has passed").isEqualTo(1);
        assertThat(partitions.paused).containsExactly(TP);
        assertThat(partitions.callBackMs).isEqualTo(1);

        now += 1;
        callBack();
        callBack();
        assertThat(store.requests).isEqualTo(2);
        assertThat(store.stored).containsExactly("m v=0", "m v=1", "m v=2");
        assertThat(partitions.paused).isEmpty();
        assertThat(partitions.resumes).isEqualTo(1);
        assertThat(committable()).isEqualTo(3L);
    }

    /**
     * Rule 3: a record the store refuses (400) and one that cannot be mapped go to the dead letter reporter,
     * exactly those, and the others are written; all their offsets are then reported. Breaks when
     * {@code DeliveryLoop.put} drops an unmappable record silently (its {@code deadLetters.report(...)} line in
     * the {@code catch} deleted), and likewise when {@code PipelinedWriter.complete} drops the store's refusals
     * (its {@code deadLetters.report(...)} line deleted).
     */
    @Test
    void aDataErrorSendsExactlyTheBadRecordsToTheDeadLetterReporterAndWritesTheRest() {
        loop = loop(60_000);
        loop.put(records("m v=0", "bad 1", "m v=2", "unmappable 3", "m v=4", "m v=5"));
        callBack();
        assertThat(deadLettered).containsOnlyKeys(1L, 3L);
        assertThat(deadLettered.get(1L)).contains("HTTP 400").contains("bad 1");
        assertThat(deadLettered.get(3L)).contains("t-0@3").contains("no field 'v'");
        assertThat(store.stored).containsExactly("m v=0", "m v=2", "m v=4", "m v=5");
        assertThat(committable()).isEqualTo(6L);
    }

    /**
     * Rule 4: when the store stays down past {@code retry.timeout.ms}, the task fails with the reason, and
     * the offsets reported stop before the first unwritten record. Breaks when {@code DeliveryLoop.handleFailure}
     * never gives up ({@code if (delay < 0)} -> {@code if (delay < -1)}): the driver below sees no failure.
     */
    @Test
    void theRetryDeadlineFailsTheTaskWithTheReasonAndReportsNothingPastTheUnwrittenRecords() {
        loop = loop(1000);
        loop.put(records("m v=0", "m v=1", "m v=2"));
        callBack();
        assertThat(committable()).isEqualTo(3L);
        store.outage = Integer.MAX_VALUE;
        loop.put(records("m v=3", "m v=4", "m v=5"));
        assertThatThrownBy(() -> {
            for (int i = 0; i < 200; i++) {
                callBack();
                now += partitions.callBackMs;
            }
            fail("still retrying after 200 call-backs (%d ms)", now);
        }).isInstanceOf(ConnectException.class)
                .hasMessageContaining("gave up after")
                .hasMessageContaining("retry.timeout.ms=1000")
                .hasMessageContaining("3 records not written")
                .hasMessageContaining("HTTP 503");
        assertThat(store.requests).isGreaterThan(2);
        assertThat(committable()).isEqualTo(3L);
        assertThat(deadLettered).isEmpty();
    }

    /**
     * Rule 5a: a full batch is written at once, without waiting for the allowed lag. Breaks when
     * {@code DeliveryLoop.writeDue} waits for more than a batch
     * ({@code buffer.size() - pipeline.inFlightCount() >= batchSize} -> {@code > batchSize}).
     */
    @Test
    void aFullBatchIsWrittenAtOnce() {
        loop = loop(60_000);
        loop.put(records("m v=0", "m v=1"));
        assertThat(store.requests).isZero();
        loop.put(records("m v=2"));
        assertThat(store.stored).containsExactly("m v=0", "m v=1", "m v=2");
    }

    /**
     * Rule 5b: a partial batch is written when its oldest record has waited the allowed lag by the clock, not
     * before, and the task asks to be called back in time for it. Breaks when {@code DeliveryLoop.writeDue}
     * compares the lag strictly ({@code now - buffer.addedAt(...) >= lag} -> {@code > lag}): nothing is written
     * at the moment asked for.
     */
    @Test
    void aPartialBatchIsWrittenWhenItsOldestRecordHasWaitedTheAllowedLag() {
        loop = loop(60_000);
        loop.put(records("m v=0"));
        assertThat(partitions.callBackMs).isEqualTo(LAG_MS);
        now += 400;
        loop.put(records("m v=1"));
        assertThat(partitions.callBackMs).isEqualTo(600);
        now += 599;
        callBack();
        assertThat(store.requests).isZero();
        now += 1;
        callBack();
        assertThat(store.stored).containsExactly("m v=0", "m v=1");
        callBack();
        assertThat(committable()).isEqualTo(2L);
    }
}
