package dev.closeout.application.infrastructure.eventstore;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.UpdateOptions;
import dev.closeout.application.infrastructure.mongo.Durability;
import org.axonframework.common.AxonConfigurationException;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.eventhandling.DomainEventData;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.TrackedDomainEventData;
import org.axonframework.eventhandling.TrackedEventData;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.BatchingEventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStoreException;
import org.axonframework.eventsourcing.snapshotting.SnapshotFilter;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.upcasting.event.EventUpcaster;
import org.axonframework.serialization.upcasting.event.NoOpEventUpcaster;
import org.bson.Document;
import org.bson.types.Binary;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import static org.axonframework.common.BuilderUtils.assertNonBlank;
import static org.axonframework.common.BuilderUtils.assertNonNull;
import static org.axonframework.common.BuilderUtils.assertPositive;
import static org.axonframework.common.DateTimeUtils.formatInstant;
import static org.axonframework.common.DateTimeUtils.parseInstant;
import static org.axonframework.eventhandling.EventUtils.asDomainEventMessage;
import static org.axonframework.eventhandling.EventUtils.upcastAndDeserializeTrackedEvents;

/**
 * Event storage engine on plain MongoDB documents, one document per event, read only through exact
 * keys so that it is fast both on MongoDB and on the embedded mongo-java-server (which serves a
 * query from an index only for equality or {@code $in} on a unique index's full key).
 * <ul>
 * <li>Every event's {@code _id} is its global index, handed out in contiguous blocks per append by
 * a counter document; tracking reads {@code _id $in [gaps, index+1 .. index+batchSize]} and uses
 * {@link GapAwareTrackingToken} the way Axon's {@code JdbcEventStorageEngine} does.</li>
 * <li>{@code aggregateKey} ({@code aggregateIdentifier + "/" + sequenceNumber}) is unique: it is the
 * optimistic concurrency check and the key through which an aggregate's events are loaded.</li>
 * <li>Every event carries a {@code hash} chaining it to the previous event of its aggregate
 * ({@link EventChain}), computed in memory before the insert; snapshots are not chained.</li>
 * <li>Snapshots: one document per aggregate ({@code _id} = aggregate identifier), the latest
 * sequence number wins.</li>
 * </ul>
 * <p>
 * <b>Appends are not transactions.</b> All events of one append are written with one ordered
 * {@code insertMany}. A conflicting append of a single aggregate fails on its first event (a
 * concurrent writer took that sequence number first), so nothing of it is stored. When a later
 * event of an append fails (an append spanning several aggregates, or a reused event identifier),
 * the events inserted before it are deleted again before the exception is thrown; a tracking
 * processor polling in that window of a few milliseconds may already have handled them, and a
 * crash inside that window leaves them stored. A write that gets no answer from the server
 * (network failure, timeout) has an unknown outcome and is not compensated. Indexes allocated by a
 * failed append stay unused: trackers treat them as gaps that time out after {@code gapTimeout}.
 * <p>
 * The database's write concern decides when an insert is acknowledged; {@link Durability} is
 * called after each successful append for servers where that is not enough (embedded H2).
 */
public class MongoEventStorageEngine extends BatchingEventStorageEngine {

    static final String GLOBAL_INDEX = "_id";
    static final String AGGREGATE_KEY = "aggregateKey";
    static final String AGGREGATE_IDENTIFIER = "aggregateIdentifier";
    static final String SEQUENCE_NUMBER = "sequenceNumber";
    static final String TYPE = "type";
    static final String EVENT_IDENTIFIER = "eventIdentifier";
    static final String TIMESTAMP = "timeStamp";
    static final String PAYLOAD_TYPE = "payloadType";
    static final String PAYLOAD_REVISION = "payloadRevision";
    static final String PAYLOAD = "payload";
    static final String META_DATA = "metaData";
    static final String ALLOCATED = "allocated";
    /** Sequence numbers of one aggregate asked for in one query (see {@link #fetchDomainEvents}). */
    static final int AGGREGATE_WINDOW = 16;

    /**
     * How many indexes one look-ahead query covers when the next batch range holds no event: wide
     * enough to cross a long run of failed appends in few queries, cheap because only ids return.
     */
    private static final int LOOK_AHEAD_WIDTH = 1000;

    private final MongoCollection<Document> events;
    private final MongoCollection<Document> snapshots;
    private final MongoCollection<Document> counters;
    private final String counterId;
    private final int gapTimeout;
    private final int maxGapOffset;
    private final long lowestGlobalSequence;
    private final int gapCleaningThreshold;
    private final Durability durability;
    private final EventChain chain;
    private final SettledEvents settled;
    /** How long the indexes this instance's own last append was handed stand for the highest allocated. */
    private final long ownAllocationFreshNanos;
    /** The highest index this instance's appends were handed, and when (nanoTime); null before the first. */
    private final AtomicReference<Allocated> ownAllocation = new AtomicReference<>();
    /**
     * The highest index this instance has seen handed out, by its own appends or in the counter: the counter only
     * grows, so this is never above it. Below the lowest before anything is seen.
     */
    private final AtomicLong seenAllocated = new AtomicLong(Long.MIN_VALUE);
    /** Events that tracking read from the store, and that it found held in memory. */
    private final LongAdder trackedFromStore = new LongAdder();
    private final LongAdder trackedHeld = new LongAdder();

    protected MongoEventStorageEngine(Builder builder) {
        super(builder);
        this.events = builder.database.getCollection(builder.eventsCollection);
        this.snapshots = builder.database.getCollection(builder.snapshotsCollection);
        this.counters = builder.database.getCollection(builder.countersCollection);
        this.counterId = builder.eventsCollection;
        this.gapTimeout = builder.gapTimeout;
        this.maxGapOffset = builder.maxGapOffset;
        this.lowestGlobalSequence = builder.lowestGlobalSequence;
        this.gapCleaningThreshold = builder.gapCleaningThreshold;
        this.durability = builder.durability;
        this.settled = new SettledEvents(builder.settledEventsHeld);
        this.ownAllocationFreshNanos = builder.ownAllocationFresh.toNanos();
        this.chain = new EventChain(events, this::highestAllocatedIndex, lowestGlobalSequence);
        createIndexesAndCounter();
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The unique indexes carry the concurrency checks, so they are created here rather than left to
     * a deployment step; createIndex is idempotent. The timeStamp index only serves
     * {@link #createTokenAt(Instant)} on MongoDB (mongo-java-server ignores non-unique indexes).
     * The counter document is created up front so that concurrent first appends all increment one
     * existing document instead of racing to upsert it.
     */
    private void createIndexesAndCounter() {
        IndexOptions unique = new IndexOptions().unique(true);
        events.createIndex(Indexes.ascending(AGGREGATE_KEY), unique);
        events.createIndex(Indexes.ascending(EVENT_IDENTIFIER), unique);
        events.createIndex(Indexes.ascending(TIMESTAMP));
        try {
            counters.updateOne(new Document(GLOBAL_INDEX, counterId),
                               new Document("$setOnInsert", new Document(ALLOCATED, 0L)),
                               new UpdateOptions().upsert(true));
        } catch (MongoException e) {
            if (!MongoDuplicateKeyResolver.isDuplicateKey(e)) {
                throw new EventStoreException("Failed to create the global index counter", e);
            }
        }
    }

    @Override
    protected void appendEvents(List<? extends EventMessage<?>> events, Serializer serializer) {
        if (events.isEmpty()) {
            return;
        }
        List<Document> documents = new ArrayList<>(events.size());
        for (EventMessage<?> event : events) {
            documents.add(toDocument(asDomainEventMessage(event), serializer));
        }
        chain.link(documents);
        // Serialise first: the allocated indexes stay invisible gaps until inserted, so keep that short.
        long first = allocateGlobalIndexes(documents.size());
        for (int i = 0; i < documents.size(); i++) {
            documents.get(i).put(GLOBAL_INDEX, first + i);
        }
        try {
            insertEventDocuments(documents);
        } catch (MongoBulkWriteException e) {
            chain.forget(documents);
            settled.forget(range(first, first + documents.size()));
            removeAppended(first, documents.size(), e);
            // no write error but a write-concern one (not acknowledged by a majority): the append failed as a whole
            handlePersistenceException(e, events.get(e.getWriteErrors().isEmpty() ? 0
                    : e.getWriteErrors().get(0).getIndex()));
        } catch (MongoException e) {
            chain.forget(documents);
            handlePersistenceException(e, events.get(0));
        }
        documents.forEach(chain::remember);
        durability.awaitDurable();
    }

    /** How many events tracking processors have read from the store so far. */
    public long trackedFromStore() {
        return trackedFromStore.sum();
    }

    /** How many events tracking processors have been given from memory so far ({@link SettledEvents}). */
    public long trackedHeld() {
        return trackedHeld.sum();
    }

    /** The events held for tracking readers, for tests. */
    SettledEvents settledEvents() {
        return settled;
    }

    /** The hash chain of the stored events, for sealing, digests and verification. */
    public EventChain chain() {
        return chain;
    }

    /**
     * Writes the documents of one append, whose global indexes are already allocated. Protected so
     * that a test can hold a writer between allocation and insert, the window in which trackers see
     * an allocated index as a gap.
     */
    protected void insertEventDocuments(List<Document> documents) {
        events.insertMany(documents, new InsertManyOptions().ordered(true));
    }

    /**
     * Handing out the value BEFORE the increment and computing the block here is what keeps indexes
     * unique on mongo-java-server, whose ReturnDocument.AFTER can return the same value to two
     * concurrent callers.
     */
    private long allocateGlobalIndexes(int count) {
        Document before = counters.findOneAndUpdate(
                new Document(GLOBAL_INDEX, counterId),
                new Document("$inc", new Document(ALLOCATED, (long) count)),
                new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.BEFORE));
        long first = lowestGlobalSequence + allocatedCount(before);
        Allocated handed = new Allocated(first + count - 1, System.nanoTime());
        seenAllocated.accumulateAndGet(handed.highest(), Math::max);
        // an append handed lower indexes than one answered before it was counted earlier: it tells nothing newer
        ownAllocation.accumulateAndGet(handed, (known, now) -> known == null || now.highest() > known.highest()
                ? now : known);
        return first;
    }

    /**
     * The highest index allocated, as tracking reads need it: what this instance's own last append was handed,
     * while that is fresh, else the counter's. An index handed out counts every one handed out before it, by any
     * instance, so a processor keeping up with this instance's appends reads their events without asking the
     * counter first (three round trips a command). Another instance's appends since are seen once that is no
     * longer fresh, or at this instance's next append.
     */
    private long highestAllocatedForTracking() {
        Allocated own = ownAllocation.get();
        if (own != null && System.nanoTime() - own.at() < ownAllocationFreshNanos) {
            return own.highest();
        }
        return highestAllocatedIndex();
    }

    /** The highest index an append of this instance was handed, at {@code at} (nanoTime). */
    private record Allocated(long highest, long at) {
    }

    private static long allocatedCount(Document counter) {
        return counter == null ? 0L : ((Number) counter.get(ALLOCATED)).longValue();
    }

    /** The highest global index handed out so far, written or not; below the lowest if none. */
    private long highestAllocatedIndex() {
        Document counter = counters.find(new Document(GLOBAL_INDEX, counterId)).first();
        long highest = lowestGlobalSequence + allocatedCount(counter) - 1;
        seenAllocated.accumulateAndGet(highest, Math::max);
        return highest;
    }

    /** Any document of the failed append that made it in is ours alone: its _id was allocated to us. */
    private void removeAppended(long first, int count, MongoBulkWriteException failure) {
        try {
            events.deleteMany(new Document(GLOBAL_INDEX, new Document("$in", range(first, first + count))));
        } catch (MongoException e) {
            EventStoreException partiallyStored = new EventStoreException(
                    "An append failed and the events it had already inserted could not be removed", failure);
            partiallyStored.addSuppressed(e);
            throw partiallyStored;
        }
    }

    /**
     * Keeps the snapshot with the highest sequence number. The check and the write are two exact-key
     * operations, because a filter on _id plus sequenceNumber makes mongo-java-server scan the whole
     * collection. Two snapshotters racing on one aggregate can therefore leave the older of their two
     * snapshots; that one is still valid (later events are replayed on top) and the next snapshot
     * replaces it.
     */
    @Override
    protected void storeSnapshot(DomainEventMessage<?> snapshot, Serializer serializer) {
        Document id = new Document(GLOBAL_INDEX, snapshot.getAggregateIdentifier());
        Document stored = snapshots.find(id).projection(new Document(SEQUENCE_NUMBER, 1)).first();
        if (stored != null && stored.getLong(SEQUENCE_NUMBER) >= snapshot.getSequenceNumber()) {
            return;
        }
        Document document = toDocument(snapshot, serializer);
        document.put(GLOBAL_INDEX, snapshot.getAggregateIdentifier());
        try {
            snapshots.replaceOne(id, document, new ReplaceOptions().upsert(true));
        } catch (MongoException e) {
            // A duplicate _id: a concurrent first snapshot of this aggregate was inserted first.
            if (!MongoDuplicateKeyResolver.isDuplicateKey(e)) {
                handlePersistenceException(e, snapshot);
            }
        }
    }

    @Override
    protected Stream<? extends DomainEventData<?>> readSnapshotData(String aggregateIdentifier) {
        Document snapshot = snapshots.find(new Document(GLOBAL_INDEX, aggregateIdentifier)).first();
        return snapshot == null ? Stream.empty() : Stream.of(toEntry(snapshot, snapshot.getString(AGGREGATE_IDENTIFIER)));
    }

    /**
     * Reads at most {@value #AGGREGATE_WINDOW} sequence numbers at a time, not the batch size: an item has a
     * dozen events or so (and at most {@code closeout.snapshot-threshold} after its snapshot), and every key
     * asked for is a look-up, found or not, with the server sorting the keys first. Reading goes on until a
     * window is empty, so a missing sequence number does not end the stream.
     */
    @Override
    protected List<? extends DomainEventData<?>> fetchDomainEvents(String aggregateIdentifier,
                                                                   long firstSequenceNumber,
                                                                   int batchSize) {
        int window = Math.min(batchSize, AGGREGATE_WINDOW);
        List<DomainEventData<?>> result = new ArrayList<>(window);
        events.find(aggregateKeys(aggregateIdentifier, firstSequenceNumber, window))
              .forEach(document -> {
                  result.add(toEntry(document, aggregateIdentifier));
                  chain.remember(document);
              });
        result.sort(Comparator.comparingLong(DomainEventData::getSequenceNumber));
        return result;
    }

    /** As JDBC: a missing sequence number inside a batch must not end the stream early. */
    @Override
    protected boolean fetchForAggregateUntilEmpty() {
        return true;
    }

    @Override
    public Optional<Long> lastSequenceNumberFor(String aggregateIdentifier) {
        Long last = null;
        long from = 0;
        int window = Math.min(batchSize(), AGGREGATE_WINDOW);
        while (true) {
            Long highestInBatch = null;
            for (Document document : events.find(aggregateKeys(aggregateIdentifier, from, window))
                                           .projection(new Document(SEQUENCE_NUMBER, 1))) {
                long sequenceNumber = document.getLong(SEQUENCE_NUMBER);
                highestInBatch = highestInBatch == null ? sequenceNumber : Math.max(highestInBatch, sequenceNumber);
            }
            if (highestInBatch == null) {
                return Optional.ofNullable(last);
            }
            last = highestInBatch;
            from = highestInBatch + 1;
        }
    }

    private Document aggregateKeys(String aggregateIdentifier, long firstSequenceNumber, int count) {
        List<String> keys = new ArrayList<>(count);
        for (long sequenceNumber = firstSequenceNumber; sequenceNumber < firstSequenceNumber + count; sequenceNumber++) {
            keys.add(aggregateKey(aggregateIdentifier, sequenceNumber));
        }
        return new Document(AGGREGATE_KEY, new Document("$in", keys));
    }

    static String aggregateKey(String aggregateIdentifier, long sequenceNumber) {
        return aggregateIdentifier + "/" + sequenceNumber;
    }

    /**
     * As Axon's, but a settled event held for other readers ({@link SettledEvents}) is turned into its message once
     * and that message, payload deserialized at most once, is handed to each processor under its own token. With an
     * upcaster chain configured, which may upcast an event in the context of the ones before it, every reader
     * deserializes its own stream, as in Axon.
     */
    @Override
    public Stream<? extends TrackedEventMessage<?>> readEvents(TrackingToken trackingToken, boolean mayBlock) {
        if (upcasterChain != NoOpEventUpcaster.INSTANCE) {
            return super.readEvents(trackingToken, mayBlock);
        }
        return readEventData(trackingToken, mayBlock).flatMap(data -> data instanceof SettledEvents.HeldEventData held
                ? held.held().messages(held.trackingToken(), () -> deserialize(held)).stream()
                : deserialize(data).stream());
    }

    private List<TrackedEventMessage<?>> deserialize(TrackedEventData<?> data) {
        return upcastAndDeserializeTrackedEvents(Stream.of(data), getEventSerializer(), upcasterChain).toList();
    }

    /**
     * Reads the token's gaps and the next {@code batchSize} indexes by exact key, none above the highest
     * index handed out: a processor that keeps up asks for the few events appended since its last
     * batch, not for a batch's worth of indexes nobody has (with batches of 1,000, that query's
     * thousand keys were 6 % of the application's CPU under registrations). When that range is
     * empty although higher indexes were handed out, a run of failed appends may lie ahead: look
     * further ahead so that tracking does not stall there (the JDBC engine's extended gap check).
     * A reader behind the head (catching up, replaying) reads no counter while this instance has seen
     * its whole batch handed out: a fresher count would not widen the read.
     */
    @Override
    protected List<? extends TrackedEventData<?>> fetchTrackedEvents(TrackingToken lastToken, int batchSize) {
        if (lastToken != null && !(lastToken instanceof GapAwareTrackingToken)) {
            throw new IllegalArgumentException("Unsupported token format: " + lastToken);
        }
        GapAwareTrackingToken token = (GapAwareTrackingToken) lastToken;
        if (token != null && token.getGaps().size() > gapCleaningThreshold) {
            token = cleanGaps(token);
        }
        long index = token == null ? lowestGlobalSequence - 1 : token.getIndex();
        long wanted = index + batchSize;
        long seen = seenAllocated.get();
        boolean seenEnough = seen >= wanted;
        long highest = seenEnough ? seen : highestAllocatedForTracking();
        List<Long> candidates = new ArrayList<>(token == null ? List.of() : token.getGaps());
        candidates.addAll(range(index + 1, Math.min(wanted + 1, highest + 1)));
        Instant gapTimeoutFrame = gapTimeoutFrame();
        List<Stored> found = candidates.isEmpty() ? new ArrayList<>() : storedAt(candidates, gapTimeoutFrame);
        if (found.isEmpty()) {
            // a run of failed appends may reach past the count seen: look as far as the counter says now
            found = lookAhead(wanted + 1, batchSize, seenEnough ? highestAllocatedIndex() : highest, gapTimeoutFrame);
        }
        found.sort(Comparator.comparingLong(Stored::globalIndex));
        List<TrackedEventData<?>> result = new ArrayList<>(found.size());
        GapAwareTrackingToken previous = token;
        for (Stored stored : found) {
            TrackedEventData<?> next = toTrackedEventData(stored, previous, gapTimeoutFrame);
            result.add(next);
            previous = (GapAwareTrackingToken) next.trackingToken();
        }
        return result;
    }

    /** The first {@code batchSize} events at or after {@code from}, up to the highest allocated index. */
    private List<Stored> lookAhead(long from, int batchSize, long highest, Instant gapTimeoutFrame) {
        for (long start = from; start <= highest; start += LOOK_AHEAD_WIDTH) {
            List<Long> existing = findGlobalIndexes(range(start, Math.min(highest + 1, start + LOOK_AHEAD_WIDTH)));
            if (!existing.isEmpty()) {
                Collections.sort(existing);
                return storedAt(existing.subList(0, Math.min(batchSize, existing.size())), gapTimeoutFrame);
            }
        }
        return new ArrayList<>();
    }

    /**
     * The events stored at these global indexes, those held ({@link SettledEvents}) from memory and the others by
     * one exact-key query; of these, the ones stamped before {@code gapTimeoutFrame} are held for the next reader.
     * Indexes another reader is reading from the store at this moment are taken from what its read held, once
     * this reader's own query is done ({@link SettledEvents#claim}).
     */
    private List<Stored> storedAt(Collection<Long> globalIndexes, Instant gapTimeoutFrame) {
        List<Stored> found = new ArrayList<>(globalIndexes.size());
        SettledEvents.Claim claim = settled.claim(globalIndexes);
        try {
            readFromStore(claim.toRead(), gapTimeoutFrame, found);
        } finally {
            claim.release();
        }
        List<Long> left = claim.awaitOthers();
        claim.held().forEach((globalIndex, held) -> found.add(new Stored(globalIndex, held.entry(), held)));
        trackedHeld.add(claim.held().size());
        readFromStore(left, gapTimeoutFrame, found);
        return found;
    }

    private void readFromStore(List<Long> globalIndexes, Instant gapTimeoutFrame, List<Stored> found) {
        if (globalIndexes.isEmpty()) {
            return;
        }
        for (Document document : findByGlobalIndex(globalIndexes)) {
            trackedFromStore.increment();
            long globalIndex = document.getLong(GLOBAL_INDEX);
            String aggregateIdentifier = document.getString(AGGREGATE_IDENTIFIER);
            GenericDomainEventEntry<byte[]> entry = toEntry(
                    document,
                    aggregateIdentifier.equals(document.getString(EVENT_IDENTIFIER)) ? null : aggregateIdentifier);
            SettledEvents.Held held = entry.getTimestamp().isBefore(gapTimeoutFrame)
                    ? settled.put(globalIndex, entry) : null;
            found.add(new Stored(globalIndex, entry, held));
        }
    }

    /**
     * An event as stored ({@link StoredEntry}, its timestamp parsed once), at its global index; {@code held} when it
     * is held for other readers, else null.
     */
    private record Stored(long globalIndex, GenericDomainEventEntry<byte[]> entry, SettledEvents.Held held) {
    }

    /**
     * Same rule as the JDBC engine: walking up from the first gap, a gap is dropped once an event
     * following it is older than the gap timeout, stopping at the first filled gap or recent event.
     * Only the gaps and the indexes just after them are read, by exact key.
     */
    private GapAwareTrackingToken cleanGaps(GapAwareTrackingToken token) {
        SortedSet<Long> gaps = token.getGaps();
        SortedSet<Long> keys = new TreeSet<>(gaps);
        gaps.forEach(gap -> keys.add(gap + 1));
        List<Document> found = new ArrayList<>();
        events.find(new Document(GLOBAL_INDEX, new Document("$in", new ArrayList<>(keys))))
              .projection(new Document(TIMESTAMP, 1))
              .forEach(found::add);
        found.sort(Comparator.comparingLong(document -> document.getLong(GLOBAL_INDEX)));
        GapAwareTrackingToken cleaned = token;
        Instant gapTimeoutFrame = gapTimeoutFrame();
        for (Document document : found) {
            long globalIndex = document.getLong(GLOBAL_INDEX);
            if (gaps.contains(globalIndex) || parseInstant(document.getString(TIMESTAMP)).isAfter(gapTimeoutFrame)) {
                break;
            }
            if (gaps.contains(globalIndex - 1)) {
                cleaned = cleaned.withGapsTruncatedAt(globalIndex);
            }
        }
        return cleaned;
    }

    /**
     * Gaps are allowed only behind an event younger than the gap timeout, exactly as in the JDBC
     * engine: an index still missing behind an older event is taken as a failed append.
     */
    private TrackedEventData<?> toTrackedEventData(Stored stored, GapAwareTrackingToken previous,
                                                   Instant gapTimeoutFrame) {
        long globalIndex = stored.globalIndex();
        GenericDomainEventEntry<?> entry = stored.entry();
        boolean allowGaps = entry.getTimestamp().isAfter(gapTimeoutFrame);
        GapAwareTrackingToken token;
        if (previous == null) {
            token = GapAwareTrackingToken.newInstance(
                    globalIndex,
                    allowGaps
                            ? range(Math.max(lowestGlobalSequence, globalIndex - maxGapOffset), globalIndex)
                            : Collections.emptySortedSet());
        } else {
            token = previous.advanceTo(globalIndex, allowGaps ? maxGapOffset : 0);
        }
        return stored.held() != null
                ? new SettledEvents.HeldEventData(token, stored.held())
                : new TrackedDomainEventData<>(token, entry);
    }

    private Instant gapTimeoutFrame() {
        return GenericEventMessage.clock.instant().minus(gapTimeout, ChronoUnit.MILLIS);
    }

    /**
     * Starts before the lowest index rather than before the first stored event, so that an event
     * whose index was allocated first but is written later is not skipped.
     */
    @Override
    public TrackingToken createTailToken() {
        if (highestAllocatedIndex() < lowestGlobalSequence) {
            return null;
        }
        return GapAwareTrackingToken.newInstance(lowestGlobalSequence - 1, Collections.emptySet());
    }

    /**
     * Positioned at the last stored event among the most recently allocated {@code batchSize}
     * indexes; those below it that are not stored yet (appends still in flight) become gaps so that
     * they are delivered when they arrive.
     */
    @Override
    public TrackingToken createHeadToken() {
        long highest = highestAllocatedIndex();
        if (highest < lowestGlobalSequence) {
            return null;
        }
        long windowStart = Math.max(lowestGlobalSequence, highest - batchSize() + 1);
        List<Long> stored = findGlobalIndexes(range(windowStart, highest + 1));
        if (stored.isEmpty()) {
            return GapAwareTrackingToken.newInstance(windowStart - 1, Collections.emptySet());
        }
        long head = Collections.max(stored);
        List<Long> inFlight = range(windowStart, head);
        inFlight.removeAll(stored);
        return GapAwareTrackingToken.newInstance(head, inFlight);
    }

    /**
     * Just before the lowest index whose timestamp is at or after {@code dateTime}, as the JDBC engine
     * does; at the head if there is none. MongoDB answers this from the timeStamp index; the embedded
     * server scans the collection, acceptable for this rare call (setting up or resetting a
     * processor).
     */
    @Override
    public TrackingToken createTokenAt(Instant dateTime) {
        Document first = events.find(new Document(TIMESTAMP, new Document("$gte", formatInstant(dateTime))))
                               .projection(new Document(GLOBAL_INDEX, 1))
                               .sort(new Document(GLOBAL_INDEX, 1))
                               .limit(1)
                               .first();
        if (first == null) {
            return createHeadToken();
        }
        return GapAwareTrackingToken.newInstance(first.getLong(GLOBAL_INDEX) - 1, Collections.emptySet());
    }

    private List<Document> findByGlobalIndex(Collection<Long> globalIndexes) {
        List<Document> found = new ArrayList<>(globalIndexes.size());
        events.find(new Document(GLOBAL_INDEX, new Document("$in", globalIndexes))).forEach(found::add);
        return found;
    }

    /**
     * Whether any event is stored at these global indexes, by exact key: a tracking token's gap that
     * holds none is an append that failed or has not landed yet, not an event the processor missed.
     */
    public boolean anyStoredAt(Collection<Long> globalIndexes) {
        return !globalIndexes.isEmpty() && !findGlobalIndexes(globalIndexes).isEmpty();
    }

    /** When the first event stored after {@code globalIndex} was stamped; empty when none is. */
    public Optional<Instant> timestampAfter(long globalIndex) {
        Document first = events.find(new Document(GLOBAL_INDEX, new Document("$gt", globalIndex)))
                               .sort(new Document(GLOBAL_INDEX, 1))
                               .projection(new Document(TIMESTAMP, 1))
                               .limit(1)
                               .first();
        return Optional.ofNullable(first).map(document -> parseInstant(document.getString(TIMESTAMP)));
    }

    private List<Long> findGlobalIndexes(Collection<Long> globalIndexes) {
        List<Long> found = new ArrayList<>();
        events.find(new Document(GLOBAL_INDEX, new Document("$in", globalIndexes)))
              .projection(new Document(GLOBAL_INDEX, 1))
              .forEach(document -> found.add(document.getLong(GLOBAL_INDEX)));
        return found;
    }

    private static List<Long> range(long fromInclusive, long toExclusive) {
        return LongStream.range(fromInclusive, toExclusive).boxed().collect(Collectors.toCollection(ArrayList::new));
    }

    private static Document toDocument(DomainEventMessage<?> event, Serializer serializer) {
        SerializedObject<byte[]> payload = event.serializePayload(serializer, byte[].class);
        SerializedObject<byte[]> metaData = event.serializeMetaData(serializer, byte[].class);
        return new Document()
                .append(AGGREGATE_KEY, aggregateKey(event.getAggregateIdentifier(), event.getSequenceNumber()))
                .append(AGGREGATE_IDENTIFIER, event.getAggregateIdentifier())
                .append(SEQUENCE_NUMBER, event.getSequenceNumber())
                .append(TYPE, event.getType())
                .append(EVENT_IDENTIFIER, event.getIdentifier())
                .append(TIMESTAMP, formatInstant(event.getTimestamp()))
                .append(PAYLOAD_TYPE, payload.getType().getName())
                .append(PAYLOAD_REVISION, payload.getType().getRevision())
                .append(PAYLOAD, new Binary(payload.getData()))
                .append(META_DATA, new Binary(metaData.getData()));
    }

    private static GenericDomainEventEntry<byte[]> toEntry(Document document, String aggregateIdentifier) {
        return new StoredEntry(
                document.getString(TYPE),
                aggregateIdentifier,
                document.getLong(SEQUENCE_NUMBER),
                document.getString(EVENT_IDENTIFIER),
                document.getString(TIMESTAMP),
                document.getString(PAYLOAD_TYPE),
                document.getString(PAYLOAD_REVISION),
                document.get(PAYLOAD, Binary.class).getData(),
                document.get(META_DATA, Binary.class).getData());
    }

    /**
     * Builds a {@link MongoEventStorageEngine}. Required: {@link #database(MongoDatabase)}. Defaults:
     * collections "events", "snapshots", "event_counters"; batch size 100; gap timeout 60 s; max gap
     * offset 10,000; lowest global sequence 1 (fixed for the life of a store: the counter counts
     * allocations from it); gap cleaning threshold 250; duplicate keys resolved by
     * {@link MongoDuplicateKeyResolver}; {@link Durability#WRITE_CONCERN}.
     */
    public static class Builder extends BatchingEventStorageEngine.Builder {

        private MongoDatabase database;
        private String eventsCollection = "events";
        private String snapshotsCollection = "snapshots";
        private String countersCollection = "event_counters";
        private int gapTimeout = 60_000;
        private int maxGapOffset = 10_000;
        private long lowestGlobalSequence = 1;
        private int gapCleaningThreshold = 250;
        private Durability durability = Durability.WRITE_CONCERN;
        private int settledEventsHeld;
        private Duration ownAllocationFresh = Duration.ofMillis(100);

        protected Builder() {
            persistenceExceptionResolver(MongoDuplicateKeyResolver.INSTANCE);
        }

        @Override
        public Builder snapshotSerializer(Serializer snapshotSerializer) {
            super.snapshotSerializer(snapshotSerializer);
            return this;
        }

        @Override
        public Builder upcasterChain(EventUpcaster upcasterChain) {
            super.upcasterChain(upcasterChain);
            return this;
        }

        @Override
        public Builder persistenceExceptionResolver(PersistenceExceptionResolver persistenceExceptionResolver) {
            super.persistenceExceptionResolver(persistenceExceptionResolver);
            return this;
        }

        @Override
        public Builder eventSerializer(Serializer eventSerializer) {
            super.eventSerializer(eventSerializer);
            return this;
        }

        @Override
        public Builder snapshotFilter(SnapshotFilter snapshotFilter) {
            super.snapshotFilter(snapshotFilter);
            return this;
        }

        @Override
        @Deprecated
        public Builder snapshotFilter(Predicate<? super DomainEventData<?>> snapshotFilter) {
            super.snapshotFilter(snapshotFilter);
            return this;
        }

        @Override
        public Builder finalAggregateBatchPredicate(
                Predicate<List<? extends DomainEventData<?>>> finalAggregateBatchPredicate) {
            super.finalAggregateBatchPredicate(finalAggregateBatchPredicate);
            return this;
        }

        @Override
        public Builder batchSize(int batchSize) {
            super.batchSize(batchSize);
            return this;
        }

        public Builder database(MongoDatabase database) {
            assertNonNull(database, "The MongoDatabase may not be null");
            this.database = database;
            return this;
        }

        public Builder eventsCollection(String name) {
            assertNonBlank(name, "The events collection name may not be blank");
            this.eventsCollection = name;
            return this;
        }

        public Builder snapshotsCollection(String name) {
            assertNonBlank(name, "The snapshots collection name may not be blank");
            this.snapshotsCollection = name;
            return this;
        }

        public Builder countersCollection(String name) {
            assertNonBlank(name, "The counters collection name may not be blank");
            this.countersCollection = name;
            return this;
        }

        /** How long (ms) an allocated but not yet visible index is waited for once later events are seen. */
        public Builder gapTimeout(int gapTimeout) {
            assertPositive(gapTimeout, "The gapTimeout may not be negative");
            this.gapTimeout = gapTimeout;
            return this;
        }

        public Builder maxGapOffset(int maxGapOffset) {
            assertPositive(maxGapOffset, "The maxGapOffset may not be negative");
            this.maxGapOffset = maxGapOffset;
            return this;
        }

        public Builder lowestGlobalSequence(long lowestGlobalSequence) {
            assertPositive(lowestGlobalSequence, "The lowestGlobalSequence may not be negative");
            this.lowestGlobalSequence = lowestGlobalSequence;
            return this;
        }

        public Builder gapCleaningThreshold(int gapCleaningThreshold) {
            assertPositive(gapCleaningThreshold, "The gapCleaningThreshold may not be negative");
            this.gapCleaningThreshold = gapCleaningThreshold;
            return this;
        }

        /**
         * How many settled events (stamped longer ago than the gap timeout) to hold in memory once read, so that
         * processors replaying the same stretch of the store read it once ({@link SettledEvents}); 0, the default,
         * holds none.
         */
        public Builder settledEventsHeld(int settledEventsHeld) {
            if (settledEventsHeld < 0) {
                throw new AxonConfigurationException("The settledEventsHeld may not be negative");
            }
            this.settledEventsHeld = settledEventsHeld;
            return this;
        }

        /**
         * How long the highest index this instance's own last append was handed stands, for tracking reads, for the
         * highest allocated (100 ms by default): a processor keeping up with this instance's appends then reads
         * their events without reading the counter first; another instance's appends since its last are seen once
         * that is older than this, or at its next append. {@link Duration#ZERO} reads the counter every time.
         */
        public Builder ownAllocationFresh(Duration ownAllocationFresh) {
            assertNonNull(ownAllocationFresh, "The ownAllocationFresh may not be null");
            if (ownAllocationFresh.isNegative()) {
                throw new AxonConfigurationException("The ownAllocationFresh may not be negative");
            }
            this.ownAllocationFresh = ownAllocationFresh;
            return this;
        }

        public Builder durability(Durability durability) {
            assertNonNull(durability, "The Durability may not be null");
            this.durability = durability;
            return this;
        }

        public MongoEventStorageEngine build() {
            return new MongoEventStorageEngine(this);
        }

        @Override
        protected void validate() throws AxonConfigurationException {
            super.validate();
            assertNonNull(database, "The MongoDatabase is a hard requirement and should be provided");
        }
    }
}
