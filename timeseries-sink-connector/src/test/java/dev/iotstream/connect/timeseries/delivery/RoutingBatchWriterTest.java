package dev.iotstream.connect.timeseries.delivery;

import dev.iotstream.connect.timeseries.write.FailureKind;
import dev.iotstream.connect.timeseries.write.LineWriter;
import dev.iotstream.connect.timeseries.write.WriteException;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Records routed to several buckets: one request per bucket, order kept within each, retries resend only the rest. */
class RoutingBatchWriterTest {
    private final List<String> requests = new ArrayList<>();
    private String failFor;

    private final LineWriter writer = new LineWriter() {
        @Override
        public void write(List<String> lines) throws WriteException {
            write(null, lines);
        }

        @Override
        public void write(String destination, List<String> lines) throws WriteException {
            if (destination != null && destination.equals(failFor)) {
                throw new WriteException(FailureKind.RETRIABLE, 503, -1, "down", null);
            }
            requests.add(destination + ":" + String.join("|", lines));
        }

        @Override
        public void close() {
        }
    };

    private static PendingRecord pending(int offset, String line, String destination) {
        SinkRecord record = new SinkRecord("t", 0, null, null, null, null, offset, 1L, TimestampType.CREATE_TIME);
        return new PendingRecord(record, line, 1, destination, 0);
    }

    @Test
    void oneRequestPerDestinationInFirstSeenOrder() throws Exception {
        BatchWriter batchWriter = new BatchWriter(writer, new DeadLetters(null, () -> { }), new SinkTaskMetrics());
        batchWriter.write(List.of(pending(0, "a1", "a"), pending(1, "b1", "b"), pending(2, "a2", "a"),
                pending(3, "c1", null), pending(4, "b2", "b")));
        assertThat(requests).containsExactly("a:a1|a2", "b:b1|b2", "null:c1");
    }

    @Test
    void aRetriableFailureOfOneDestinationResendsOnlyItsRecords() throws Exception {
        BatchWriter batchWriter = new BatchWriter(writer, new DeadLetters(null, () -> { }), new SinkTaskMetrics());
        List<PendingRecord> chunk = List.of(pending(0, "a1", "a"), pending(1, "b1", "b"), pending(2, "a2", "a"));
        failFor = "b";
        assertThatThrownBy(() -> batchWriter.write(chunk)).isInstanceOf(WriteException.class);
        assertThat(requests).containsExactly("a:a1|a2");
        failFor = null;
        batchWriter.write(chunk);
        assertThat(requests).containsExactly("a:a1|a2", "b:b1");
    }
}
