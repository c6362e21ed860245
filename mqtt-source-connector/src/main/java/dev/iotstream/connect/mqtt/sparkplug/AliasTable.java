package dev.iotstream.connect.mqtt.sparkplug;

import java.util.Arrays;

/**
 * alias -> definition, open addressing on primitive longs: the lookup every DATA metric makes, without boxing the
 * alias. Entries are only added; a new BIRTH replaces the whole table.
 */
final class AliasTable<V> {
    private long[] keys = new long[16];
    private Object[] values = new Object[16];
    private int size;

    @SuppressWarnings("unchecked")
    V get(long alias) {
        int mask = keys.length - 1;
        for (int i = slot(alias, mask); ; i = (i + 1) & mask) {
            Object v = values[i];
            if (v == null) {
                return null;
            }
            if (keys[i] == alias) {
                return (V) v;
            }
        }
    }

    /** Adds or replaces; the value must not be null. */
    void put(long alias, V value) {
        if ((size + 1) * 2 > keys.length) {
            grow();
        }
        int mask = keys.length - 1;
        for (int i = slot(alias, mask); ; i = (i + 1) & mask) {
            if (values[i] == null) {
                keys[i] = alias;
                values[i] = value;
                size++;
                return;
            }
            if (keys[i] == alias) {
                values[i] = value;
                return;
            }
        }
    }

    boolean containsKey(long alias) {
        return get(alias) != null;
    }

    int size() {
        return size;
    }

    private static int slot(long alias, int mask) {
        long h = alias * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32)) & mask;
    }

    @SuppressWarnings("unchecked")
    private void grow() {
        long[] oldKeys = keys;
        Object[] oldValues = values;
        keys = new long[oldKeys.length * 2];
        values = new Object[oldValues.length * 2];
        size = 0;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldValues[i] != null) {
                put(oldKeys[i], (V) oldValues[i]);
            }
        }
        Arrays.fill(oldValues, null);
    }
}
