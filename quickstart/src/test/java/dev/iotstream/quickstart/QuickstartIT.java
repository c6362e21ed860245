package dev.iotstream.quickstart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's quickstart, for a bounded time: Kafka + a Connect worker loading the plugins from the built
 * archives, HiveMQ CE, QuestDB, the pipeline installed over REST, simulated devices. Asserts from the progress
 * counters and from QuestDB itself that every published reading and every routed alert arrived.
 * Needs the plugin archives: in the reactor build they are packaged before this module runs.
 */
class QuickstartIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void telemetryAndRoutedAlertsArriveInQuestDb() throws Exception {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(new Tee(System.out, captured), true, StandardCharsets.UTF_8);
        QuickstartOptions options = QuickstartOptions.parse("--devices", "5", "--rate", "25", "--duration", "15",
                "--out-of-range-percent", "8", "--progress-interval", "1");
        try (Quickstart quickstart = Quickstart.start(options, out)) {
            Progress last = quickstart.run();
            SimulatorStats sim = last.simulator();

            assertThat(sim.failed()).isZero();
            assertThat(sim.published()).isBetween(300L, 400L);
            assertThat(sim.outOfRangePublished()).isPositive();
            // Every reading reached Kafka, every out-of-range one was routed to iot.alerts (at-least-once: the
            // counters may exceed, never fall short).
            assertThat(last.kafkaTotal()).isGreaterThanOrEqualTo(sim.published());
            assertThat(last.kafkaAlerts()).isGreaterThanOrEqualTo(sim.outOfRangePublished());
            assertThat(last.storeTelemetry().orElseThrow()).isGreaterThanOrEqualTo(sim.published());
            assertThat(last.storeAlerts().orElseThrow()).isGreaterThanOrEqualTo(sim.outOfRangePublished());

            // Counted without duplicates (each device publishes at most one reading per millisecond): nothing lost,
            // and exactly the out-of-range readings are alerts.
            String store = quickstart.storeUrl();
            assertThat(scalar(store, "select count() from (select distinct device, timestamp from telemetry)"))
                    .isEqualTo(sim.published());
            assertThat(scalar(store, "select count() from (select distinct device, timestamp from alerts)"))
                    .isEqualTo(sim.outOfRangePublished());
            assertThat(scalar(store, "select count() from alerts where temperature <= "
                    + ReadingGenerator.ALERT_THRESHOLD_CELSIUS)).isZero();
            assertThat(scalar(store, "select count() from (select distinct device, timestamp from telemetry where "
                    + "temperature > " + ReadingGenerator.ALERT_THRESHOLD_CELSIUS + ")"))
                    .isEqualTo(sim.outOfRangePublished());
            assertThat(scalar(store, "select count_distinct(device) from telemetry")).isEqualTo(5);
            assertThat(scalar(store, "select count_distinct(site) from telemetry")).isEqualTo(3);
            // Times come from the payload's ts (epoch ms), so they are recent, not 1970 and not the future.
            long now = System.currentTimeMillis();
            long newest = scalar(store, "select cast(max(timestamp) as long) / 1000 from telemetry");
            assertThat(newest).isBetween(now - 300_000, now + 1_000);
        }
        String printed = captured.toString(StandardCharsets.UTF_8);
        assertThat(printed).contains("Worker loaded from the archives").contains("in store").contains("Summary:")
                .contains("alerts back over MQTT on alerts/{site}/{device}")
                .contains("Connect REST");
    }

    private static long scalar(String questDbUrl, String sql) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                questDbUrl + "/exec?query=" + URLEncoder.encode(sql, StandardCharsets.UTF_8))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode body = JSON.readTree(response.body());
        return body.path("dataset").path(0).path(0).asLong();
    }

    private static final class Tee extends OutputStream {
        private final OutputStream a;
        private final OutputStream b;

        Tee(OutputStream a, OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public void write(int x) throws java.io.IOException {
            a.write(x);
            b.write(x);
        }

        @Override
        public void write(byte[] buf, int off, int len) throws java.io.IOException {
            a.write(buf, off, len);
            b.write(buf, off, len);
        }

        @Override
        public void flush() throws java.io.IOException {
            a.flush();
            b.flush();
        }
    }
}
