package dev.iotstream.connect.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The listening TCP sockets of a process and its descendants, from Linux's {@code /proc}: {@code /proc/net/tcp} and
 * {@code tcp6} list every socket in state LISTEN with its inode; {@code /proc/<pid>/fd} links name the inodes a
 * process holds. What {@code ss -ltnp} shows, without depending on its output format.
 */
public final class ListeningSockets {
    private static final String LISTEN = "0A";

    private ListeningSockets() {
    }

    /** One listening socket: which process holds it and where it listens. */
    public record Listener(long pid, String command, InetAddress address, int port) {
        @Override
        public String toString() {
            return address.getHostAddress() + ":" + port + " (pid " + pid + " " + command + ")";
        }
    }

    /** Every listening TCP socket held by {@code root} or any of its descendants right now. */
    public static List<Listener> ofProcessTree(ProcessHandle root) {
        Map<Long, Endpoint> listening = new HashMap<>();
        listening.putAll(read(Path.of("/proc/net/tcp")));
        listening.putAll(read(Path.of("/proc/net/tcp6")));
        List<Listener> out = new ArrayList<>();
        List<ProcessHandle> tree = new ArrayList<>();
        tree.add(root);
        root.descendants().forEach(tree::add);
        for (ProcessHandle p : tree) {
            String command = p.info().command().map(c -> Path.of(c).getFileName().toString()).orElse("?");
            for (long inode : socketInodes(p.pid())) {
                Endpoint e = listening.get(inode);
                if (e != null) {
                    out.add(new Listener(p.pid(), command, e.address(), e.port()));
                }
            }
        }
        return out;
    }

    record Endpoint(InetAddress address, int port) {
    }

    private static Map<Long, Endpoint> read(Path table) {
        Map<Long, Endpoint> out = new HashMap<>();
        if (!Files.exists(table)) {
            return out;
        }
        try {
            for (String line : Files.readAllLines(table)) {
                String[] f = line.trim().split("\\s+");
                if (f.length < 10 || !f[3].equals(LISTEN)) {
                    continue; // the header, or not listening
                }
                out.put(Long.parseLong(f[9]), parseEndpoint(f[1]));
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + table, e);
        }
        return out;
    }

    /**
     * {@code 0100007F:1F90} (IPv4) or 32 hex digits (IPv6): the address in 32-bit words, each in host (little-endian)
     * byte order; the port big-endian. An IPv4-mapped IPv6 address ({@code ::ffff:127.0.0.1}, what a Java socket
     * bound to 127.0.0.1 shows in tcp6) comes back as the IPv4 address.
     */
    static Endpoint parseEndpoint(String field) {
        String[] parts = field.split(":");
        String hex = parts[0];
        byte[] address = new byte[hex.length() / 2];
        for (int word = 0; word < address.length / 4; word++) {
            for (int b = 0; b < 4; b++) {
                int at = word * 8 + (3 - b) * 2;
                address[word * 4 + b] = (byte) Integer.parseInt(hex.substring(at, at + 2), 16);
            }
        }
        try {
            return new Endpoint(InetAddress.getByAddress(address), Integer.parseInt(parts[1], 16));
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("bad address " + field, e);
        }
    }

    private static List<Long> socketInodes(long pid) {
        List<Long> inodes = new ArrayList<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            fds.forEach(fd -> {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(Long.parseLong(target.substring(8, target.length() - 1)));
                    }
                } catch (IOException closedMeanwhile) {
                    // the descriptor was closed while listing
                }
            });
        } catch (IOException processGone) {
            // exited while listing: it holds nothing any more
        }
        return inodes;
    }
}
