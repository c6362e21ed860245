package dev.iotstream.connect.mqtt.client;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** Broker URI rules: the schemes Paho supports, an explicit host, a port in range. */
public final class ServerUris {
    public static final Set<String> SCHEMES = Set.of("tcp", "ssl", "ws", "wss");
    public static final Set<String> TLS_SCHEMES = Set.of("ssl", "wss");

    private ServerUris() {
    }

    public static Optional<String> problem(String uri) {
        if (uri == null || uri.isBlank()) {
            return Optional.of("a server URI must not be empty");
        }
        URI parsed;
        try {
            parsed = new URI(uri.strip());
        } catch (URISyntaxException e) {
            return Optional.of("'" + uri + "' is not a valid URI: " + e.getMessage());
        }
        String scheme = parsed.getScheme() == null ? null : parsed.getScheme().toLowerCase(Locale.ROOT);
        if (scheme == null || !SCHEMES.contains(scheme)) {
            return Optional.of("'" + uri + "' must start with tcp://, ssl://, ws:// or wss://");
        }
        if (parsed.getHost() == null || parsed.getHost().isEmpty()) {
            return Optional.of("'" + uri + "' has no host (expected e.g. tcp://broker.example.com:1883)");
        }
        if (parsed.getPort() > 65535) {
            return Optional.of("'" + uri + "' has a port outside 1-65535");
        }
        if ((scheme.equals("tcp") || scheme.equals("ssl")) && parsed.getPath() != null && !parsed.getPath().isEmpty()
                && !parsed.getPath().equals("/")) {
            return Optional.of("'" + uri + "' has a path; only ws:// and wss:// URIs may have one");
        }
        return Optional.empty();
    }

    public static boolean isTls(String uri) {
        String lower = uri.strip().toLowerCase(Locale.ROOT);
        return lower.startsWith("ssl://") || lower.startsWith("wss://");
    }

    /** MQTT over TLS without WebSocket framing. */
    public static boolean isSsl(String uri) {
        return uri.strip().toLowerCase(Locale.ROOT).startsWith("ssl://");
    }

    public static boolean isPlainTcp(String uri) {
        return uri.strip().toLowerCase(Locale.ROOT).startsWith("tcp://");
    }
}
