package dev.iotstream.connect.mqtt.ack;

import dev.iotstream.connect.mqtt.metrics.MqttSourceTaskMetrics;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class Qos0AdmissionTest {
    private final MqttSourceTaskMetrics metrics = new MqttSourceTaskMetrics(() -> 0, () -> 0, () -> true);

    @Test
    void waitsBoundedThenDropsCountedUntilSlotsAreReleased() throws Exception {
        Qos0Admission admission = new Qos0Admission(2, 100, metrics, "test");
        assertThat(admission.admit(() -> false, 0)).isTrue();
        assertThat(admission.admit(() -> false, 1)).isTrue();

        long start = System.nanoTime();
        assertThat(admission.admit(() -> false, 2)).as("no slot within the wait").isFalse();
        assertThat((System.nanoTime() - start) / 1_000_000).as("waited its bound first").isGreaterThanOrEqualTo(95);
        assertThat(metrics.getMessagesDropped()).isEqualTo(1);

        start = System.nanoTime();
        assertThat(admission.admit(() -> false, 2)).as("while dropping: at once").isFalse();
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(95);
        assertThat(metrics.getMessagesDropped()).isEqualTo(2);

        admission.release(1);
        assertThat(admission.admit(() -> false, 1)).as("a freed slot ends the dropping").isTrue();
        assertThat(admission.admit(() -> false, 2)).as("and the next full wait comes before a drop again").isFalse();
        assertThat(metrics.getMessagesDropped()).isEqualTo(3);
    }

    @Test
    void stoppingNeitherWaitsNorCountsADrop() throws Exception {
        Qos0Admission admission = new Qos0Admission(1, 60_000, metrics, "test");
        assertThat(admission.admit(() -> false, 0)).isTrue();
        long start = System.nanoTime();
        assertThat(admission.admit(() -> true, 1)).isFalse();
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(5_000);
        assertThat(metrics.getMessagesDropped()).isZero();
    }

    @Test
    void withoutKeepAliveAMessageWaitsForItsSlot() throws Exception {
        Qos0Admission admission = new Qos0Admission(1, Long.MAX_VALUE, metrics, "test");
        assertThat(admission.admit(() -> false, 0)).isTrue();
        Thread releaser = new Thread(() -> {
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                return;
            }
            admission.release(1);
        });
        releaser.start();
        assertThat(admission.admit(() -> false, 1)).isTrue();
        releaser.join();
        assertThat(metrics.getMessagesDropped()).isZero();
    }
}
