package dev.iotstream.connect.transforms.util;

import org.apache.kafka.connect.errors.DataException;

import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Copy-on-write updates of schemaless values: the root map and every nested map on a changed path are copied,
 * so the input record's maps are never mutated. Missing intermediate maps are created.
 */
public final class MapUpdates {
    private MapUpdates() {
    }

    public static Map<String, Object> update(Map<?, ?> root, Map<String, ?> values) {
        Map<String, Object> copy = copy(root);
        Map<Object, Map<String, Object>> copies = new IdentityHashMap<>();
        values.forEach((path, value) -> put(copy, copies, path, value));
        return copy;
    }

    private static void put(Map<String, Object> root, Map<Object, Map<String, Object>> copies, String path,
                            Object value) {
        if (path.indexOf('.') < 0 || root.containsKey(path)) {
            root.put(path, value);
            return;
        }
        String[] segments = path.split("\\.");
        Map<String, Object> current = root;
        for (int i = 0; i < segments.length - 1; i++) {
            Object child = current.get(segments[i]);
            Map<String, Object> childCopy;
            if (child == null) {
                childCopy = new LinkedHashMap<>();
            } else if (child instanceof Map<?, ?> childMap) {
                childCopy = copies.get(child);
                if (childCopy == null) {
                    childCopy = copy(childMap);
                }
            } else {
                throw new DataException("field '" + segments[i] + "' of path '" + path + "' is a "
                        + child.getClass().getName() + ", not a map");
            }
            copies.put(childCopy, childCopy);
            current.put(segments[i], childCopy);
            current = childCopy;
        }
        current.put(segments[segments.length - 1], value);
    }

    private static Map<String, Object> copy(Map<?, ?> map) {
        Map<String, Object> copy = new LinkedHashMap<>(Math.max(16, map.size() * 2));
        map.forEach((k, v) -> copy.put(String.valueOf(k), v));
        return copy;
    }
}
