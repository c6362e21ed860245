package dev.iotstream.connect.timeseries.delivery;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.sink.SinkRecord;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * FIFO of records not yet written, and the offsets that are safe to commit: a partition's offset only moves
 * past records that were written or settled, in order. Records Connect delivers again (same offsets, e.g. after
 * it rewound the consumer) are recognised and not buffered twice.
 */
public final class RecordBuffer {
    private final ArrayDeque<PendingRecord> queue = new ArrayDeque<>();
    /**
     * Last offset added per partition, in a one-element array updated in place: a boxed Long and a map put per
     * record were the buffer's share of the task thread's allocations.
     */
    private final Map<TopicPartition, long[]> lastAdded = new HashMap<>();
    private final Map<TopicPartition, Long> committable = new HashMap<>();
    /** Last partition looked up: records come in runs of one partition, so this saves an allocation per record. */
    private TopicPartition lastPartition;

    public boolean isRedelivery(SinkRecord record) {
        long[] last = lastAdded.get(tp(record));
        return last != null && record.originalKafkaOffset() <= last[0];
    }

    public void add(SinkRecord record, String line, long now) {
        add(record, line, 1, now);
    }

    /** A record whose {@code line} holds {@code points} lines (line protocol input, arrays). */
    public void add(SinkRecord record, String line, int points, long now) {
        add(record, line, points, null, now);
    }

    /** A record routed to {@code destination} (null: the configured bucket or database). */
    public void add(SinkRecord record, String line, int points, String destination, long now) {
        TopicPartition partition = tp(record);
        long[] last = lastAdded.get(partition);
        if (last == null) {
            lastAdded.put(partition, new long[] {record.originalKafkaOffset()});
        } else {
            last[0] = record.originalKafkaOffset();
        }
        queue.add(new PendingRecord(record, line, points, destination, now));
    }

    public int size() {
        return queue.size();
    }

    public boolean isEmpty() {
        return queue.isEmpty();
    }

    /** When the oldest buffered record arrived, or -1 when empty. */
    public long oldestAddedAt() {
        return queue.isEmpty() ? -1 : queue.peek().addedAt();
    }

    /** Arrival time of the record at {@code index} (0 = oldest), or -1 when there is none. */
    public long addedAt(int index) {
        if (index >= queue.size()) {
            return -1;
        }
        Iterator<PendingRecord> it = queue.iterator();
        for (int i = 0; i < index; i++) {
            it.next();
        }
        return it.next().addedAt();
    }

    public List<PendingRecord> head(int max) {
        List<PendingRecord> head = new ArrayList<>(Math.min(max, queue.size()));
        Iterator<PendingRecord> it = queue.iterator();
        while (it.hasNext() && head.size() < max) {
            head.add(it.next());
        }
        return head;
    }

    /** Removes the first {@code count} records, which must all be settled, and advances committable offsets. */
    public void removeHead(int count) {
        TopicPartition runPartition = null;
        long runNext = -1;
        for (int i = 0; i < count; i++) {
            PendingRecord done = queue.peek();
            if (done == null || !done.settled()) {
                if (runPartition != null) {
                    committable.put(runPartition, runNext);
                }
                throw new IllegalStateException("removing an unsettled record from the buffer");
            }
            queue.poll();
            TopicPartition partition = tp(done.record());
            if (runPartition != null && !runPartition.equals(partition)) {
                committable.put(runPartition, runNext);
            }
            // Within a partition offsets only grow, so one map update per run of records is enough.
            runPartition = partition;
            runNext = done.record().originalKafkaOffset() + 1;
        }
        if (runPartition != null) {
            committable.put(runPartition, runNext);
        }
    }

    public Map<TopicPartition, OffsetAndMetadata> committableOffsets(Collection<TopicPartition> partitions) {
        Map<TopicPartition, OffsetAndMetadata> out = new HashMap<>();
        for (TopicPartition partition : partitions) {
            Long next = committable.get(partition);
            if (next != null) {
                out.put(partition, new OffsetAndMetadata(next));
            }
        }
        return out;
    }

    /** Forgets revoked partitions: their unwritten records will be redelivered to the next owner. */
    public void dropPartitions(Collection<TopicPartition> partitions) {
        queue.removeIf(p -> partitions.contains(tp(p.record())));
        partitions.forEach(p -> {
            lastAdded.remove(p);
            committable.remove(p);
        });
    }

    private TopicPartition tp(SinkRecord record) {
        // Offsets are committed for the partition the record was consumed from, whatever SMTs did to it.
        TopicPartition last = lastPartition;
        if (last != null && last.partition() == record.originalKafkaPartition()
                && last.topic().equals(record.originalTopic())) {
            return last;
        }
        lastPartition = new TopicPartition(record.originalTopic(), record.originalKafkaPartition());
        return lastPartition;
    }
}
