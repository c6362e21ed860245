package dev.iotstream.quickstart;

import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** The Connect worker's settings: for the embedded Kafka, and for a worker joining the user's own Kafka. */
final class WorkerConfig {
    private WorkerConfig() {
    }

    /** Plugins only from the unpacked archives, so a run also proves the packaging. */
    static Map<String, String> base(Path pluginPath, String pluginDiscovery) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("plugin.path", pluginPath.toString());
        p.put("plugin.discovery", pluginDiscovery);
        // The REST listener binds to 127.0.0.1; advertise that too, not the host name.
        p.put("rest.advertised.host.name", "127.0.0.1");
        return p;
    }

    /** A distributed worker of its own group on the user's Kafka (the embedded cluster sets these itself). */
    static Map<String, String> externalKafka(Map<String, String> base, String bootstrapServers) {
        Map<String, String> p = new LinkedHashMap<>(base);
        p.put("bootstrap.servers", bootstrapServers);
        p.put("listeners", "http://127.0.0.1:0");
        p.put("group.id", "iotstream-quickstart");
        p.put("config.storage.topic", "iotstream-quickstart-configs");
        p.put("offset.storage.topic", "iotstream-quickstart-offsets");
        p.put("status.storage.topic", "iotstream-quickstart-status");
        // -1: the broker's default replication factor, so this works on one broker and on a real cluster.
        p.put("config.storage.replication.factor", "-1");
        p.put("offset.storage.replication.factor", "-1");
        p.put("status.storage.replication.factor", "-1");
        p.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        p.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        p.put("offset.flush.interval.ms", "1000");
        return p;
    }

    /** The worker's REST listener binds to 127.0.0.1 but reports "localhost", which may resolve to ::1 first. */
    static String onLoopback(URI url) {
        return "localhost".equals(url.getHost()) ? url.toString().replaceFirst("//localhost", "//127.0.0.1") : url.toString();
    }
}
