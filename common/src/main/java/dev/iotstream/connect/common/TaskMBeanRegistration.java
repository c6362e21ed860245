package dev.iotstream.connect.common;

import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import javax.management.StandardMBean;
import java.lang.management.ManagementFactory;

/**
 * The JMX registration of one task instance's metrics, safe when two instances of the same task overlap.
 * <p>
 * During a rebalance Connect can start the new instance of a task before the old instance's {@code stop()} has run.
 * Both use the same ObjectName (connector and task index). The newest instance wins: {@link #register} replaces
 * whatever is registered under the name, and {@link #close} unregisters the name only while it is still this
 * instance's registration, so a late {@code stop()} of the old instance no longer removes the new one's MBean.
 * <p>
 * "Still ours" is known from the MBean itself: JMX calls {@code postDeregister} on the registered object whenever it
 * is removed, whoever removes it. Check-and-unregister and replace-and-register run under one lock, the platform
 * MBeanServer object: it is the one object the old and the new instance share even when they were loaded by
 * different plugin class loaders (a static lock would not be), and JMX itself never locks it.
 */
public final class TaskMBeanRegistration implements AutoCloseable {
    private final MBeanServer server;
    private final ObjectName name;
    private final boolean replacedEarlier;
    private volatile boolean registered;

    private <T> TaskMBeanRegistration(MBeanServer server, ObjectName name, T implementation, Class<T> mbeanInterface)
            throws JMException {
        this.server = server;
        this.name = name;
        StandardMBean mbean = new StandardMBean(implementation, mbeanInterface, false) {
            @Override
            public void postDeregister() {
                super.postDeregister();
                registered = false; // removed by our close() or replaced by a newer instance of the task
            }
        };
        synchronized (server) {
            boolean existed = server.isRegistered(name);
            if (existed) {
                server.unregisterMBean(name); // an overlapping older instance, or one that never stopped cleanly
            }
            server.registerMBean(mbean, name);
            registered = true;
            replacedEarlier = existed;
        }
    }

    /** The one JMX domain of every iotstream plugin. */
    public static final String DOMAIN = "dev.iotstream.connect";

    /**
     * The one naming scheme of every plugin's task metrics: {@code dev.iotstream.connect:type=<type>,connector=<name,
     * quoted>,task=<index>}, e.g. type {@code mqtt-source-task}, {@code mqtt-sink-task}, {@code timeseries-sink-task}
     * (the Prometheus exporter rules in the distribution match on it).
     */
    public static ObjectName taskObjectName(String type, String connector, int task) {
        try {
            return new ObjectName(DOMAIN + ":type=" + type + ",connector=" + ObjectName.quote(connector) + ",task="
                    + task);
        } catch (MalformedObjectNameException e) {
            throw new IllegalArgumentException("cannot name the MBean of task " + task + " of " + connector, e);
        }
    }

    /**
     * Registers {@code implementation} (which implements {@code mbeanInterface}) under {@code name} in the platform
     * MBeanServer, replacing an earlier registration under that name.
     */
    public static <T> TaskMBeanRegistration register(ObjectName name, T implementation, Class<T> mbeanInterface)
            throws JMException {
        return new TaskMBeanRegistration(ManagementFactory.getPlatformMBeanServer(), name, implementation,
                mbeanInterface);
    }

    public ObjectName name() {
        return name;
    }

    /** Whether registering replaced an MBean another instance had left under the same name. */
    public boolean replacedEarlier() {
        return replacedEarlier;
    }

    /** Whether the name still refers to this registration (false once closed or replaced by a newer instance). */
    public boolean isRegistered() {
        return registered;
    }

    /** Unregisters the name if it is still this registration; does nothing if a newer instance has taken it. */
    @Override
    public void close() {
        synchronized (server) {
            if (!registered) {
                return;
            }
            try {
                server.unregisterMBean(name);
            } catch (JMException e) {
                // removed behind our back by code that does not use this class: nothing of ours left to remove
            } finally {
                registered = false;
            }
        }
    }
}
