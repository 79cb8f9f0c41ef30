package dev.closeout.projections.support;

import java.util.LinkedHashMap;
import java.util.Map;

/** What a read model holds between batches: the entries used last, at most a number of them. */
final class LastUsed {

    private LastUsed() {
    }

    /**
     * A map of at most {@code capacity} entries, the least recently read or written let go first; not thread-safe, as
     * {@link LinkedHashMap} is not.
     */
    static <K, V> Map<K, V> map(int capacity) {
        return new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > capacity;
            }
        };
    }
}
