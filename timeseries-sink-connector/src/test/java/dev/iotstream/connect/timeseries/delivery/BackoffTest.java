package dev.iotstream.connect.timeseries.delivery;

import dev.iotstream.connect.timeseries.write.FailureClassifier;
import dev.iotstream.connect.timeseries.write.FailureKind;
import org.junit.jupiter.api.Test;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class BackoffTest {
    @Test
    void growsExponentiallyWithJitterUpToTheMaximum() {
        RetryDeadline backoff = new RetryDeadline(100, 1000, 60_000);
        long[] ceilings = {100, 200, 400, 800, 1000, 1000};
        for (long ceiling : ceilings) {
            long delay = backoff.next(-1, 0);
            assertThat(delay).isBetween(ceiling / 2, ceiling);
        }
    }

    @Test
    void honoursRetryAfterAndGivesUpAtTheDeadline() {
        RetryDeadline backoff = new RetryDeadline(100, 1000, 10_000);
        assertThat(backoff.next(5000, 0)).isEqualTo(5000);
        assertThat(backoff.next(-1, 9_000)).isLessThanOrEqualTo(1001);
        assertThat(backoff.next(-1, 10_000)).isEqualTo(-1);
        backoff.reset();
        assertThat(backoff.next(-1, 50_000)).isPositive();
    }

    @Test
    void statusesAreClassified() {
        assertThat(FailureClassifier.kind(400)).isEqualTo(FailureKind.DATA);
        assertThat(FailureClassifier.kind(422)).isEqualTo(FailureKind.DATA);
        assertThat(FailureClassifier.kind(413)).isEqualTo(FailureKind.TOO_LARGE);
        for (int status : new int[]{0, 408, 429, 500, 502, 503, 504}) {
            assertThat(FailureClassifier.kind(status)).as("status " + status).isEqualTo(FailureKind.RETRIABLE);
        }
        for (int status : new int[]{401, 403, 404, 405}) {
            assertThat(FailureClassifier.kind(status)).as("status " + status).isEqualTo(FailureKind.CONFIGURATION);
        }
        assertThat(FailureClassifier.explain(401, "x")).contains("influx.token");
        assertThat(FailureClassifier.explain(403, "x")).contains("influx.token").contains("influx.bucket");
        assertThat(FailureClassifier.explain(404, "x")).contains("influx.bucket").contains("influx.org").contains("influx.url");
    }

    @Test
    void anHtmlDataErrorComesFromAProxyAndIsAConfigurationFailure() {
        Map<String, String> html = Map.of("Content-Type", "text/html; charset=utf-8");
        assertThat(FailureClassifier.kind(400, html)).isEqualTo(FailureKind.CONFIGURATION);
        assertThat(FailureClassifier.kind(422, Map.of("content-type", "TEXT/HTML"))).isEqualTo(FailureKind.CONFIGURATION);
        assertThat(FailureClassifier.explain(400, "https://x", html)).contains("client certificate")
                .contains("influx.ssl.keystore.location").contains("https://x");
        // A store's own answers (JSON, plain text) stay data errors; HTML 413/429/5xx keep their meaning.
        assertThat(FailureClassifier.kind(400, Map.of("Content-Type", "application/json"))).isEqualTo(FailureKind.DATA);
        assertThat(FailureClassifier.kind(400, Map.of("Content-Type", "text/plain"))).isEqualTo(FailureKind.DATA);
        assertThat(FailureClassifier.kind(400, null)).isEqualTo(FailureKind.DATA);
        assertThat(FailureClassifier.kind(413, html)).isEqualTo(FailureKind.TOO_LARGE);
        assertThat(FailureClassifier.kind(429, html)).isEqualTo(FailureKind.RETRIABLE);
        assertThat(FailureClassifier.kind(502, html)).isEqualTo(FailureKind.RETRIABLE);
        assertThat(FailureClassifier.explain(503, "https://x", html)).isEqualTo("HTTP 503 from https://x");
    }

    @Test
    void retryAfterInSecondsOrAsHttpDate() {
        assertThat(FailureClassifier.retryAfterMs(Map.of("Retry-After", "7"))).isEqualTo(7000);
        String inTenSeconds = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now().plusSeconds(10));
        assertThat(FailureClassifier.retryAfterMs(Map.of("retry-after", inTenSeconds))).isBetween(8000L, 10_000L);
        assertThat(FailureClassifier.retryAfterMs(Map.of())).isEqualTo(-1);
        assertThat(FailureClassifier.retryAfterMs(Map.of("Retry-After", "soon"))).isEqualTo(-1);
    }
}
