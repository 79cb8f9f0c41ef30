package dev.closeout.application.infrastructure.eventstore;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The hash of the last event this instance read or appended of each of the items it worked on
 * lately, so that the next append to one of them need not read its predecessor back from the store.
 * <p>
 * Only ever a stored event's own hash under its own sequence number: an event, once stored, never
 * changes. The one exception, an append that failed half way and whose events are deleted again, is
 * forgotten by the engine. An aggregate's load reads its events again and remembers what it read,
 * so an instance that shares the store with others appends after what it just read, as it did when
 * it read the predecessor at every append.
 */
final class LastHashes {

    private record Last(long sequenceNumber, String hash) {
    }

    private final int capacity;
    private final Map<String, Last> last;

    LastHashes(int capacity) {
        this.capacity = capacity;
        this.last = new LinkedHashMap<>(Math.min(capacity, 1 << 16), 0.75f, true);
    }

    /** Remembers event {@code sequenceNumber} of the aggregate unless a later one is remembered. */
    synchronized void remember(String aggregate, long sequenceNumber, String hash) {
        if (hash == null) {
            return;
        }
        Last known = last.get(aggregate);
        if (known == null || known.sequenceNumber() <= sequenceNumber) {
            last.put(aggregate, new Last(sequenceNumber, hash));
            if (last.size() > capacity) {
                last.remove(last.keySet().iterator().next());
            }
        }
    }

    /** The hash of event {@code sequenceNumber} of the aggregate if it is the last one remembered; else null. */
    synchronized String hashOf(String aggregate, long sequenceNumber) {
        Last known = last.get(aggregate);
        return known != null && known.sequenceNumber() == sequenceNumber ? known.hash() : null;
    }

    synchronized void forget(String aggregate) {
        last.remove(aggregate);
    }
}
