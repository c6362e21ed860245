package dev.iotstream.connect.testing;

import org.junit.jupiter.api.Assumptions;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The InfluxDB 1.x fixture: writes read back with InfluxQL, auth enforced when asked for, nothing left behind. */
class InfluxDb1ServerIT {
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void installed() {
        ServerRuntime.INFLUXD.require();
    }

    @Test
    void writesAreReadBackAndTheServerLeavesNothingBehind() throws Exception {
        InfluxDb1Server server = InfluxDb1Server.start();
        try (server) {
            server.createDatabase("fixture db");
            assertThat(server.databases()).contains("fixture db");
            assertThat(write(server, "fixture%20db", null, "m,site=a v=1.5 1000\nm,site=b v=2 2000")).isEqualTo(204);
            assertThat(server.select("fixture db", "SELECT v, site FROM m"))
                    .extracting(r -> r.get("time") + "|" + r.get("site") + "|" + r.get("v"))
                    .containsExactly("1000|a|1.5", "2000|b|2");
            assertThat(server.count("fixture db", "m", "v")).isEqualTo(2);
            assertThat(server.count("fixture db", "absent", "v")).isZero();
        }
        assertThat(server.url()).startsWith("http://127.0.0.1:");
        assertThatThrownBy(() -> server.databases()).hasMessageContaining("unreachable");
    }

    /** Every socket influxd listens on (HTTP, backup RPC, anything its defaults add) is bound to 127.0.0.1. */
    @Test
    void listensOnLoopbackOnly() throws Exception {
        Assumptions.assumeTrue(Files.isDirectory(Path.of("/proc/self/fd")), "needs Linux /proc");
        try (InfluxDb1Server server = InfluxDb1Server.start()) {
            Set<String> inodes = new HashSet<>();
            try (Stream<Path> fds = Files.list(Path.of("/proc/" + server.pid() + "/fd"))) {
                for (Path fd : fds.toList()) {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(target.substring(8, target.length() - 1));
                    }
                }
            }
            List<String> listening = new ArrayList<>();
            for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
                List<String> lines = Files.readAllLines(Path.of(table));
                for (String line : lines.subList(1, lines.size())) {
                    String[] cols = line.trim().split("\\s+");
                    if (cols[3].equals("0A") && inodes.contains(cols[9])) {
                        listening.add(cols[1]);
                    }
                }
            }
            String httpPort = String.format("%04X", server.port());
            assertThat(listening).as("listening sockets (hex address:port)").hasSizeGreaterThanOrEqualTo(2)
                    .contains("0100007F:" + httpPort).allMatch(a -> a.startsWith("0100007F:"));
        }
    }

    @Test
    void withAuthOnlyTheRightPasswordMayWrite() throws Exception {
        try (InfluxDb1Server server = InfluxDb1Server.startWithAuth("admin", "pa'ss")) {
            server.createDatabase("secured");
            assertThat(write(server, "secured", "admin:wrong", "m v=1 1")).isEqualTo(401);
            assertThat(write(server, "secured", null, "m v=1 1")).isEqualTo(401);
            assertThat(write(server, "secured", "admin:pa'ss", "m v=1 1")).isEqualTo(204);
            assertThat(server.count("secured", "m", "v")).isEqualTo(1);
        }
    }

    private int write(InfluxDb1Server server, String db, String credentials, String lines) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.url() + "/write?db=" + db))
                .POST(HttpRequest.BodyPublishers.ofString(lines));
        if (credentials != null) {
            request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                    credentials.getBytes(StandardCharsets.UTF_8)));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
