package dev.iotstream.connect.mqtt.client;

import javax.net.SocketFactory;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * Plain TCP sockets whose input is read through a buffer. Paho (v3 and v5, 1.2.5) reads the socket it is given
 * without one: per PUBLISH a read system call for the fixed header byte, one per remaining-length byte, one for
 * the rest, and an {@code available()} (another system call) before each packet. At tens of thousands of small
 * messages a second that is most of a core's system time on a 2-core worker. Through a buffer, one read brings
 * in every packet the kernel holds. Paho asks a factory for an unconnected socket ({@link #createSocket()}) and
 * connects and times it itself, so timeouts and close behave as before.
 */
public final class BufferedReadSocketFactory extends SocketFactory {
    public static final BufferedReadSocketFactory INSTANCE = new BufferedReadSocketFactory();
    private static final int BUFFER_BYTES = 64 * 1024;

    private BufferedReadSocketFactory() {
    }

    @Override
    public Socket createSocket() {
        return new BufferedReadSocket();
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

    private static Socket connected(InetSocketAddress remote) throws IOException {
        Socket socket = new BufferedReadSocket();
        socket.connect(remote);
        return socket;
    }

    private static Socket connected(InetSocketAddress remote, InetSocketAddress local) throws IOException {
        Socket socket = new BufferedReadSocket();
        socket.bind(local);
        socket.connect(remote);
        return socket;
    }

    private static final class BufferedReadSocket extends Socket {
        private InputStream input;

        @Override
        public synchronized InputStream getInputStream() throws IOException {
            if (input == null) {
                input = new AvailableFromBuffer(super.getInputStream());
            }
            return input;
        }
    }

    /**
     * {@link BufferedInputStream#available()} asks the socket as well, every time; Paho calls it before each
     * packet only to learn whether one is coming, which the buffered bytes already answer.
     */
    private static final class AvailableFromBuffer extends BufferedInputStream {
        AvailableFromBuffer(InputStream in) {
            super(in, BUFFER_BYTES);
        }

        @Override
        public synchronized int available() throws IOException {
            int buffered = count - pos;
            return buffered > 0 ? buffered : super.available();
        }
    }
}
