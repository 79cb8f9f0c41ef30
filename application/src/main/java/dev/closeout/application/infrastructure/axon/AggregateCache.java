package dev.closeout.application.infrastructure.axon;

import org.axonframework.common.Registration;
import org.axonframework.common.caching.Cache;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The aggregates that commands loaded or changed last, so that the next command to one of them
 * neither reads its events back nor replays them: Axon's caching repository takes an aggregate from
 * here, puts it back when its command commits and removes it when the command fails.
 * <p>
 * Only one process may append to the items it holds: a command answered from a copy that another
 * instance has since moved past is refused as a concurrent change. So it is on by default only for
 * the embedded store, which one process holds ({@code closeout.aggregate-cache.size}).
 * <p>
 * Least recently used first out, {@code capacity} entries at most. Axon calls it under the
 * aggregate's lock, so two commands never share an entry; the map itself is guarded here.
 */
public final class AggregateCache implements Cache {

    private final int capacity;
    private final Map<Object, Object> entries;
    private final List<EntryListener> listeners = new CopyOnWriteArrayList<>();

    public AggregateCache(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive: " + capacity);
        }
        this.capacity = capacity;
        this.entries = new LinkedHashMap<>(Math.min(capacity, 1 << 16), 0.75f, true);
    }

    /** How many aggregates are held now. */
    public synchronized int size() {
        return entries.size();
    }

    @Override
    @SuppressWarnings("unchecked")
    public <K, V> V get(K key) {
        Object value;
        synchronized (this) {
            value = entries.get(key);
        }
        if (value != null) {
            listeners.forEach(listener -> listener.onEntryRead(key, value));
        }
        return (V) value;
    }

    @Override
    public void put(Object key, Object value) {
        Object before;
        Object evicted;
        synchronized (this) {
            before = entries.put(key, value);
            evicted = evictEldest();
        }
        listeners.forEach(listener -> {
            if (before == null) {
                listener.onEntryCreated(key, value);
            } else {
                listener.onEntryUpdated(key, value);
            }
        });
        expired(evicted);
    }

    @Override
    public boolean putIfAbsent(Object key, Object value) {
        Object evicted;
        synchronized (this) {
            if (entries.putIfAbsent(key, value) != null) {
                return false;
            }
            evicted = evictEldest();
        }
        listeners.forEach(listener -> listener.onEntryCreated(key, value));
        expired(evicted);
        return true;
    }

    @Override
    public boolean remove(Object key) {
        boolean removed;
        synchronized (this) {
            removed = entries.remove(key) != null;
        }
        if (removed) {
            listeners.forEach(listener -> listener.onEntryRemoved(key));
        }
        return removed;
    }

    @Override
    public void removeAll() {
        List<Object> keys;
        synchronized (this) {
            keys = List.copyOf(entries.keySet());
            entries.clear();
        }
        keys.forEach(key -> listeners.forEach(listener -> listener.onEntryRemoved(key)));
    }

    @Override
    public synchronized boolean containsKey(Object key) {
        return entries.containsKey(key);
    }

    @Override
    public Registration registerCacheEntryListener(EntryListener listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    /** The key of the least recently used entry, removed if there are more than {@code capacity}; else null. */
    private Object evictEldest() {
        if (entries.size() <= capacity) {
            return null;
        }
        Iterator<Object> eldest = entries.keySet().iterator();
        Object key = eldest.next();
        eldest.remove();
        return key;
    }

    private void expired(Object evicted) {
        if (evicted != null) {
            listeners.forEach(listener -> listener.onEntryExpired(evicted));
        }
    }
}
