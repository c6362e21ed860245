package dev.iotstream.connect.mqtt.client;

import org.junit.jupiter.api.Test;

import javax.net.SocketFactory;
import javax.net.ssl.SSLSocketFactory;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BufferedReadSocketFactoryTest {

    /** Paho reads with a socket timeout and carries on after it: a timeout must not lose buffered or later bytes. */
    @Test
    void bytesArriveInOrderAcrossReadTimeouts() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             Socket client = BufferedReadSocketFactory.INSTANCE.createSocket()) {
            client.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()), 5000);
            client.setSoTimeout(200);
            try (Socket peer = server.accept()) {
                OutputStream out = peer.getOutputStream();
                InputStream in = client.getInputStream();
                assertThat(client.getInputStream()).isSameAs(in);

                out.write(new byte[] {1, 2, 3});
                out.flush();
                assertThat(in.read()).isEqualTo(1);
                assertThat(in.available()).isEqualTo(2);
                assertThat(in.read()).isEqualTo(2);
                assertThat(in.read()).isEqualTo(3);
                assertThatThrownBy(in::read).isInstanceOf(SocketTimeoutException.class);

                out.write(new byte[] {4, 5});
                out.flush();
                byte[] rest = new byte[2];
                assertThat(in.readNBytes(rest, 0, 2)).isEqualTo(2);
                assertThat(rest).containsExactly(4, 5);
            }
        }
    }

    /**
     * Paho's receiver thread can still be reading when the client closes: it must see the closed socket, not the
     * bytes left in the buffer.
     */
    @Test
    void bufferedBytesAreNotReadAfterCloseOrInputShutdown() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 2, InetAddress.getLoopbackAddress())) {
            for (boolean close : new boolean[] {true, false}) {
                try (Socket client = BufferedReadSocketFactory.INSTANCE.createSocket()) {
                    client.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()));
                    try (Socket peer = server.accept()) {
                        peer.getOutputStream().write(new byte[] {1, 2, 3});
                        peer.getOutputStream().flush();
                        InputStream in = client.getInputStream();
                        assertThat(in.read()).isEqualTo(1);
                        assertThat(in.available()).as("still buffered").isEqualTo(2);
                        if (close) {
                            client.close();
                            assertThatThrownBy(in::read).isInstanceOf(java.net.SocketException.class);
                            assertThatThrownBy(() -> in.read(new byte[2], 0, 2))
                                    .isInstanceOf(java.net.SocketException.class);
                        } else {
                            client.shutdownInput();
                            assertThat(in.read()).isEqualTo(-1);
                            assertThat(in.read(new byte[2], 0, 2)).isEqualTo(-1);
                            assertThat(in.available()).isZero();
                        }
                    }
                }
            }
        }
    }

    @Test
    void tcpUrisReadThroughTheBufferTlsUrisUseTheConfiguredFactoryWebSocketsPahosOwn() {
        SSLSocketFactory tls = (SSLSocketFactory) SSLSocketFactory.getDefault();
        SocketFactory tcp = BufferedReadSocketFactory.INSTANCE;
        assertThat(PahoClientAdapterBase.socketFactoryFor("tcp://127.0.0.1:1883", tcp, tls))
                .isSameAs(BufferedReadSocketFactory.INSTANCE);
        assertThat(PahoClientAdapterBase.socketFactoryFor(" TCP://broker:1883", tcp, null))
                .isSameAs(BufferedReadSocketFactory.INSTANCE);
        assertThat(PahoClientAdapterBase.socketFactoryFor("ssl://broker:8883", tcp, tls)).isSameAs(tls);
        assertThat(PahoClientAdapterBase.socketFactoryFor("wss://broker/mqtt", tcp, tls)).isSameAs(tls);
        assertThat(PahoClientAdapterBase.socketFactoryFor("ssl://broker:8883", tcp, null)).isNull();
        assertThat(PahoClientAdapterBase.socketFactoryFor("ws://broker/mqtt", tcp, tls)).isNull();
    }
}
