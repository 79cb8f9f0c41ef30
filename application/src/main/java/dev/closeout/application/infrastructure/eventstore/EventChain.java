package dev.closeout.application.infrastructure.eventstore;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.UpdateOneModel;
import org.bson.Document;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import static dev.closeout.application.infrastructure.eventstore.MongoEventStorageEngine.AGGREGATE_IDENTIFIER;
import static dev.closeout.application.infrastructure.eventstore.MongoEventStorageEngine.AGGREGATE_KEY;
import static dev.closeout.application.infrastructure.eventstore.MongoEventStorageEngine.EVENT_IDENTIFIER;
import static dev.closeout.application.infrastructure.eventstore.MongoEventStorageEngine.GLOBAL_INDEX;
import static dev.closeout.application.infrastructure.eventstore.MongoEventStorageEngine.SEQUENCE_NUMBER;
import static dev.closeout.application.infrastructure.eventstore.MongoEventStorageEngine.aggregateKey;

/**
 * The hash chain of every aggregate's events ({@link ChainHash}), and the exact-key reads that the
 * audit (sealing, digests, verification) makes of the event store.
 * <p>
 * An event's hash is a pure function of its aggregate's events up to it, so it can be computed by
 * anyone at any time and always comes out the same: at append time for new events, at the seal for
 * events stored before hashes were kept, and again by verification. An event whose predecessor is
 * not stored (sequence 0, or a gap) chains to {@link ChainHash#GENESIS}; verification reports the gap.
 */
public final class EventChain {

    /** The event document's field holding its chain hash. */
    public static final String HASH = "hash";
    /**
     * The hash the event was chained to, kept beside its own so that verification can tell an event
     * edited in place from one whose predecessor was replaced or moved.
     */
    public static final String PREVIOUS_HASH = "previousHash";

    private static final int BACKWARD_BATCH = 100;
    private static final int ID_BATCH = 10_000;
    /** Items whose last hash is remembered: a county's open items, about 1.5 MB. */
    private static final int REMEMBERED_ITEMS = 10_000;

    private final MongoCollection<Document> events;
    private final LongSupplier highestAllocatedIndex;
    private final long lowestGlobalIndex;
    private final LastHashes lastHashes = new LastHashes(REMEMBERED_ITEMS);

    EventChain(MongoCollection<Document> events, LongSupplier highestAllocatedIndex, long lowestGlobalIndex) {
        this.events = events;
        this.highestAllocatedIndex = highestAllocatedIndex;
        this.lowestGlobalIndex = lowestGlobalIndex;
    }

    /**
     * Sets the hash of each document of one append, in memory: the append stays one write. The
     * previous hash of an aggregate comes from the append's own earlier event, from the last event of it
     * this instance read or appended ({@link LastHashes}), or from the last event already stored, read by
     * exact key; two appends racing for one aggregate take the same predecessor, and the unique aggregate
     * key refuses the second of them, as without hashes.
     */
    void link(List<Document> appended) {
        Map<String, Document> latest = new HashMap<>();
        Map<String, String> known = new HashMap<>();
        Set<String> predecessors = new LinkedHashSet<>();
        for (Document document : appended) {
            String aggregate = document.getString(AGGREGATE_IDENTIFIER);
            long sequenceNumber = document.getLong(SEQUENCE_NUMBER);
            Document before = latest.put(aggregate, document);
            if (sequenceNumber > 0 && (before == null || before.getLong(SEQUENCE_NUMBER) != sequenceNumber - 1)) {
                String key = aggregateKey(aggregate, sequenceNumber - 1);
                String remembered = lastHashes.hashOf(aggregate, sequenceNumber - 1);
                if (remembered != null) {
                    known.put(key, remembered);
                } else {
                    predecessors.add(key);
                }
            }
        }
        Map<String, Document> stored = predecessors.isEmpty() ? Map.of() : storedByKey(predecessors);
        Map<String, Document> previousInAppend = new HashMap<>();
        for (Document document : appended) {
            String aggregate = document.getString(AGGREGATE_IDENTIFIER);
            long sequenceNumber = document.getLong(SEQUENCE_NUMBER);
            Document before = previousInAppend.put(aggregate, document);
            String previous;
            if (before != null && before.getLong(SEQUENCE_NUMBER) == sequenceNumber - 1) {
                previous = before.getString(HASH);
            } else {
                String key = aggregateKey(aggregate, sequenceNumber - 1);
                previous = known.containsKey(key) ? known.get(key) : previousHash(stored.get(key));
            }
            document.put(PREVIOUS_HASH, previous);
            document.put(HASH, ChainHash.of(document).chainedTo(previous));
        }
    }

    /** An event of an aggregate stored, read or just appended: the next append to it may chain to it unread. */
    void remember(Document event) {
        String aggregate = event.getString(AGGREGATE_IDENTIFIER);
        if (!aggregate.equals(event.getString(EVENT_IDENTIFIER))) {
            lastHashes.remember(aggregate, sequenceOf(event), event.getString(HASH));
        }
    }

    /** The aggregates of an append that failed: what was remembered of them may name an event deleted again. */
    void forget(List<Document> appended) {
        appended.forEach(document -> lastHashes.forget(document.getString(AGGREGATE_IDENTIFIER)));
    }

    private String previousHash(Document predecessor) {
        if (predecessor == null) {
            return ChainHash.GENESIS;
        }
        String hash = predecessor.getString(HASH);
        return hash != null ? hash : hashOf(predecessor.getString(AGGREGATE_IDENTIFIER),
                                            predecessor.getLong(SEQUENCE_NUMBER));
    }

    /**
     * The hash of event {@code sequenceNumber} of the aggregate: as stored, or, for an event stored
     * before the store was sealed and not sealed yet, computed from the events before it (read back
     * by exact keys to the nearest hashed one).
     */
    public String hashOf(String aggregateIdentifier, long sequenceNumber) {
        List<Document> unhashed = new ArrayList<>();
        String base = null;
        long upTo = sequenceNumber;
        while (base == null) {
            long from = Math.max(0, upTo - BACKWARD_BATCH + 1);
            Map<Long, Document> found = new HashMap<>();
            for (Document document : aggregateEvents(aggregateIdentifier, from, (int) (upTo - from + 1))) {
                found.put(document.getLong(SEQUENCE_NUMBER), document);
            }
            for (long s = upTo; s >= from && base == null; s--) {
                Document document = found.get(s);
                if (document == null) {
                    base = ChainHash.GENESIS;
                } else if (document.getString(HASH) != null) {
                    base = document.getString(HASH);
                } else {
                    unhashed.add(document);
                }
            }
            if (base == null && from == 0) {
                base = ChainHash.GENESIS;
            }
            upTo = from - 1;
        }
        String hash = base;
        for (int i = unhashed.size() - 1; i >= 0; i--) {
            hash = ChainHash.of(unhashed.get(i)).chainedTo(hash);
        }
        return hash;
    }

    /** Events {@code from .. from + count - 1} of an aggregate, as stored, by exact key; in no particular order. */
    public List<Document> aggregateEvents(String aggregateIdentifier, long from, int count) {
        List<String> keys = new ArrayList<>(count);
        for (long s = from; s < from + count; s++) {
            keys.add(aggregateKey(aggregateIdentifier, s));
        }
        List<Document> found = new ArrayList<>(count);
        events.find(new Document(AGGREGATE_KEY, new Document("$in", keys))).forEach(found::add);
        return found;
    }

    /** The stored events with these aggregate keys, by key. */
    public Map<String, Document> storedByKey(Collection<String> aggregateKeys) {
        Map<String, Document> found = new HashMap<>();
        events.find(new Document(AGGREGATE_KEY, new Document("$in", new ArrayList<>(aggregateKeys))))
              .forEach(document -> found.put(document.getString(AGGREGATE_KEY), document));
        return found;
    }

    /** The hashes of the stored events with these aggregate keys, by key (null for one stored without a hash). */
    public Map<String, String> storedHashes(Collection<String> aggregateKeys) {
        Map<String, String> found = new HashMap<>();
        events.find(new Document(AGGREGATE_KEY, new Document("$in", new ArrayList<>(aggregateKeys))))
              .projection(new Document(AGGREGATE_KEY, 1).append(HASH, 1))
              .forEach(document -> found.put(document.getString(AGGREGATE_KEY), document.getString(HASH)));
        return found;
    }

    /** The events stored at global indexes {@code from .. to - 1}, by exact key, in global order. */
    public List<Document> storedBetween(long fromInclusive, long toExclusive) {
        List<Long> indexes = LongStream.range(fromInclusive, toExclusive).boxed().collect(Collectors.toList());
        List<Document> found = new ArrayList<>(indexes.size());
        events.find(new Document(GLOBAL_INDEX, new Document("$in", indexes))).forEach(found::add);
        found.sort(Comparator.comparingLong(EventChain::globalIndex));
        return found;
    }

    /**
     * The {@code _id} of every document stored, whatever it is, in no particular order: one read of the keys
     * alone (on MongoDB, of the {@code _id} index only), for verification to find what {@link #storedBetween}
     * cannot, documents stored under an {@code _id} that is not a global index handed out.
     */
    public void eachStoredId(Consumer<Object> each) {
        events.find().projection(new Document(GLOBAL_INDEX, 1)).hint(new Document(GLOBAL_INDEX, 1))
              .batchSize(ID_BATCH).forEach(document -> each.accept(document.get(GLOBAL_INDEX)));
    }

    /** The documents stored under these {@code _id}s, by exact key. */
    public List<Document> storedById(Collection<?> ids) {
        List<Document> found = new ArrayList<>(ids.size());
        events.find(new Document(GLOBAL_INDEX, new Document("$in", new ArrayList<>(ids)))).forEach(found::add);
        return found;
    }

    /**
     * Writes the hashes of events stored before hashes were kept (by global index), in one unordered
     * bulk write; the same values whoever writes them, so two instances sealing at once agree.
     */
    public void seal(Map<Long, Link> links) {
        if (links.isEmpty()) {
            return;
        }
        List<UpdateOneModel<Document>> updates = new ArrayList<>(links.size());
        links.forEach((globalIndex, link) -> updates.add(new UpdateOneModel<>(new Document(GLOBAL_INDEX, globalIndex),
                new Document("$set", new Document(PREVIOUS_HASH, link.previous()).append(HASH, link.hash())))));
        events.bulkWrite(updates, new BulkWriteOptions().ordered(false));
    }

    /** An event's place in its chain: the hash it was chained to, and its own. */
    public record Link(String previous, String hash) {
    }

    /** Whether the event's hash is its content chained to the hash it says it was chained to. */
    public static boolean intact(Document event) {
        String hash = event.getString(HASH);
        String previous = event.getString(PREVIOUS_HASH);
        return hash != null && previous != null && ChainHash.of(event).chainedTo(previous).equals(hash);
    }

    /** The highest global index handed out so far, stored or not; below {@link #lowestGlobalIndex()} if none. */
    public long highestAllocatedIndex() {
        return highestAllocatedIndex.getAsLong();
    }

    public long lowestGlobalIndex() {
        return lowestGlobalIndex;
    }

    /** The event's global index; an {@code _id} stored as another kind of number than the engine's long is read as one. */
    public static long globalIndex(Document event) {
        return ((Number) event.get(GLOBAL_INDEX)).longValue();
    }

    /** Whether the document has what every event has, an aggregate and a sequence number, so that it can be read as one. */
    public static boolean isEvent(Document document) {
        return document.get(AGGREGATE_IDENTIFIER) instanceof String && document.get(SEQUENCE_NUMBER) instanceof Number;
    }

    public static String aggregateOf(Document event) {
        return event.getString(AGGREGATE_IDENTIFIER);
    }

    public static long sequenceOf(Document event) {
        return ((Number) event.get(SEQUENCE_NUMBER)).longValue();
    }

    /** Whether the event's unique key still names its own aggregate and sequence number. */
    public static boolean keyMatches(Document event) {
        return aggregateKey(aggregateOf(event), sequenceOf(event)).equals(event.getString(AGGREGATE_KEY));
    }

    public static String key(String aggregateIdentifier, long sequenceNumber) {
        return aggregateKey(aggregateIdentifier, sequenceNumber);
    }
}
