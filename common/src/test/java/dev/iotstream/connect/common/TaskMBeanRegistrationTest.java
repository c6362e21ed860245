package dev.iotstream.connect.common;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Against the real platform MBeanServer: two instances of one task overlapping, as in a Connect rebalance. */
class TaskMBeanRegistrationTest {
    private static final MBeanServer SERVER = ManagementFactory.getPlatformMBeanServer();
    private final ObjectName name = name("overlap");

    public interface ProbeMBean {
        String getOwner();
    }

    public static final class Probe implements ProbeMBean {
        private final String owner;

        Probe(String owner) {
            this.owner = owner;
        }

        @Override
        public String getOwner() {
            return owner;
        }
    }

    private static ObjectName name(String task) {
        try {
            return new ObjectName("dev.iotstream.test:type=task-mbean-registration,task=" + task);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private Object owner() throws Exception {
        return SERVER.getAttribute(name, "Owner");
    }

    @AfterEach
    void cleanUp() throws Exception {
        if (SERVER.isRegistered(name)) {
            SERVER.unregisterMBean(name);
        }
    }

    @Test
    void registersAndUnregisters() throws Exception {
        TaskMBeanRegistration a = TaskMBeanRegistration.register(name, new Probe("a"), ProbeMBean.class);
        assertThat(a.replacedEarlier()).isFalse();
        assertThat(a.isRegistered()).isTrue();
        assertThat(owner()).isEqualTo("a");
        a.close();
        assertThat(SERVER.isRegistered(name)).isFalse();
        assertThat(a.isRegistered()).isFalse();
        a.close(); // twice is harmless
    }

    @Test
    void stopOfTheOlderInstanceLeavesTheNewerOnesMBean() throws Exception {
        TaskMBeanRegistration a = TaskMBeanRegistration.register(name, new Probe("a"), ProbeMBean.class);
        TaskMBeanRegistration b = TaskMBeanRegistration.register(name, new Probe("b"), ProbeMBean.class);
        assertThat(b.replacedEarlier()).isTrue();
        assertThat(a.isRegistered()).isFalse();
        assertThat(owner()).isEqualTo("b");

        a.close(); // the old instance's late stop()
        assertThat(SERVER.isRegistered(name)).isTrue();
        assertThat(owner()).isEqualTo("b");
        assertThat(b.isRegistered()).isTrue();

        b.close();
        assertThat(SERVER.isRegistered(name)).isFalse();
    }

    @Test
    void replacesAnMBeanLeftByCodeThatDoesNotUseThisClass() throws Exception {
        SERVER.registerMBean(new Probe("stale"), name);
        TaskMBeanRegistration b = TaskMBeanRegistration.register(name, new Probe("b"), ProbeMBean.class);
        assertThat(b.replacedEarlier()).isTrue();
        assertThat(owner()).isEqualTo("b");
        b.close();
        assertThat(SERVER.isRegistered(name)).isFalse();
    }

    @Test
    void closeAfterSomeoneElseUnregisteredIsHarmless() throws Exception {
        TaskMBeanRegistration a = TaskMBeanRegistration.register(name, new Probe("a"), ProbeMBean.class);
        SERVER.unregisterMBean(name);
        assertThat(a.isRegistered()).isFalse();
        a.close();
        assertThat(SERVER.isRegistered(name)).isFalse();
    }

    /** The new instance's start and the old instance's stop at the same moment, many times: the new one survives. */
    @Test
    void concurrentStartOfNewAndStopOfOldInstance() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int i = 0; i < 2000; i++) {
                TaskMBeanRegistration old = TaskMBeanRegistration.register(name, new Probe("old-" + i), ProbeMBean.class);
                CyclicBarrier together = new CyclicBarrier(2);
                String newer = "new-" + i;
                Future<TaskMBeanRegistration> start = pool.submit(() -> {
                    together.await();
                    return TaskMBeanRegistration.register(name, new Probe(newer), ProbeMBean.class);
                });
                Future<?> stop = pool.submit(() -> {
                    together.await();
                    old.close();
                    return null;
                });
                stop.get(10, TimeUnit.SECONDS);
                TaskMBeanRegistration started = start.get(10, TimeUnit.SECONDS);
                assertThat(SERVER.isRegistered(name)).as("iteration %d", i).isTrue();
                assertThat(owner()).as("iteration %d", i).isEqualTo(newer);
                started.close();
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
