package dev.iotstream.connect.mqtt.sparkplug;

import java.util.LinkedHashMap;
import java.util.Map;

/** A least-recently-used map with a size cap, for schemas built per shape. Poll thread only. */
final class BoundedCache<K, V> extends LinkedHashMap<K, V> {
    private final int capacity;

    BoundedCache(int capacity) {
        super(16, 0.75f, true);
        this.capacity = capacity;
    }

    @Override
    protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
        return size() > capacity;
    }
}
