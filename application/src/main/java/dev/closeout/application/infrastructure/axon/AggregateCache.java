package dev.closeout.application.infrastructure.axon;

import org.axonframework.common.Registration;
import org.axonframework.common.caching.Cache;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

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
 * <p>
 * Every kind of aggregate shares the capacity, each through its own view ({@link #of(Class)}): an id names
 * one item of one kind, but a command sent to a task's address with a complaint's id must find no task, not
 * the complaint held under that id.
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

    /**
     * The aggregates of one kind, under their ids: a view of this cache whose keys are the kind's alone, for that
     * kind's repository.
     */
    public Cache of(Class<?> kind) {
        return new Kind(kind);
    }

    /** An aggregate's id within its kind, the key under which this cache holds it. */
    private record Held(Class<?> kind, Object id) {
    }

    /** One kind's view ({@link #of(Class)}): its ids, its entries, and its listeners told of them alone. */
    private final class Kind implements Cache {

        private final Class<?> kind;

        Kind(Class<?> kind) {
            this.kind = kind;
        }

        @Override
        public <K, V> V get(K key) {
            return AggregateCache.this.get(new Held(kind, key));
        }

        @Override
        public void put(Object key, Object value) {
            AggregateCache.this.put(new Held(kind, key), value);
        }

        @Override
        public boolean putIfAbsent(Object key, Object value) {
            return AggregateCache.this.putIfAbsent(new Held(kind, key), value);
        }

        @Override
        public boolean remove(Object key) {
            return AggregateCache.this.remove(new Held(kind, key));
        }

        @Override
        public void removeAll() {
            List<Object> keys;
            synchronized (AggregateCache.this) {
                keys = entries.keySet().stream().filter(key -> key instanceof Held held && held.kind() == kind).toList();
            }
            keys.forEach(AggregateCache.this::remove);
        }

        @Override
        public boolean containsKey(Object key) {
            return AggregateCache.this.containsKey(new Held(kind, key));
        }

        @Override
        public Registration registerCacheEntryListener(EntryListener listener) {
            return AggregateCache.this.registerCacheEntryListener(new EntryListenerAdapter() {
                @Override
                public void onEntryExpired(Object key) {
                    ifOurs(key, listener::onEntryExpired);
                }

                @Override
                public void onEntryRemoved(Object key) {
                    ifOurs(key, listener::onEntryRemoved);
                }

                @Override
                public void onEntryUpdated(Object key, Object value) {
                    ifOurs(key, id -> listener.onEntryUpdated(id, value));
                }

                @Override
                public void onEntryCreated(Object key, Object value) {
                    ifOurs(key, id -> listener.onEntryCreated(id, value));
                }

                @Override
                public void onEntryRead(Object key, Object value) {
                    ifOurs(key, id -> listener.onEntryRead(id, value));
                }
            });
        }

        private void ifOurs(Object key, Consumer<Object> told) {
            if (key instanceof Held held && held.kind() == kind) {
                told.accept(held.id());
            }
        }
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
