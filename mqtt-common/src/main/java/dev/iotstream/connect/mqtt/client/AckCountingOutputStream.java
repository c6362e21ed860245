package dev.iotstream.connect.mqtt.client;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.function.IntConsumer;

/**
 * Passes a client's MQTT byte stream through to its socket and reports each PUBACK and PUBCOMP once its last byte
 * was handed to the kernel. Acknowledgements are what free the source's window: an ack that Paho has queued but not
 * written is still owed to the broker, and the message comes again if the process dies now (a duplicate when its
 * records are in Kafka). Knowing how many acks are written lets the window count those still queued, so that a
 * slow or starved sender thread cannot let more than the window's worth of messages sit in Kafka unacknowledged.
 * <p>
 * Reads only the fixed header of each packet (type nibble and variable-length "remaining length") and skips the
 * body arithmetically, so large PUBLISH packets cost nothing per byte. Not thread-safe: Paho writes from one
 * sender thread and serialises its writes.
 */
final class AckCountingOutputStream extends FilterOutputStream {
    private static final int PUBACK = 4;
    private static final int PUBCOMP = 7;

    private final IntConsumer acksWritten;
    private boolean inHeader = true; // expecting a packet's first byte or its remaining-length bytes
    private int type = -1; // -1: expecting the first byte of a packet
    private int length;
    private int shift;
    private long bodyLeft;

    AckCountingOutputStream(OutputStream out, IntConsumer acksWritten) {
        super(out);
        this.acksWritten = acksWritten;
    }

    @Override
    public void write(int b) throws IOException {
        out.write(b);
        int acks = scan(new byte[]{(byte) b}, 0, 1);
        if (acks > 0) {
            acksWritten.accept(acks);
        }
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len); // counted only once the kernel has the bytes
        int acks = scan(b, off, len);
        if (acks > 0) {
            acksWritten.accept(acks);
        }
    }

    /** @return acknowledgement packets completed within these bytes */
    private int scan(byte[] b, int off, int len) {
        int acks = 0;
        int i = off;
        int end = off + len;
        while (i < end) {
            if (!inHeader) {
                long skip = Math.min(bodyLeft, end - i);
                i += (int) skip;
                bodyLeft -= skip;
                if (bodyLeft == 0) {
                    acks += packetEnded();
                }
                continue;
            }
            int v = b[i++] & 0xFF;
            if (type < 0) {
                type = v >>> 4;
                length = 0;
                shift = 0;
                continue;
            }
            length |= (v & 0x7F) << shift;
            shift += 7;
            if ((v & 0x80) == 0 || shift > 21) { // at most four length bytes (MQTT 3.1.1 2.2.3)
                bodyLeft = length;
                if (bodyLeft == 0) {
                    acks += packetEnded();
                } else {
                    inHeader = false;
                }
            }
        }
        return acks;
    }

    private int packetEnded() {
        int acks = type == PUBACK || type == PUBCOMP ? 1 : 0;
        type = -1;
        inHeader = true;
        return acks;
    }
}
