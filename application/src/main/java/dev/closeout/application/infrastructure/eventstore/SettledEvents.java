package dev.closeout.application.infrastructure.eventstore;

import org.axonframework.eventhandling.GenericDomainEventEntry;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The events read most recently by global index, held so that tracking processors reading the same stretch
 * of the store (every read model replaying at once, after a rebuild or an upgrade) read it from the store
 * fewer times than each on its own: the read models that keep within {@code capacity} events of each other share
 * one read (in a county's rebuild, each event was read 6-7 times instead of 12 with 16,384 held).
 * <p>
 * Only <em>settled</em> events are held: stamped longer ago than the gap timeout. Such an event is never taken
 * back (an append that fails removes its events within moments, and trackers already treat an index missing
 * behind an event that old as an append that failed), so a held copy is the stored event, on every server and
 * for every instance of the application. Newer events, what processors keeping up read, are not held; Axon's
 * own event store shares those between its tailing processors.
 * <p>
 * At most {@code capacity} events are held, those read least recently dropped first; 0 holds none.
 */
final class SettledEvents {

    private final int capacity;
    private final Map<Long, GenericDomainEventEntry<byte[]>> held;

    SettledEvents(int capacity) {
        this.capacity = capacity;
        this.held = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, GenericDomainEventEntry<byte[]>> eldest) {
                return size() > SettledEvents.this.capacity;
            }
        };
    }

    /** The held event at this global index, or null. */
    synchronized GenericDomainEventEntry<byte[]> get(long globalIndex) {
        return capacity == 0 ? null : held.get(globalIndex);
    }

    /** Holds an event the caller read from the store and found settled. */
    synchronized void put(long globalIndex, GenericDomainEventEntry<byte[]> event) {
        if (capacity > 0) {
            held.put(globalIndex, event);
        }
    }

    /** Forgets these indexes: an append of ours that failed removed what it had stored there. */
    synchronized void forget(Collection<Long> globalIndexes) {
        globalIndexes.forEach(held::remove);
    }
}
