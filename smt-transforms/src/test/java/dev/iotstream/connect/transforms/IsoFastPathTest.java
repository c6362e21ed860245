package dev.iotstream.connect.transforms;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAccessor;

import static org.assertj.core.api.Assertions.assertThat;

/** The fast path agrees with java.time's ISO_DATE_TIME on every form it takes, and declines everything else. */
class IsoFastPathTest {
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    @ParameterizedTest
    @ValueSource(strings = {"2024-05-01T12:00:00Z", "2024-05-01T12:00:00.1Z", "2024-05-01T12:00:00.123456789Z",
            "2024-05-01T12:00:00.999+02:00", "2024-05-01T12:00:00-05:30", "2024-02-29T23:59:59.5z",
            "1969-12-31T23:59:59.999Z", "2024-05-01T12:00:00", "2024-03-31T02:30:00", "2024-10-27T02:30:00.250",
            "2024-05-01t12:00:00Z"})
    void agreesWithJavaTime(String text) {
        assertThat(IsoFastPath.parse(text, BERLIN)).isEqualTo(javaTime(text, BERLIN));
        assertThat(IsoFastPath.parse(text, ZoneId.of("UTC"))).isEqualTo(javaTime(text, ZoneId.of("UTC")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2024-05-01T12:00:00+0200", "2024-05-01T12:00:00+02"})
    void compactOffsets(String text) {
        assertThat(IsoFastPath.parse(text, BERLIN)).isEqualTo(1_714_557_600_000L);
    }

    @ParameterizedTest
    @ValueSource(strings = {"2024-05-01", "2024-05-01T12:00", "2024-05-01 12:00:00Z", "2024-13-01T12:00:00Z",
            "2024-02-30T12:00:00Z", "2024-05-01T24:00:00Z", "2024-05-01T12:00:00.Z", "2024-05-01T12:00:00.1234567891Z",
            "2024-05-01T12:00:00+02:00[Europe/Berlin]", "2024-05-01T12:00:00X", "+2024-05-01T12:00:00Z",
            "2024-05-01T12:00:00+2:00"})
    void declinesOtherForms(String text) {
        assertThat(IsoFastPath.parse(text, BERLIN)).isNull();
    }

    private static Long javaTime(String text, ZoneId zone) {
        try {
            TemporalAccessor parsed = DateTimeFormatter.ISO_DATE_TIME.parseBest(text, OffsetDateTime::from,
                    LocalDateTime::from);
            return parsed instanceof OffsetDateTime odt ? odt.toInstant().toEpochMilli()
                    : ((LocalDateTime) parsed).atZone(zone).toInstant().toEpochMilli();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
