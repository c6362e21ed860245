package dev.iotstream.connect.timeseries.delivery;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RecordBufferTest {
    private static final TopicPartition P0 = new TopicPartition("t", 0);
    private static final TopicPartition P1 = new TopicPartition("t", 1);

    private static SinkRecord rec(int partition, long offset) {
        return new SinkRecord("t", partition, null, null, null, "v", offset, 1L, TimestampType.CREATE_TIME);
    }

    @Test
    void offsetsAdvanceOnlyPastSettledRecordsInOrder() {
        RecordBuffer buffer = new RecordBuffer();
        buffer.add(rec(0, 10), "a", 1);
        buffer.add(rec(1, 5), null, 1);
        buffer.add(rec(0, 11), "b", 1);
        assertThat(buffer.committableOffsets(List.of(P0, P1))).isEmpty();
        List<PendingRecord> head = buffer.head(2);
        assertThatThrownBy(() -> buffer.removeHead(1)).isInstanceOf(IllegalStateException.class);
        head.get(0).settle();
        buffer.removeHead(2);
        assertThat(buffer.committableOffsets(List.of(P0, P1)))
                .isEqualTo(Map.of(P0, new OffsetAndMetadata(11), P1, new OffsetAndMetadata(6)));
        assertThat(buffer.size()).isEqualTo(1);
    }

    @Test
    void interleavedPartitionsAdvanceEachOffsetEvenWhenRemovalStopsAtAnUnsettledRecord() {
        RecordBuffer buffer = new RecordBuffer();
        buffer.add(rec(0, 10), null, 1);
        buffer.add(rec(1, 5), null, 1);
        buffer.add(rec(0, 11), null, 1);
        buffer.add(rec(0, 12), null, 1);
        buffer.add(rec(1, 6), "pending", 1);
        buffer.add(rec(0, 13), null, 1);
        assertThatThrownBy(() -> buffer.removeHead(6)).isInstanceOf(IllegalStateException.class);
        assertThat(buffer.committableOffsets(List.of(P0, P1)))
                .isEqualTo(Map.of(P0, new OffsetAndMetadata(13), P1, new OffsetAndMetadata(6)));
        assertThat(buffer.size()).isEqualTo(2);
        assertThat(buffer.isRedelivery(rec(1, 6))).isTrue();
        assertThat(buffer.isRedelivery(rec(0, 14))).isFalse();
    }

    @Test
    void redeliveredRecordsAreRecognisedAndRevokedPartitionsForgotten() {
        RecordBuffer buffer = new RecordBuffer();
        buffer.add(rec(0, 10), "a", 1);
        buffer.add(rec(1, 3), "b", 2);
        assertThat(buffer.isRedelivery(rec(0, 10))).isTrue();
        assertThat(buffer.isRedelivery(rec(0, 11))).isFalse();
        assertThat(buffer.oldestAddedAt()).isEqualTo(1);
        buffer.dropPartitions(List.of(P0));
        assertThat(buffer.size()).isEqualTo(1);
        assertThat(buffer.isRedelivery(rec(0, 10))).isFalse();
        assertThat(buffer.oldestAddedAt()).isEqualTo(2);
    }
}
