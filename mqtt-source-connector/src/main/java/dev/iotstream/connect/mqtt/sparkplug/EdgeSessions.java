package dev.iotstream.connect.mqtt.sparkplug;

import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the BIRTH certificates taught: per edge node and per device, alias -> (name, datatype) and name ->
 * datatype, plus the node's bdSeq and last seq. Bounded by {@link SparkplugSettings}: least recently seen edge
 * nodes and devices are forgotten first. Forgetting is safe: the next DATA by alias from a forgotten session is an
 * unknown alias, which becomes a failure and a rebirth request, never a guessed name. Poll thread only.
 */
final class EdgeSessions {
    /** A metric a BIRTH defined; the record key and boxed alias are made once here, not per DATA metric. */
    record Definition(String name, int datatype, Long alias, String key) {
    }

    static final class Scope {
        /** {@code group/edge_node/device/} (device empty for the node itself): metric keys start with it. */
        final String keyPrefix;
        final AliasTable<Definition> byAlias = new AliasTable<>();
        final Map<String, Integer> datatypes = new HashMap<>();
        // The last message shape seen in this scope (message output): DATA messages mostly repeat it.
        String[] lastShapeNames;
        Object lastShapeSchema;

        Scope(String keyPrefix) {
            this.keyPrefix = keyPrefix;
        }

        int entries() {
            return byAlias.size() + datatypes.size();
        }
    }

    static final class Node {
        final String edgeKey;
        final Scope scope;
        final LinkedHashMap<String, Scope> devices = new LinkedHashMap<>(16, 0.75f, true);
        Long bdSeq;
        int lastSeq = -1;

        Node(String edgeKey) {
            this.edgeKey = edgeKey;
            this.scope = new Scope(edgeKey + "//");
        }
    }

    private final SparkplugSettings settings;
    private final LinkedHashMap<String, Node> nodes = new LinkedHashMap<>(16, 0.75f, true);
    private long entries;
    private long forgottenNodes;
    private long forgottenDevices;

    EdgeSessions(SparkplugSettings settings) {
        this.settings = settings;
    }

    Node node(String key) {
        return nodes.get(key);
    }

    Node nodeOrCreate(String key) {
        Node node = nodes.get(key);
        if (node == null) {
            node = new Node(key);
            nodes.put(key, node);
            evictNodesOver(settings.maxEdgeNodes(), node);
        }
        return node;
    }

    /** A new session for the node: everything learned before (its devices too) is dropped. */
    Node birthNode(String key) {
        removeNode(key);
        Node node = nodeOrCreate(key);
        return node;
    }

    Scope device(Node node, String device) {
        return node.devices.get(device);
    }

    Scope birthDevice(Node node, String device) {
        removeDevice(node, device);
        Scope scope = new Scope(node.edgeKey + "/" + device + "/");
        node.devices.put(device, scope);
        if (node.devices.size() > settings.maxDevicesPerEdgeNode()) {
            Iterator<Map.Entry<String, Scope>> eldest = node.devices.entrySet().iterator();
            entries -= eldest.next().getValue().entries();
            eldest.remove();
            forgottenDevices++;
        }
        return scope;
    }

    void removeNode(String key) {
        Node node = nodes.remove(key);
        if (node != null) {
            entries -= node.scope.entries();
            node.devices.values().forEach(d -> entries -= d.entries());
        }
    }

    void removeDevice(Node node, String device) {
        Scope scope = node.devices.remove(device);
        if (scope != null) {
            entries -= scope.entries();
        }
    }

    /**
     * Remembers an alias (may be null) and the name's datatype, making room by forgetting other edge nodes.
     * False when it does not fit even then.
     */
    boolean learn(Node owner, Scope scope, Long alias, String name, int datatype) {
        int added = (alias == null || scope.byAlias.containsKey(alias) ? 0 : 1)
                + (scope.datatypes.containsKey(name) ? 0 : 1);
        while (entries + added > settings.maxAliases()) {
            if (!evictEldestOtherThan(owner)) {
                return false;
            }
        }
        if (alias != null) {
            scope.byAlias.put(alias, new Definition(name, datatype, alias, scope.keyPrefix + name));
        }
        scope.datatypes.put(name, datatype);
        entries += added;
        return true;
    }

    private void evictNodesOver(int limit, Node keep) {
        while (nodes.size() > limit && evictEldestOtherThan(keep)) {
            // loop
        }
    }

    private boolean evictEldestOtherThan(Node keep) {
        for (Map.Entry<String, Node> e : nodes.entrySet()) {
            if (e.getValue() != keep) {
                removeNode(e.getKey());
                forgottenNodes++;
                return true;
            }
        }
        return false;
    }

    int nodeCount() {
        return nodes.size();
    }

    long entries() {
        return entries;
    }

    long forgottenNodes() {
        return forgottenNodes;
    }

    long forgottenDevices() {
        return forgottenDevices;
    }
}
