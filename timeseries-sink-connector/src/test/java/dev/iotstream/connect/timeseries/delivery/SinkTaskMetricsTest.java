package dev.iotstream.connect.timeseries.delivery;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two instances of one sink task overlapping in a rebalance, against the platform MBeanServer: the newer instance's
 * MBean must survive the older instance's late stop().
 */
class SinkTaskMetricsTest {
    private static final MBeanServer SERVER = ManagementFactory.getPlatformMBeanServer();
    private static final String CONNECTOR = "sink-metrics-overlap";
    private final ObjectName name;

    SinkTaskMetricsTest() throws Exception {
        name = SinkTaskMetrics.objectName(CONNECTOR, 1);
    }

    @AfterEach
    void cleanUp() throws Exception {
        if (SERVER.isRegistered(name)) {
            SERVER.unregisterMBean(name);
        }
    }

    @Test
    void olderInstanceStoppingLateLeavesTheNewerInstancesMBean() throws Exception {
        SinkTaskMetrics a = new SinkTaskMetrics();
        a.register(CONNECTOR, 1, () -> 7);
        a.batchWritten(100, 1_000_000, null);
        assertThat(SERVER.getAttribute(name, "PointsWritten")).isEqualTo(100L);

        SinkTaskMetrics b = new SinkTaskMetrics(); // new instance starts before the old one stopped
        b.register(CONNECTOR, 1, () -> 3);
        b.batchWritten(5, 2_000_000, null);
        b.retry();

        a.close(); // the old instance's stop() comes last
        assertThat(SERVER.isRegistered(name)).isTrue();
        assertThat(SERVER.getAttribute(name, "PointsWritten")).isEqualTo(5L);
        assertThat(SERVER.getAttribute(name, "BufferedRecords")).isEqualTo(3);
        assertThat(SERVER.getAttribute(name, "WriteRetries")).isEqualTo(1L);
        assertThat(SERVER.getAttribute(name, "WriteLatencyMaxMs")).isEqualTo(2.0);

        b.close();
        assertThat(SERVER.isRegistered(name)).isFalse();
    }
}
