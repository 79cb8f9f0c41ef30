package dev.closeout.application.infrastructure.eventstore;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.eventhandling.GenericTrackedDomainEventMessage;
import org.axonframework.eventhandling.GenericTrackedEventMessage;
import org.axonframework.eventhandling.TrackedDomainEventData;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

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
 * A held event is also turned into its message once ({@link Held#messages}), its payload deserialized by the first
 * processor that needs it, and that message handed to every processor reading it, each under its own token: twelve
 * read models replaying together deserialized each event twelve times.
 * <p>
 * At most {@code capacity} events are held, those read least recently dropped first; 0 holds none.
 */
final class SettledEvents {

    private final int capacity;
    private final Map<Long, Held> held;

    SettledEvents(int capacity) {
        this.capacity = capacity;
        this.held = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, Held> eldest) {
                return size() > SettledEvents.this.capacity;
            }
        };
    }

    /** The held event at this global index, or null. */
    synchronized Held get(long globalIndex) {
        return capacity == 0 ? null : held.get(globalIndex);
    }

    /** Holds an event the caller read from the store and found settled. */
    synchronized Held put(long globalIndex, GenericDomainEventEntry<byte[]> event) {
        if (capacity == 0) {
            return null;
        }
        Held entry = new Held(event);
        held.put(globalIndex, entry);
        return entry;
    }

    /** Forgets these indexes: an append of ours that failed removed what it had stored there. */
    synchronized void forget(Collection<Long> globalIndexes) {
        globalIndexes.forEach(held::remove);
    }

    /** An event held: as stored, and, once a processor has asked for it, its message without a token. */
    static final class Held {

        private final GenericDomainEventEntry<byte[]> entry;
        private volatile List<? extends EventMessage<?>> messages;

        Held(GenericDomainEventEntry<byte[]> entry) {
            this.entry = entry;
        }

        GenericDomainEventEntry<byte[]> entry() {
            return entry;
        }

        /**
         * The event's messages under {@code token}: the first caller turns the stored event into messages with
         * {@code read} (payload deserialized on first use), and every caller gets those same messages
         * under its own token. Two callers at once may both read it; the messages are the same either way.
         */
        List<TrackedEventMessage<?>> messages(TrackingToken token,
                                              Supplier<List<? extends EventMessage<?>>> read) {
            List<? extends EventMessage<?>> known = messages;
            if (known == null) {
                known = read.get();
                messages = known;
            }
            return known.stream().<TrackedEventMessage<?>>map(message -> withToken(token, message)).toList();
        }

        @SuppressWarnings({"unchecked", "rawtypes"})
        private static TrackedEventMessage<?> withToken(TrackingToken token, EventMessage<?> message) {
            return message instanceof DomainEventMessage domain
                    ? new GenericTrackedDomainEventMessage(token, domain)
                    : new GenericTrackedEventMessage(token, message);
        }
    }

    /** A settled event handed to a tracking processor, with what is held of it. */
    static final class HeldEventData extends TrackedDomainEventData<byte[]> {

        private final Held held;

        HeldEventData(TrackingToken token, Held held) {
            super(token, held.entry());
            this.held = held;
        }

        Held held() {
            return held;
        }
    }
}
