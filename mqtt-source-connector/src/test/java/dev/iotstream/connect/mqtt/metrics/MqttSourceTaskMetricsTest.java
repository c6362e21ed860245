package dev.iotstream.connect.mqtt.metrics;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two instances of one task overlapping in a rebalance, against the platform MBeanServer: the newer instance's
 * MBean must survive the older instance's late stop().
 */
class MqttSourceTaskMetricsTest {
    private static final MBeanServer SERVER = ManagementFactory.getPlatformMBeanServer();
    private static final String CONNECTOR = "metrics-overlap";
    private final ObjectName name = MqttSourceTaskMetrics.objectName(CONNECTOR, 3);

    @AfterEach
    void cleanUp() throws Exception {
        if (SERVER.isRegistered(name)) {
            SERVER.unregisterMBean(name);
        }
    }

    private static MqttSourceTaskMetrics metrics(long acknowledged, int inFlight, boolean connected) {
        return new MqttSourceTaskMetrics(() -> acknowledged, () -> inFlight, () -> connected);
    }

    @Test
    void olderInstanceStoppingLateLeavesTheNewerInstancesMBean() throws Exception {
        MqttSourceTaskMetrics a = metrics(10, 1, false);
        a.register(CONNECTOR, 3);
        a.messageReceived();
        assertThat(SERVER.getAttribute(name, "MessagesReceived")).isEqualTo(1L);

        MqttSourceTaskMetrics b = metrics(20, 2, true); // new instance starts before the old one stopped
        b.register(CONNECTOR, 3);
        b.messageReceived();
        b.messageReceived();
        b.reconnected();

        a.close(); // the old instance's stop() comes last
        assertThat(SERVER.isRegistered(name)).isTrue();
        assertThat(SERVER.getAttribute(name, "MessagesReceived")).isEqualTo(2L);
        assertThat(SERVER.getAttribute(name, "MessagesAcknowledged")).isEqualTo(20L);
        assertThat(SERVER.getAttribute(name, "MessagesInFlight")).isEqualTo(2);
        assertThat(SERVER.getAttribute(name, "Reconnects")).isEqualTo(1L);
        assertThat(SERVER.getAttribute(name, "Connected")).isEqualTo(true);

        b.close();
        assertThat(SERVER.isRegistered(name)).isFalse();
    }

    @Test
    void registersAllAttributesAndUnregistersOnClose() throws Exception {
        MqttSourceTaskMetrics m = metrics(5, 0, true);
        m.register(CONNECTOR, 3);
        m.recordsProduced(3);
        m.decodeFailure();
        m.skipped();
        m.qos0Dropped();
        m.qos0Dropped();
        assertThat(SERVER.getAttribute(name, "RecordsProduced")).isEqualTo(3L);
        assertThat(SERVER.getAttribute(name, "MessagesDropped")).isEqualTo(2L);
        assertThat(SERVER.getAttribute(name, "DecodeFailures")).isEqualTo(1L);
        assertThat(SERVER.getAttribute(name, "MessagesSkipped")).isEqualTo(1L);
        m.close();
        assertThat(SERVER.isRegistered(name)).isFalse();
        m.close();
    }
}
