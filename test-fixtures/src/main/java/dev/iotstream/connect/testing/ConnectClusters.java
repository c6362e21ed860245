package dev.iotstream.connect.testing;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.connect.runtime.WorkerConfig;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

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

    /**
     * Creates a topic and returns once the broker serves every partition's leader. The test kit's createTopic returns
     * when the controller has the topic; a producer that starts before the broker caught up got NOT_LEADER_OR_FOLLOWER
     * and then, idempotent, an OutOfOrderSequenceException (seen on a loaded 2-core machine).
     */
    public static void createTopic(EmbeddedConnectCluster connect, String topic, int partitions) {
        connect.kafka().createTopic(topic, partitions);
        long deadline = System.currentTimeMillis() + 60_000;
        try (Admin admin = connect.kafka().createAdminClient()) {
            while (true) {
                try {
                    TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
                    List<TopicPartitionInfo> infos = description.partitions();
                    if (infos.size() == partitions && infos.stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty())) {
                        return;
                    }
                } catch (ExecutionException notYetKnown) {
                    // UnknownTopicOrPartition until the broker has the metadata: keep waiting
                }
                if (System.currentTimeMillis() > deadline) {
                    throw new IllegalStateException("topic " + topic + " has no leader for every partition after 60 s");
                }
                Thread.sleep(50);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for topic " + topic, e);
        }
    }
}
