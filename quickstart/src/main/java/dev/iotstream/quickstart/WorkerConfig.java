package dev.iotstream.quickstart;

import dev.iotstream.connect.testing.ConnectWorkerProcess;

import java.nio.file.Path;

/** The quickstart's Connect worker: a group of its own, plugins only from the unpacked archives. */
final class WorkerConfig {
    static final String GROUP = "iotstream-quickstart";

    private WorkerConfig() {
    }

    /**
     * Plugins only from the unpacked archives, so a run also proves the packaging. On the user's Kafka the worker
     * creates {@code iotstream-quickstart-configs/-offsets/-status} there (broker default replication factor).
     */
    static ConnectWorkerProcess.Builder worker(String bootstrapServers, Path pluginPath, String pluginDiscovery) {
        return ConnectWorkerProcess.builder(bootstrapServers)
                .groupId(GROUP)
                .pluginPath(pluginPath)
                .pluginDiscovery(pluginDiscovery);
    }
}
