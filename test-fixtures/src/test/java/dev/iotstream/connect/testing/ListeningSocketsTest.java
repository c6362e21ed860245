package dev.iotstream.connect.testing;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;

import static org.assertj.core.api.Assertions.assertThat;

class ListeningSocketsTest {

    @Test
    void decodesProcNetAddresses() {
        assertThat(ListeningSockets.parseEndpoint("0100007F:1F90").address().getHostAddress()).isEqualTo("127.0.0.1");
        assertThat(ListeningSockets.parseEndpoint("0100007F:1F90").port()).isEqualTo(8080);
        assertThat(ListeningSockets.parseEndpoint("00000000:0050").address().getHostAddress()).isEqualTo("0.0.0.0");
        assertThat(ListeningSockets.parseEndpoint("0000000000000000FFFF00000100007F:A1B2").address().getHostAddress())
                .as("IPv4-mapped, as a Java socket bound to 127.0.0.1 shows in tcp6").isEqualTo("127.0.0.1");
        assertThat(ListeningSockets.parseEndpoint("00000000000000000000000001000000:0016").address().getHostAddress())
                .isEqualTo("0:0:0:0:0:0:0:1");
        assertThat(ListeningSockets.parseEndpoint("00000000000000000000000000000000:0016").address()
                .isAnyLocalAddress()).isTrue();
    }

    @Test
    void findsThisJvmsOwnListenersWithTheirAddress() throws Exception {
        try (ServerSocket loopback = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             ServerSocket wildcard = new ServerSocket(0)) {
            var listeners = ListeningSockets.ofProcessTree(ProcessHandle.current());
            assertThat(listeners).anySatisfy(l -> {
                assertThat(l.port()).isEqualTo(loopback.getLocalPort());
                assertThat(l.address().getHostAddress()).isEqualTo("127.0.0.1");
                assertThat(l.pid()).isEqualTo(ProcessHandle.current().pid());
            });
            assertThat(listeners).anySatisfy(l -> {
                assertThat(l.port()).isEqualTo(wildcard.getLocalPort());
                assertThat(l.address().isAnyLocalAddress()).isTrue();
            });
        }
    }
}
