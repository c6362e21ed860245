package dev.iotstream.connect.mqtt.client;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * One connection attempt over several server URIs: each URI gets its own attempt (and its own attempt timeout), so
 * a server that hangs (accepts TCP, never answers CONNECT) costs one attempt timeout and the next URI is still
 * tried. Paho's own iteration over {@code setServerURIs} cannot give that: the client waits for the whole list with
 * one timeout, which a single hung server uses up.
 * <p>
 * A round starts at the URI that connected last ({@link #attemptOrder}): after a failover the task goes back to the
 * server that worked, instead of paying a whole attempt timeout on a hung first URI at every reconnect. One instance
 * per client, so a fresh task starts at the first URI.
 */
final class ServerFailover {
    private static final Logger log = LoggerFactory.getLogger(ServerFailover.class);

    private final List<String> uris;
    // only touched from connect(), which the adapter calls under its own lock (one supervisor thread anyway)
    private String lastConnected;

    ServerFailover(List<String> uris) {
        if (uris.isEmpty()) {
            throw new IllegalArgumentException("no server URIs");
        }
        this.uris = List.copyOf(uris);
    }

    /** Connects and subscribes to one server; on failure leaves the client disconnected, ready for the next URI. */
    interface Attempt {
        void connectTo(String uri) throws MqttConnectFailure;
    }

    /**
     * The order of one round: {@code lastConnected} first, then the URIs after it in list order, wrapping around to
     * the start of the list; each URI once. With nothing connected yet (or a URI not in the list), the list order.
     */
    static List<String> attemptOrder(List<String> uris, String lastConnected) {
        int start = lastConnected == null ? -1 : uris.indexOf(lastConnected);
        if (start <= 0) {
            return uris;
        }
        List<String> order = new ArrayList<>(uris.size());
        order.addAll(uris.subList(start, uris.size()));
        order.addAll(uris.subList(0, start));
        return order;
    }

    /**
     * Tries the URIs in {@link #attemptOrder} until one connects. A fatal failure (rejected credentials) ends the
     * round at once; otherwise the failure names every URI with its reason.
     *
     * @param who describes the connection for a URI or a list of URIs, e.g. "MQTT 5 connection to X as client id 'c'"
     * @return the URI that connected
     */
    String connect(Attempt attempt, Function<String, String> who) throws MqttConnectFailure {
        List<String> order = attemptOrder(uris, lastConnected);
        StringBuilder reasons = new StringBuilder();
        MqttConnectFailure last = null;
        for (int i = 0; i < order.size(); i++) {
            String uri = order.get(i);
            try {
                attempt.connectTo(uri);
                lastConnected = uri;
                return uri;
            } catch (MqttConnectFailure e) {
                if (e.isFatal()) {
                    throw new MqttConnectFailure(who.apply(uri) + " failed: " + e.getMessage(), true, e.getCause());
                }
                reasons.append(reasons.length() == 0 ? "" : "; ").append(order.size() > 1 ? uri + ": " : "")
                        .append(e.getMessage());
                last = e;
                if (i + 1 < order.size()) {
                    log.warn("{} failed: {}; trying {}", who.apply(uri), e.getMessage(), order.get(i + 1));
                }
            }
        }
        String target = order.size() == 1 ? order.get(0) : order.toString();
        throw new MqttConnectFailure(who.apply(target) + " failed: " + reasons, false,
                last == null ? null : last.getCause());
    }
}
