package dev.iotstream.connect.timeseries.write;

import okhttp3.MediaType;
import okhttp3.RequestBody;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * Turns a batch of lines into a request body: UTF-8 bytes joined by newlines, gzipped when asked, written
 * straight from the mapped lines into a buffer kept from one request to the next. influxdb-client-java's blocking
 * API joined the lines into one String, encoded that again and gzipped at the default level (6) through okio.
 * Not thread-safe, and a body is valid only until the next call: one instance per writer, whose requests run one
 * at a time and are finished (answered or failed) before the next body is built.
 */
final class LineBodies {
    static final MediaType TEXT = MediaType.get("text/plain; charset=utf-8");
    /** A burst of huge batches must not pin its buffers for the task's lifetime. */
    private static final int MAX_RETAINED = 8 * 1024 * 1024;
    /**
     * Level 1: on 5,000 lines of line protocol less than half the CPU of the default level 6 (0.28-0.36 against
     * 0.70-0.82 us a point) for a body 1.4x larger (11.0x against 15.6x smaller than the text; GzipLevelHarness,
     * docs/performance.md). gzip is for the network, where 54 KB against 38 KB per 5,000 points hardly matters,
     * while its CPU comes from the cores the task (and often the store) runs on.
     */
    static final int GZIP_LEVEL = Deflater.BEST_SPEED;
    private final boolean gzip;
    private Buffer raw = new Buffer(64 * 1024);
    private Buffer packed = new Buffer(16 * 1024);

    LineBodies(boolean gzip) {
        this.gzip = gzip;
    }

    boolean gzip() {
        return gzip;
    }

    /** The lines as one body; only valid until the next call. */
    RequestBody body(List<String> lines) {
        Buffer text = fill(lines);
        if (!gzip) {
            return RequestBody.create(text.bytes, TEXT, 0, text.length);
        }
        if (packed.bytes.length > MAX_RETAINED) {
            packed = new Buffer(16 * 1024);
        }
        packed.length = 0;
        try (GZIPOutputStream out = new FastGzip(packed)) {
            out.write(text.bytes, 0, text.length);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return RequestBody.create(packed.bytes, TEXT, 0, packed.length);
    }

    private Buffer fill(List<String> lines) {
        if (raw.bytes.length > MAX_RETAINED) {
            raw = new Buffer(64 * 1024);
        }
        Buffer out = raw;
        out.length = 0;
        for (String line : lines) {
            // getBytes is a vectorized copy for the usual all-ASCII line: in the profile a char-by-char loop into
            // the buffer was the writer thread's top frame, and a short-lived array per line costs less.
            out.append(line.getBytes(StandardCharsets.UTF_8));
            out.bytes[out.length++] = '\n';
        }
        // No trailing newline, like the joined String the client sent.
        if (out.length > 0) {
            out.length--;
        }
        return out;
    }

    /** A growable byte array whose array is handed to OkHttp as it is, without the copy toByteArray() makes. */
    private static final class Buffer extends OutputStream {
        byte[] bytes;
        int length;

        Buffer(int capacity) {
            bytes = new byte[capacity];
        }

        void ensure(int more) {
            if (length + more > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
            }
        }

        void append(byte[] more) {
            ensure(more.length + 1);
            System.arraycopy(more, 0, bytes, length, more.length);
            length += more.length;
        }

        @Override
        public void write(int b) {
            ensure(1);
            bytes[length++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            ensure(len);
            System.arraycopy(b, off, bytes, length, len);
            length += len;
        }
    }

    /** GZIPOutputStream at {@link #GZIP_LEVEL}, with a deflate buffer large enough for few native calls. */
    private static final class FastGzip extends GZIPOutputStream {
        FastGzip(OutputStream out) throws IOException {
            super(out, 64 * 1024);
            def.setLevel(GZIP_LEVEL);
        }
    }
}
