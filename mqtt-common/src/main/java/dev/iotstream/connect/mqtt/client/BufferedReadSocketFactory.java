package dev.iotstream.connect.mqtt.client;

import javax.net.SocketFactory;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.util.function.IntConsumer;

/**
 * Plain TCP sockets whose input is read through a buffer. Paho (v3 and v5, 1.2.5) reads the socket it is given
 * without one: per PUBLISH a read system call for the fixed header byte, one per remaining-length byte, one for
 * the rest, and an {@code available()} (another system call) before each packet. Through a buffer, one read brings
 * in every packet the kernel holds: in our throughput benchmark the receiver thread's CPU per small QoS 0 message
 * fell from ~11-12 to ~8 microseconds. Paho asks a factory for an unconnected socket ({@link #createSocket()}) and
 * connects and times it itself, so timeouts behave as before; reads after a close or an input shutdown behave as
 * the socket's own do ({@link ClosedAsItsSocket}). A factory made {@link #countingAcks counting acks} also reports
 * every PUBACK/PUBCOMP written to its sockets ({@link AckCountingOutputStream}).
 */
public final class BufferedReadSocketFactory extends SocketFactory {
    public static final BufferedReadSocketFactory INSTANCE = new BufferedReadSocketFactory(null);
    private static final int BUFFER_BYTES = 64 * 1024;

    /** Null: output goes to the socket untouched. */
    private final IntConsumer acksWritten;

    private BufferedReadSocketFactory(IntConsumer acksWritten) {
        this.acksWritten = acksWritten;
    }

    /** A factory whose sockets report the PUBACK and PUBCOMP packets written to them, as they reach the kernel. */
    static BufferedReadSocketFactory countingAcks(IntConsumer acksWritten) {
        return new BufferedReadSocketFactory(acksWritten);
    }

    @Override
    public Socket createSocket() {
        return new BufferedReadSocket(acksWritten);
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return connected(new InetSocketAddress(host, port));
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return connected(new InetSocketAddress(host, port), new InetSocketAddress(localHost, localPort));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return connected(new InetSocketAddress(host, port));
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
            throws IOException {
        return connected(new InetSocketAddress(address, port), new InetSocketAddress(localAddress, localPort));
    }

    private Socket connected(InetSocketAddress remote) throws IOException {
        Socket socket = createSocket();
        socket.connect(remote);
        return socket;
    }

    private Socket connected(InetSocketAddress remote, InetSocketAddress local) throws IOException {
        Socket socket = createSocket();
        socket.bind(local);
        socket.connect(remote);
        return socket;
    }

    private static final class BufferedReadSocket extends Socket {
        private final IntConsumer acksWritten;
        private InputStream input;
        private OutputStream output;

        BufferedReadSocket(IntConsumer acksWritten) {
            this.acksWritten = acksWritten;
        }

        @Override
        public synchronized OutputStream getOutputStream() throws IOException {
            if (acksWritten == null) {
                return super.getOutputStream();
            }
            if (output == null) {
                output = new AckCountingOutputStream(super.getOutputStream(), acksWritten);
            }
            return output;
        }

        @Override
        public synchronized InputStream getInputStream() throws IOException {
            if (input == null) {
                input = new ClosedAsItsSocket(this, super.getInputStream());
            }
            return input;
        }
    }

    /**
     * Fails reads once its socket is closed and ends them once its input is shut down, buffered bytes or not, as
     * the socket's own stream does. Paho relies on that: its receiver thread outlives {@code disconnect} and
     * {@code close} (CommsReceiver.stop does not wait for it once it has read a packet), and a read that still
     * succeeded from the buffer would carry it into the client's closed state (an NPE in
     * ClientState.notifyReceivedBytes, seen in our tests). {@link BufferedInputStream#available()} asks the socket
     * every time; Paho calls it before each packet only to learn whether one is coming, which buffered bytes answer.
     */
    private static final class ClosedAsItsSocket extends BufferedInputStream {
        private final Socket socket;

        ClosedAsItsSocket(Socket socket, InputStream in) {
            super(in, BUFFER_BYTES);
            this.socket = socket;
        }

        /** @return false when the input is shut down (reads give end of stream) */
        private boolean open() throws SocketException {
            if (socket.isClosed()) {
                throw new SocketException("Socket is closed");
            }
            return !socket.isInputShutdown();
        }

        @Override
        public synchronized int read() throws IOException {
            return open() ? super.read() : -1;
        }

        @Override
        public synchronized int read(byte[] b, int off, int len) throws IOException {
            return open() ? super.read(b, off, len) : -1;
        }

        @Override
        public synchronized long skip(long n) throws IOException {
            return open() ? super.skip(n) : 0;
        }

        /**
         * Not synchronized, unlike BufferedInputStream's: a read blocked on the socket holds the stream's lock, so a
         * caller on another thread would wait there until bytes arrive, where the socket's own stream answers at
         * once. The buffer fields may be read stale here, which an estimate allows.
         */
        @Override
        public int available() throws IOException {
            if (!open()) {
                return 0;
            }
            int buffered = count - pos;
            InputStream socketInput = in;
            return buffered > 0 ? buffered : socketInput == null ? 0 : socketInput.available();
        }
    }
}
