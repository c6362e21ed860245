package dev.iotstream.connect.timeseries.delivery;

import dev.iotstream.connect.timeseries.write.WriteException;
import org.apache.kafka.connect.errors.ConnectException;

import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Overlaps one blocking write with the task's consuming and mapping of the next batch. At most one batch is in
 * flight and the next is submitted only after it completed, so writes keep their order and memory stays bounded;
 * results (dead letter reports, offset progress) are applied on the task thread.
 */
public final class PipelinedWriter implements AutoCloseable {
    private final BatchWriter batchWriter;
    private final DeadLetterReporter deadLetters;
    private final RecordBuffer buffer;
    private final ExecutorService executor;
    private Future<List<BatchWriter.Rejected>> inFlight;
    private int inFlightCount;

    public PipelinedWriter(BatchWriter batchWriter, DeadLetterReporter deadLetters, RecordBuffer buffer,
                           String threadName) {
        this(batchWriter, deadLetters, buffer, writerThread(threadName));
    }

    /** {@code executor} runs the writes; it must run one at a time (unit tests run them on the caller's thread). */
    public PipelinedWriter(BatchWriter batchWriter, DeadLetterReporter deadLetters, RecordBuffer buffer,
                           ExecutorService executor) {
        this.batchWriter = batchWriter;
        this.deadLetters = deadLetters;
        this.buffer = buffer;
        this.executor = executor;
    }

    public static ExecutorService writerThread(String threadName) {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
    }

    /** Records at the head of the buffer that belong to the write in flight. */
    public int inFlightCount() {
        return inFlightCount;
    }

    /** Starts writing the first {@code count} buffered records; the previous write must be complete. */
    public void submit(int count) {
        if (inFlight != null) {
            throw new IllegalStateException("a write is already in flight");
        }
        List<PendingRecord> chunk = buffer.head(count);
        inFlightCount = chunk.size();
        inFlight = executor.submit(() -> batchWriter.writeCollecting(chunk));
    }

    /**
     * Applies the result of the write in flight, waiting for it when {@code block}. Returns true when a write
     * completed successfully; throws the write's failure (its records stay at the head of the buffer).
     */
    public boolean complete(boolean block) throws WriteException {
        if (inFlight == null || (!block && !inFlight.isDone())) {
            return false;
        }
        List<BatchWriter.Rejected> rejected;
        int done = inFlightCount;
        try {
            rejected = inFlight.get();
        } catch (ExecutionException e) {
            inFlight = null;
            inFlightCount = 0;
            if (e.getCause() instanceof WriteException we) {
                throw we;
            }
            throw new ConnectException("write failed unexpectedly", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectException("interrupted while waiting for a write", e);
        }
        inFlight = null;
        inFlightCount = 0;
        for (BatchWriter.Rejected r : rejected) {
            deadLetters.report(r.pending().record(), r.reason());
        }
        buffer.removeHead(done);
        return true;
    }

    @Override
    public void close() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
