package dev.closeout.application.infrastructure.eventstore;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.eventhandling.GenericTrackedDomainEventMessage;
import org.axonframework.eventhandling.GenericTrackedEventMessage;
import org.axonframework.eventhandling.TrackedDomainEventData;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;

import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
 * Readers that ask for the same stretch at the same moment share one read too ({@link #claim}): the light read
 * models of a replay wait at the head of the convoy and are let go together, and each used to read the next stretch
 * from the store before any had held it (each event read three times of twelve in a county's rebuild). A reader
 * asking for indexes another is reading from the store waits for that read and takes what it held.
 * <p>
 * At most {@code capacity} events are held, those read least recently dropped first; 0 holds none.
 */
final class SettledEvents {

    /** How long a reader waits for another's read of the same indexes before reading them itself. */
    private static final long WAIT_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final int capacity;
    private final Map<Long, Held> held;
    /** The reads from the store in flight, by the indexes each is reading. */
    private final Map<Long, Read> reading = new ConcurrentHashMap<>();
    private final AtomicInteger waiting = new AtomicInteger();

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

    /**
     * What a reader about to read these indexes from the store is to do: of those not held, the ones no other
     * reader is reading now are its own to read ({@link Claim#toRead()}), and it must {@link Claim#release()} them
     * once read (and held, when settled); for the others it {@link Claim#awaitOthers() waits} for the reads in flight
     * and reads itself only what they did not hold. A reader never waits while it holds a claim of its own
     * unreleased, so no two readers wait for each other.
     */
    Claim claim(Collection<Long> globalIndexes) {
        Claim claim = new Claim();
        for (Long globalIndex : globalIndexes) {
            Held found = get(globalIndex);
            if (found != null) {
                claim.held.put(globalIndex, found);
            } else if (capacity == 0) {
                claim.toRead.add(globalIndex);
            } else {
                Read other = reading.putIfAbsent(globalIndex, claim.read);
                if (other == null) {
                    claim.toRead.add(globalIndex);
                } else {
                    claim.others.computeIfAbsent(other, read -> new ArrayList<>()).add(globalIndex);
                }
            }
        }
        return claim;
    }

    /** How many readers are waiting for another's read now, for tests. */
    int waiting() {
        return waiting.get();
    }

    /** A read from the store in flight. */
    private static final class Read {

        private final CountDownLatch done = new CountDownLatch(1);
    }

    /** What one reader holds, reads and waits for, of the indexes it asked for. */
    final class Claim {

        private final Read read = new Read();
        private final Map<Long, Held> held = new LinkedHashMap<>();
        private final List<Long> toRead = new ArrayList<>();
        private final Map<Read, List<Long>> others = new IdentityHashMap<>();

        /** The indexes asked for that were held when claimed. */
        Map<Long, Held> held() {
            return held;
        }

        /** The indexes this reader is to read from the store. */
        List<Long> toRead() {
            return toRead;
        }

        /** Ends this reader's read of {@link #toRead()}: readers waiting for it go on. */
        void release() {
            toRead.forEach(globalIndex -> reading.remove(globalIndex, read));
            read.done.countDown();
        }

        /**
         * Waits for the other readers' reads of the indexes asked for, and returns those they did not hold (an
         * event younger than the gap timeout, one dropped since, none stored there, or a read that failed or took
         * too long), for this reader to read itself; adds the held ones to {@link #held()}.
         */
        List<Long> awaitOthers() {
            List<Long> left = new ArrayList<>();
            long deadline = System.nanoTime() + WAIT_NANOS;
            for (Map.Entry<Read, List<Long>> other : others.entrySet()) {
                if (!awaitRead(other.getKey(), deadline)) {
                    left.addAll(other.getValue());
                    continue;
                }
                for (Long globalIndex : other.getValue()) {
                    Held found = get(globalIndex);
                    if (found != null) {
                        held.put(globalIndex, found);
                    } else {
                        left.add(globalIndex);
                    }
                }
            }
            return left;
        }

        private boolean awaitRead(Read other, long deadline) {
            waiting.incrementAndGet();
            try {
                return other.done.await(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            } finally {
                waiting.decrementAndGet();
            }
        }
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
