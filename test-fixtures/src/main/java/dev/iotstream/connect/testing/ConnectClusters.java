package dev.iotstream.connect.testing;

import org.apache.kafka.connect.runtime.WorkerConfig;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;

import java.util.HashMap;
import java.util.Map;

/**
 * Real Kafka (KRaft) and Connect workers in the test JVM, set up the way every iotstream test needs them:
 * REST on 127.0.0.1, plugins found through META-INF/services, fast offset commits.
 */
public final class ConnectClusters {
    private ConnectClusters() {
    }

    public static EmbeddedConnectCluster start(String name) {
        return start(name, 1, Map.of());
    }

    public static EmbeddedConnectCluster start(String name, int workers, Map<String, String> extraWorkerProps) {
        Map<String, String> workerProps = new HashMap<>();
        workerProps.put("listeners", "http://127.0.0.1:0");
        workerProps.put(WorkerConfig.PLUGIN_DISCOVERY_CONFIG, "service_load");
        workerProps.put(WorkerConfig.OFFSET_COMMIT_INTERVAL_MS_CONFIG, "1000");
        workerProps.putAll(extraWorkerProps);
        EmbeddedConnectCluster cluster = new EmbeddedConnectCluster.Builder()
                .name(name)
                .numWorkers(workers)
                .numBrokers(1)
                .workerProps(workerProps)
                .build();
        cluster.start();
        return cluster;
    }
}
