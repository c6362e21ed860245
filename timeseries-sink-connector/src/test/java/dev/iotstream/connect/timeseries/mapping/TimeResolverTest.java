package dev.iotstream.connect.timeseries.mapping;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TimeResolverTest {
    private static final long NANOS = 1_700_000_000_123_456_789L;

    private static long resolve(TimeUnitMode unit, Object value) {
        return new TimeResolver("t", unit, TimeFallback.FAIL, () -> 42L).epochNanos(new FlatRecord(Map.of("t", value), true), 5L);
    }

    @Test
    void autoDetectsEachUnitFromMagnitude() {
        assertThat(resolve(TimeUnitMode.AUTO, 1_700_000_000L)).isEqualTo(1_700_000_000_000_000_000L);
        assertThat(resolve(TimeUnitMode.AUTO, 1_700_000_000_123L)).isEqualTo(1_700_000_000_123_000_000L);
        assertThat(resolve(TimeUnitMode.AUTO, 1_700_000_000_123_456L)).isEqualTo(1_700_000_000_123_456_000L);
        assertThat(resolve(TimeUnitMode.AUTO, NANOS)).isEqualTo(NANOS);
        assertThat(resolve(TimeUnitMode.AUTO, 1_700_000_000.5)).isEqualTo(1_700_000_000_500_000_000L);
        assertThat(resolve(TimeUnitMode.AUTO, "1700000000123")).isEqualTo(1_700_000_000_123_000_000L);
    }

    @Test
    void explicitUnitsWin() {
        assertThat(resolve(TimeUnitMode.S, 1_700_000_000L)).isEqualTo(1_700_000_000_000_000_000L);
        assertThat(resolve(TimeUnitMode.MS, 1_700_000_000L)).isEqualTo(1_700_000_000_000_000L);
        assertThat(resolve(TimeUnitMode.US, 1_700_000_000_123_456L)).isEqualTo(1_700_000_000_123_456_000L);
        assertThat(resolve(TimeUnitMode.NS, NANOS)).isEqualTo(NANOS);
    }

    @Test
    void isoStrings() {
        assertThat(resolve(TimeUnitMode.AUTO, "2023-11-14T22:13:20.123456789Z")).isEqualTo(NANOS);
        assertThat(resolve(TimeUnitMode.AUTO, "2023-11-15T00:13:20.123456789+02:00")).isEqualTo(NANOS);
        assertThat(resolve(TimeUnitMode.AUTO, "2023-11-14T22:13:20.123456789")).isEqualTo(NANOS);
    }

    @Test
    void badTimesAreDataErrors() {
        assertThatThrownBy(() -> resolve(TimeUnitMode.AUTO, "yesterday")).isInstanceOf(MappingException.class)
                .hasMessageContaining("ISO-8601");
        assertThatThrownBy(() -> resolve(TimeUnitMode.NS, 1e30)).isInstanceOf(MappingException.class)
                .hasMessageContaining("range");
        assertThatThrownBy(() -> resolve(TimeUnitMode.S, Long.MAX_VALUE / 10)).isInstanceOf(MappingException.class);
        assertThatThrownBy(() -> resolve(TimeUnitMode.AUTO, true)).isInstanceOf(MappingException.class);
    }

    @Test
    void missingTimeNeverFallsBackToClockUnlessAsked() {
        TimeResolver strict = new TimeResolver("t", TimeUnitMode.AUTO, TimeFallback.FAIL, () -> 42L);
        assertThatThrownBy(() -> strict.epochNanos(new FlatRecord(Map.of(), true), 5L))
                .isInstanceOf(MappingException.class).hasMessageContaining("missing");
        TimeResolver recordTime = new TimeResolver("", TimeUnitMode.AUTO, TimeFallback.FAIL, () -> 42L);
        assertThat(recordTime.epochNanos(new FlatRecord(Map.of(), true), 5L)).isEqualTo(5_000_000L);
        assertThatThrownBy(() -> recordTime.epochNanos(new FlatRecord(Map.of(), true), null))
                .isInstanceOf(MappingException.class).hasMessageContaining("no Kafka timestamp");
        TimeResolver clock = new TimeResolver("", TimeUnitMode.AUTO, TimeFallback.WALL_CLOCK, () -> 42L);
        assertThat(clock.epochNanos(new FlatRecord(Map.of(), true), null)).isEqualTo(42_000_000L);
    }

    @Test
    void missingTimeFieldFallsBackToTheRecordTimestampBeforeTheClock() {
        FlatRecord noTime = new FlatRecord(Map.of("v", 1), true);
        TimeResolver recordTimestamp = new TimeResolver("t", TimeUnitMode.AUTO, TimeFallback.RECORD_TIMESTAMP, () -> 42L);
        assertThat(recordTimestamp.epochNanos(noTime, 5L)).isEqualTo(5_000_000L);
        assertThatThrownBy(() -> recordTimestamp.epochNanos(noTime, null)).isInstanceOf(MappingException.class)
                .hasMessageContaining("time field 't' is missing").hasMessageContaining("no Kafka timestamp");
        TimeResolver clock = new TimeResolver("t", TimeUnitMode.AUTO, TimeFallback.WALL_CLOCK, () -> 42L);
        assertThat(clock.epochNanos(noTime, 5L)).as("the record's own time before the clock").isEqualTo(5_000_000L);
        assertThat(clock.epochNanos(noTime, null)).isEqualTo(42_000_000L);
        assertThat(clock.epochNanos(new FlatRecord(Map.of("t", 7L), true), 5L)).as("the field wins")
                .isEqualTo(7_000_000_000L);
    }

    @Test
    void fallbackLabelsRoundTrip() {
        for (TimeFallback f : TimeFallback.values()) {
            assertThat(TimeFallback.fromLabel(f.label().toUpperCase(java.util.Locale.ROOT))).isEqualTo(f);
        }
        assertThatThrownBy(() -> TimeFallback.fromLabel("clock")).isInstanceOf(IllegalArgumentException.class);
    }
}
