package dev.iotstream.connect.timeseries.mapping;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * A read-only, insertion-ordered map of flattened paths to scalars, refilled for every record by
 * {@link JsonFlattener}: two arrays instead of a hash map's nodes, because the per-record maps of the JSON
 * paths were a large share of the task thread's allocations. Lookups scan the keys (records have a handful of
 * fields; keys from Jackson's symbol table are usually the same instances, so {@code ==} hits first); wide
 * records get a hash index. Valid only until the next record: the mapper reads it and lets it go. Iterating
 * hands out one reused entry object per iterator, so entries must not be kept past the next step.
 */
final class FlatValues extends AbstractMap<String, Object> {
    /** Beyond this many keys a linear scan costs more than a hash index. */
    private static final int INDEX_FROM = 16;
    /** A huge record must not pin huge arrays for the task's lifetime. */
    private static final int MAX_RETAINED = 1024;
    private String[] keys = new String[16];
    private Object[] values = new Object[16];
    /**
     * Where a Double's JSON text lies in {@link #source} when that text is exactly what the line protocol writes
     * for it (length 0: no such text; see {@link #setDecimal}).
     */
    private int[] textFrom = new int[16];
    private int[] textLength = new int[16];
    private byte[] source;
    private int size;
    private Map<String, Integer> index;
    /** One bit per key set since clear0, chosen by the key's hash: a clear bit proves the key is not here. */
    private long seenHashBits;
    private final Set<Entry<String, Object>> entries = new Entries();

    void clear0() {
        if (keys.length > MAX_RETAINED) {
            keys = new String[16];
            values = new Object[16];
            textFrom = new int[16];
            textLength = new int[16];
        }
        // No clearing of the slots (it was 7% of the mapping's samples): reads stop at size and set() overwrites,
        // so the last record's few values are merely kept reachable until the next record replaces them.
        size = 0;
        index = null;
        seenHashBits = 0;
    }

    /** Adds or replaces (a later duplicate path keeps the first position, like a LinkedHashMap). */
    void set(String key, Object value) {
        // Not textLength[slot(...)]: the array reference would be read before slot() may grow it.
        int at = slot(key, value);
        textLength[at] = 0;
    }

    /**
     * {@link #set} a decimal read from {@code json[from, to)}, a text {@link LineProtocol#appendFloat} would write
     * for {@code value} character for character (the reader checks that), so the mapper copies it instead of
     * formatting the double again.
     */
    void setDecimal(String key, Double value, byte[] json, int from, int to) {
        int at = slot(key, value);
        source = json;
        textFrom[at] = from;
        textLength[at] = to - from;
    }

    /** Appends the JSON text of the value at {@code index} when it has one (see {@link #setDecimal}). */
    boolean appendDecimalText(StringBuilder out, int index) {
        int length = textLength[index];
        if (length == 0) {
            return false;
        }
        byte[] json = source;
        for (int i = textFrom[index], end = i + length; i < end; i++) {
            out.append((char) json[i]);
        }
        return true;
    }

    Object valueAt(int index) {
        return values[index];
    }

    /** Adds or replaces; returns the slot. */
    private int slot(String key, Object value) {
        // A key whose hash bit is not set yet is new: no scan of the keys before it. Duplicates are rare, and the
        // scan per key (quadratic in the record's width) was a tenth of the task thread's samples.
        long bit = 1L << (key.hashCode() & 63);
        if ((seenHashBits & bit) != 0) {
            int at = indexOf(key);
            if (at >= 0) {
                values[at] = value;
                return at;
            }
        }
        seenHashBits |= bit;
        if (size == keys.length) {
            keys = Arrays.copyOf(keys, size * 2);
            values = Arrays.copyOf(values, size * 2);
            textFrom = Arrays.copyOf(textFrom, size * 2);
            textLength = Arrays.copyOf(textLength, size * 2);
        }
        keys[size] = key;
        values[size] = value;
        if (index != null) {
            index.put(key, size);
        } else if (size + 1 > INDEX_FROM) {
            index = new HashMap<>(size * 4);
            for (int i = 0; i <= size; i++) {
                index.put(keys[i], i);
            }
        }
        return size++;
    }

    /** The position of {@code key}, or -1. */
    int indexOf(Object key) {
        if (index != null) {
            Integer at = index.get(key);
            return at == null ? -1 : at;
        }
        if (key == null) {
            return -1;
        }
        // Strings cache their hash, so comparing it first leaves one equals() per lookup instead of one per key.
        int hash = key.hashCode();
        for (int i = 0; i < size; i++) {
            String k = keys[i];
            if (k == key || (k.hashCode() == hash && k.equals(key))) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public Object get(Object key) {
        int at = indexOf(key);
        return at < 0 ? null : values[at];
    }

    @Override
    public boolean containsKey(Object key) {
        return indexOf(key) >= 0;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
        return entries;
    }

    /**
     * The entry handed out by the iterator, valid until its next call (enough for every caller here: the
     * mapper, copying into another map, toString); entries are never kept.
     */
    private static final class Cursor implements Entry<String, Object> {
        private String key;
        private Object value;

        @Override
        public String getKey() {
            return key;
        }

        @Override
        public Object getValue() {
            return value;
        }

        @Override
        public Object setValue(Object value) {
            throw new UnsupportedOperationException("read-only");
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Entry<?, ?> e && java.util.Objects.equals(key, e.getKey())
                    && java.util.Objects.equals(value, e.getValue());
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hashCode(key) ^ java.util.Objects.hashCode(value);
        }

        @Override
        public String toString() {
            return key + "=" + value;
        }
    }

    private final class Entries extends AbstractSet<Entry<String, Object>> {
        @Override
        public int size() {
            return size;
        }

        @Override
        public Iterator<Entry<String, Object>> iterator() {
            return new Iterator<>() {
                private int next;
                /** One entry per iteration, refilled by next(): the mapper reads key and value at once. */
                private final Cursor cursor = new Cursor();

                @Override
                public boolean hasNext() {
                    return next < size;
                }

                @Override
                public Entry<String, Object> next() {
                    if (next >= size) {
                        throw new NoSuchElementException();
                    }
                    int at = next++;
                    cursor.key = keys[at];
                    cursor.value = values[at];
                    return cursor;
                }
            };
        }
    }
}
