package dev.iotstream.quickstart;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReadingGeneratorTest {

    @Test
    void devicesAreSpreadOverSitesWithStableNames() {
        ReadingGenerator g = new ReadingGenerator(10, 3, 0, 1, () -> 0L);
        assertThat(g.device(0)).isEqualTo("device-001");
        assertThat(g.device(9)).isEqualTo("device-010");
        Set<String> sites = new HashSet<>();
        for (int i = 0; i < 10; i++) {
            sites.add(g.site(i));
        }
        assertThat(sites).containsExactlyInAnyOrder("site-1", "site-2", "site-3");
        assertThat(new ReadingGenerator(12_345, 1, 0, 1, () -> 0L).device(0)).isEqualTo("device-00001");
    }

    @Test
    void outOfRangeShareMatchesThePercentageAndOnlyThoseExceedTheThreshold() {
        ReadingGenerator g = new ReadingGenerator(10, 3, 5.0, 7, () -> 1_000L);
        int outOfRange = 0;
        int n = 100_000;
        for (int i = 0; i < n; i++) {
            Reading r = g.next(i % 10);
            if (r.outOfRange()) {
                outOfRange++;
                assertThat(r.temperature()).isGreaterThanOrEqualTo(ReadingGenerator.ALERT_THRESHOLD_CELSIUS + 1);
            } else {
                assertThat(r.temperature()).isBetween(ReadingGenerator.MIN_NORMAL_CELSIUS,
                        ReadingGenerator.MAX_NORMAL_CELSIUS);
            }
            assertThat(r.humidity()).isBetween(5.0, 95.0);
            assertThat(r.battery()).isBetween(3.3, 4.2);
            assertThat(r.epochMillis()).isEqualTo(1_000L);
        }
        assertThat(outOfRange).isBetween(4_500, 5_500);
    }

    @Test
    void zeroPercentMeansNoAlerts() {
        ReadingGenerator g = new ReadingGenerator(3, 1, 0, 3, () -> 0L);
        for (int i = 0; i < 10_000; i++) {
            assertThat(g.next(i % 3).outOfRange()).isFalse();
        }
    }

    @Test
    void sequencesCountPerDeviceAndSeedsRepeat() {
        ReadingGenerator a = new ReadingGenerator(2, 1, 2, 99, () -> 5L);
        ReadingGenerator b = new ReadingGenerator(2, 1, 2, 99, () -> 5L);
        assertThat(a.next(0).sequence()).isZero();
        assertThat(a.next(1).sequence()).isZero();
        assertThat(a.next(0).sequence()).isEqualTo(1);
        b.next(0);
        b.next(1);
        assertThat(b.next(0)).isEqualTo(replay(99));
    }

    private static Reading replay(long seed) {
        ReadingGenerator g = new ReadingGenerator(2, 1, 2, seed, () -> 5L);
        g.next(0);
        g.next(1);
        return g.next(0);
    }

    @Test
    void rejectsMoreSitesThanDevices() {
        assertThatThrownBy(() -> new ReadingGenerator(2, 3, 0, 1, () -> 0L))
                .hasMessageContaining("sites=3 devices=2");
    }
}
