package dev.iotstream.quickstart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

class PayloadFormatTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Reading READING =
            new Reading("site-2", "device-007", 1_732_486_000_123L, 42, 21.74, 48.21, 3.7149, -67, false);

    @Test
    void jsonCarriesEpochMillisAndTheMeasurements() throws Exception {
        String text = PayloadFormat.JSON.encodeToString(READING);
        assertThat(text).isEqualTo("{\"ts\": 1732486000123, \"seq\": 42, \"temperature\": 21.7, \"humidity\": 48.2, "
                + "\"battery\": 3.71, \"rssi\": -67}");
        JsonNode node = JSON.readTree(text);
        assertThat(node.get("ts").asLong()).isEqualTo(1_732_486_000_123L);
        assertThat(node.get("temperature").isDouble()).isTrue();
        assertThat(text.getBytes(StandardCharsets.UTF_8).length).isBetween(90, 300);
    }

    @Test
    void numbersUseADotWhateverTheDefaultLocale() throws Exception {
        Locale saved = Locale.getDefault();
        try {
            Locale.setDefault(Locale.GERMANY);
            JsonNode node = JSON.readTree(PayloadFormat.JSON.encode(READING));
            assertThat(node.get("temperature").asDouble()).isEqualTo(21.7);
            JSON.readTree(PayloadFormat.SENML.encode(READING));
        } finally {
            Locale.setDefault(saved);
        }
    }

    @Test
    void senmlIsAValidPackWithBaseNameBaseTimeInSecondsAndUnits() throws Exception {
        String text = PayloadFormat.SENML.encodeToString(READING);
        JsonNode pack = JSON.readTree(text);
        assertThat(pack.isArray()).isTrue();
        assertThat(pack).hasSize(3);
        assertThat(pack.get(0).get("bn").asText()).isEqualTo("urn:dev:iotstream:site-2:device-007:");
        assertThat(pack.get(0).get("bt").decimalValue()).isEqualByComparingTo("1732486000.123");
        assertThat(pack.get(0).get("n").asText()).isEqualTo("temperature");
        assertThat(pack.get(0).get("u").asText()).isEqualTo("Cel");
        assertThat(pack.get(0).get("v").asDouble()).isEqualTo(21.7);
        assertThat(pack.get(1).get("u").asText()).isEqualTo("%RH");
        assertThat(pack.get(2).get("v").asDouble()).isEqualTo(3.71);
        assertThat(text.length()).isBetween(100, 300);
    }

    @Test
    void senmlKeepsLeadingZerosOfTheMilliseconds() throws Exception {
        Reading r = new Reading("s", "d", 1_000_007L, 0, 20, 40, 3.9, -50, false);
        assertThat(JSON.readTree(PayloadFormat.SENML.encode(r)).get(0).get("bt").decimalValue())
                .isEqualByComparingTo("1000.007");
    }
}
