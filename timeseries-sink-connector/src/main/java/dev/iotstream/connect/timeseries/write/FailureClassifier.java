package dev.iotstream.connect.timeseries.write;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;

/** Maps an HTTP status (0 = no response) to a {@link FailureKind} and a message that names the setting to fix. */
public final class FailureClassifier {
    private FailureClassifier() {
    }

    public static FailureKind kind(int status) {
        if (status == 0 || status == 408 || status == 429 || status >= 500) {
            return FailureKind.RETRIABLE;
        }
        if (status == 400 || status == 422) {
            return FailureKind.DATA;
        }
        if (status == 413) {
            return FailureKind.TOO_LARGE;
        }
        return FailureKind.CONFIGURATION;
    }

    /**
     * Like {@link #kind(int)}, but a 400/422 that comes as an HTML page is a configuration failure: stores answer
     * bad lines in JSON or plain text, while an HTML error page comes from a proxy or web server in front of the
     * store (e.g. nginx's 400 for a missing client certificate). Splitting the batch would only send every record
     * to the dead letter queue.
     */
    public static FailureKind kind(int status, Map<String, String> headers) {
        FailureKind kind = kind(status);
        return kind == FailureKind.DATA && isHtml(headers) ? FailureKind.CONFIGURATION : kind;
    }

    /** Like {@link #explain(int, String)}, naming the likely cause of an HTML 400/422 (see {@link #kind(int, Map)}). */
    public static String explain(int status, String target, Map<String, String> headers) {
        if (kind(status, headers) == FailureKind.CONFIGURATION && kind(status) == FailureKind.DATA) {
            return "HTTP " + status + " from " + target + " as an HTML page: a proxy or web server in front of the "
                    + "store refused the request before the store's write API saw it; behind https this usually means "
                    + "it requires a client certificate (set influx.ssl.keystore.location, .password and .type)";
        }
        return explain(status, target);
    }

    public static boolean isHtml(Map<String, String> headers) {
        String type = header(headers, "content-type");
        return type != null && type.toLowerCase(Locale.ROOT).startsWith("text/html");
    }

    private static String header(Map<String, String> headers, String name) {
        if (headers == null) {
            return null;
        }
        return headers.entrySet().stream().filter(e -> name.equalsIgnoreCase(e.getKey()))
                .map(Map.Entry::getValue).findFirst().orElse(null);
    }

    public static String explain(int status, String target) {
        return switch (status) {
            case 401 -> "HTTP 401 from " + target + ": the store rejected the credentials; check influx.token "
                    + "(InfluxDB 1.8: 'user:password')";
            case 403 -> "HTTP 403 from " + target + ": influx.token has no write permission on influx.bucket";
            case 404 -> "HTTP 404 from " + target + ": influx.bucket or influx.org does not exist, or influx.url "
                    + "has a wrong path (it must be the server's base URL, without /api/v2/write)";
            case 405 -> "HTTP 405 from " + target + ": the store has no write endpoint there; influx.url must be the "
                    + "server's base URL (without /api/v2/write), check its path";
            case 0 -> "no response from " + target + " (connection refused, reset or timed out); check influx.url "
                    + "and that the store is up";
            default -> "HTTP " + status + " from " + target;
        };
    }

    /** Retry-After in seconds or as an HTTP date; -1 when absent or unreadable. */
    public static long retryAfterMs(Map<String, String> headers) {
        if (headers == null) {
            return -1;
        }
        String value = header(headers, "retry-after");
        if (value == null || value.isBlank()) {
            return -1;
        }
        try {
            return Math.max(0, Long.parseLong(value.trim()) * 1000);
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime when = ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME);
                return Math.max(0, Duration.between(ZonedDateTime.now(when.getZone()), when).toMillis());
            } catch (RuntimeException e) {
                return -1;
            }
        }
    }
}
