package dev.iotstream.connect.mqtt.client;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.function.Function;

/**
 * One connection attempt over several server URIs: each URI in the configured order gets its own attempt (and its
 * own attempt timeout), so a server that hangs (accepts TCP, never answers CONNECT) costs one attempt timeout and
 * the next URI is still tried. Paho's own iteration over {@code setServerURIs} cannot give that: the client waits for
 * the whole list with one timeout, which a single hung server uses up.
 */
final class ServerFailover {
    private static final Logger log = LoggerFactory.getLogger(ServerFailover.class);
    private ServerFailover() {
    }

    /** Connects and subscribes to one server; on failure leaves the client disconnected, ready for the next URI. */
    interface Attempt {
        void connectTo(String uri) throws MqttConnectFailure;
    }

    /**
     * Tries the URIs in order until one connects. A fatal failure (rejected credentials) ends the attempt at once;
     * otherwise the failure names every URI with its reason.
     *
     * @param who describes the connection for a URI or a list of URIs, e.g. "MQTT 5 connection to X as client id 'c'"
     */
    static void connectToFirst(List<String> uris, Attempt attempt, Function<String, String> who)
            throws MqttConnectFailure {
        StringBuilder reasons = new StringBuilder();
        MqttConnectFailure last = null;
        for (int i = 0; i < uris.size(); i++) {
            String uri = uris.get(i);
            try {
                attempt.connectTo(uri);
                return;
            } catch (MqttConnectFailure e) {
                if (e.isFatal()) {
                    throw new MqttConnectFailure(who.apply(uri) + " failed: " + e.getMessage(), true, e.getCause());
                }
                reasons.append(reasons.length() == 0 ? "" : "; ").append(uris.size() > 1 ? uri + ": " : "")
                        .append(e.getMessage());
                last = e;
                if (i + 1 < uris.size()) {
                    log.warn("{} failed: {}; trying {}", who.apply(uri), e.getMessage(), uris.get(i + 1));
                }
            }
        }
        String target = uris.size() == 1 ? uris.get(0) : uris.toString();
        throw new MqttConnectFailure(who.apply(target) + " failed: " + reasons, false,
                last == null ? null : last.getCause());
    }
}
