package dev.closeout.application.infrastructure.eventstore;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import dev.closeout.application.support.TestMongo;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.TrackedEventData;
import org.axonframework.eventhandling.TrackingEventStream;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.BatchingEventStorageEngineTest;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.utils.TestSerializer;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.serialization.UnknownSerializedType;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import static org.axonframework.eventsourcing.utils.EventStoreTestUtils.AGGREGATE;
import static org.axonframework.eventsourcing.utils.EventStoreTestUtils.createEvent;
import static org.axonframework.eventsourcing.utils.EventStoreTestUtils.createEvents;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Axon's own storage engine contract (every inherited test), plus the JDBC engine's specific tests
 * ported to this engine, against the shared test server with a fresh database per test.
 */
class MongoEventStorageEngineTest
        extends BatchingEventStorageEngineTest<MongoEventStorageEngine, MongoEventStorageEngine.Builder> {

    /** The clock events were stamped by before: the shared application context sets its own. */
    private static Clock eventClock;

    private MongoClient client;
    private MongoDatabase database;
    private MongoEventStorageEngine testSubject;

    @BeforeAll
    static void keepEventClock() {
        eventClock = GenericEventMessage.clock;
    }

    /**
     * In place of Axon's, which puts the system clock back after each test: the clock kept before them goes
     * back, so that an application context cached in this JVM, whose processors and sweeps go on running
     * between tests, stamps its events by its own clock again at once rather than after the last test.
     */
    @Override
    @AfterEach
    public void tearDown() {
        GenericEventMessage.clock = eventClock;
    }

    @BeforeEach
    void setUp() {
        client = TestMongo.newClient();
        database = client.getDatabase(TestMongo.newDatabaseName());
        setTestSubject(testSubject = createEngine());
    }

    @AfterEach
    void dropDatabase() {
        database.drop();
        client.close();
    }

    @Override
    protected MongoEventStorageEngine createEngine(UnaryOperator<MongoEventStorageEngine.Builder> customization) {
        return customization.apply(MongoEventStorageEngine.builder()
                                                          .eventSerializer(TestSerializer.xStreamSerializer())
                                                          .snapshotSerializer(TestSerializer.xStreamSerializer())
                                                          .batchSize(100)
                                                          .database(database))
                            .build();
    }

    private MongoCollection<Document> eventCollection() {
        return database.getCollection("events");
    }

    @Test
    void storeTwoExactSameSnapshots() {
        testSubject.storeSnapshot(createEvent(1));
        testSubject.storeSnapshot(createEvent(1));
        assertEquals(1L, testSubject.readSnapshot(AGGREGATE).orElseThrow().getSequenceNumber());
    }

    @Test
    void loadLastSequenceNumber() {
        String aggregateId = UUID.randomUUID().toString();
        testSubject.appendEvents(createEvent(aggregateId, 0), createEvent(aggregateId, 1));
        assertEquals(1L, (long) testSubject.lastSequenceNumberFor(aggregateId).orElse(-1L));
        assertFalse(testSubject.lastSequenceNumberFor("inexistent").isPresent());
    }

    @Test
    void lastSequenceNumberOfAStreamLongerThanABatch() {
        testSubject.appendEvents(createEvents(testSubject.batchSize() * 2 + 5));
        assertEquals(testSubject.batchSize() * 2 + 4L, testSubject.lastSequenceNumberFor(AGGREGATE).orElseThrow());
    }

    @Test
    void globalIndexesStartAtTheLowestGlobalSequenceAndAreContiguousPerAppend() {
        testSubject.appendEvents(createEvents(3));
        testSubject.appendEvents(createEvent("other", 0), createEvent("other", 1));
        List<Long> indexes = testSubject.readEvents(null, false)
                                        .map(event -> ((GapAwareTrackingToken) event.trackingToken()).getIndex())
                                        .toList();
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L), indexes);
    }

    @Test
    void aFailedAppendLeavesNothingStoredAndItsIndexesAsGaps() {
        testSubject.appendEvents(createEvent(0));
        assertThrows(AggregateStreamCreationException.class,
                     () -> testSubject.appendEvents(createEvent("other", 0), createEvent(0)));
        testSubject.appendEvents(createEvent(1));

        assertEquals(2, eventCollection().countDocuments());
        assertFalse(testSubject.readEvents("other").hasNext());
        List<? extends TrackedEventData<?>> tracked = testSubject.fetchTrackedEvents(null, 100);
        assertEquals(2, tracked.size());
        GapAwareTrackingToken last = (GapAwareTrackingToken) tracked.get(1).trackingToken();
        assertEquals(4L, last.getIndex());
        assertEquals(List.of(2L, 3L), List.copyOf(last.getGaps()));
    }

    @Test
    void durabilityIsAwaitedAfterEverySuccessfulAppendOnly() {
        AtomicInteger awaited = new AtomicInteger();
        testSubject = createEngine(builder -> builder.durability(awaited::incrementAndGet));
        testSubject.appendEvents(createEvent(0));
        testSubject.storeSnapshot(createEvent(0));
        assertThrows(AggregateStreamCreationException.class, () -> testSubject.appendEvents(createEvent(0)));
        assertEquals(1, awaited.get());
    }

    @Test
    void gapsForVeryOldEventsAreNotIncluded() {
        GenericEventMessage.clock =
                Clock.fixed(Clock.systemUTC().instant().minus(1, ChronoUnit.HOURS), Clock.systemUTC().getZone());
        testSubject.appendEvents(createEvent(-1), createEvent(0));
        GenericEventMessage.clock =
                Clock.fixed(Clock.systemUTC().instant().minus(2, ChronoUnit.MINUTES), Clock.systemUTC().getZone());
        testSubject.appendEvents(createEvent(-2), createEvent(1));
        GenericEventMessage.clock =
                Clock.fixed(Clock.systemUTC().instant().minus(50, ChronoUnit.SECONDS), Clock.systemUTC().getZone());
        testSubject.appendEvents(createEvent(-3), createEvent(2));
        GenericEventMessage.clock = Clock.fixed(Clock.systemUTC().instant(), Clock.systemUTC().getZone());
        testSubject.appendEvents(createEvent(-4), createEvent(3));

        eventCollection().deleteMany(new Document(MongoEventStorageEngine.SEQUENCE_NUMBER, new Document("$lt", 0L)));

        testSubject.fetchTrackedEvents(null, 100).stream()
                   .map(event -> (GapAwareTrackingToken) event.trackingToken())
                   .forEach(token -> assertTrue(token.getGaps().size() <= 2));
    }

    @Test
    void oldGapsAreRemovedFromProvidedTrackingToken() {
        testSubject = createEngine(builder -> builder.gapTimeout(50001).gapCleaningThreshold(50));
        Instant now = Clock.systemUTC().instant();
        GenericEventMessage.clock = Clock.fixed(now.minus(1, ChronoUnit.HOURS), Clock.systemUTC().getZone());
        testSubject.appendEvents(createEvent(-1), createEvent(0)); // indexes 1 and 2
        GenericEventMessage.clock = Clock.fixed(now.minus(2, ChronoUnit.MINUTES), Clock.systemUTC().getZone());
        testSubject.appendEvents(createEvent(-2), createEvent(1)); // indexes 3 and 4
        GenericEventMessage.clock = Clock.fixed(now.minus(50, ChronoUnit.SECONDS), Clock.systemUTC().getZone());
        testSubject.appendEvents(createEvent(-3), createEvent(2)); // indexes 5 and 6
        GenericEventMessage.clock = Clock.fixed(now, Clock.systemUTC().getZone());
        testSubject.appendEvents(createEvent(-4), createEvent(3)); // indexes 7 and 8

        eventCollection().deleteMany(new Document(MongoEventStorageEngine.SEQUENCE_NUMBER, new Document("$lt", 0L)));

        List<Long> gaps = LongStream.range(-50, 7)
                                    .filter(i -> i != 2L && i != 4L && i != 6L)
                                    .boxed()
                                    .collect(Collectors.toList());
        List<? extends TrackedEventData<?>> events =
                testSubject.fetchTrackedEvents(GapAwareTrackingToken.newInstance(7, gaps), 100);
        assertEquals(1, events.size());
        assertEquals(5L, (long) ((GapAwareTrackingToken) events.get(0).trackingToken()).getGaps().first());
    }

    @Test
    void eventsWithUnknownPayloadTypeDoNotResultInError() throws InterruptedException {
        testSubject = createEngine(builder -> builder.batchSize(2));
        EmbeddedEventStore eventStore = EmbeddedEventStore.builder().storageEngine(testSubject).build();
        try {
            testSubject.appendEvents(createEvent(AGGREGATE, 1, "Payload1"), createEvent(AGGREGATE, 2, "Payload2"));
            eventCollection().updateMany(new Document(),
                                         new Document("$set", new Document(MongoEventStorageEngine.PAYLOAD_TYPE, "unknown")));
            testSubject.appendEvents(createEvent(AGGREGATE, 3, "Payload3"), createEvent(AGGREGATE, 4, "Payload4"));

            List<Object> payloads = testSubject.readEvents(null, false)
                                               .filter(event -> event.getPayload() instanceof String)
                                               .map(event -> (Object) event.getPayload())
                                               .toList();
            assertEquals(List.of("Payload3", "Payload4"), payloads);

            TrackingEventStream stream = eventStore.openStream(null);
            assertTrue(stream.hasNextAvailable());
            assertEquals(UnknownSerializedType.class, stream.nextAvailable().getPayloadType());
            assertEquals(UnknownSerializedType.class, stream.nextAvailable().getPayloadType());
            assertEquals("Payload3", stream.nextAvailable().getPayload());
            assertEquals("Payload4", stream.nextAvailable().getPayload());
            stream.close();
        } finally {
            eventStore.shutDown();
        }
    }

    @Test
    void streamCrossesConsecutiveGapsOfMoreThanBatchSuccessfully() {
        testSubject = createEngine(builder -> builder.batchSize(10));
        testSubject.appendEvents(createEvents(100));
        eventCollection().deleteMany(new Document("_id", new Document("$gte", 21L).append("$lt", 41L)));

        assertEquals(80, testSubject.readEvents(null, false).count());
    }

    @Test
    void streamCrossesInitialConsecutiveGapsOfMoreThanBatchSuccessfully() {
        testSubject = createEngine(builder -> builder.batchSize(10));
        testSubject.appendEvents(createEvents(100));
        eventCollection().deleteMany(new Document("_id", new Document("$lt", 21L)));

        assertEquals(80, testSubject.readEvents(null, false).count());
    }

    @Test
    void readEventsForAggregateWithGapsReturnsTheCompleteStream() {
        testSubject = createEngine(builder -> builder.batchSize(5));
        testSubject.appendEvents(createEvent(0), createEvent(1), createEvent(3), createEvent(4), createEvent(5),
                                 createEvent(6), createEvent(7));

        List<Long> sequenceNumbers = testSubject.readEvents(AGGREGATE, 0L).asStream()
                                                .map(DomainEventMessage::getSequenceNumber)
                                                .toList();
        assertEquals(List.of(0L, 1L, 3L, 4L, 5L, 6L, 7L), sequenceNumbers);
    }

    /** An aggregate is read a window of sequence numbers at a time: longer streams, and gaps at a window's edge, come whole. */
    @Test
    void readEventsForAggregateAcrossWindowsWithGapsAtTheirEdgesReturnsTheCompleteStream() {
        int window = MongoEventStorageEngine.AGGREGATE_WINDOW;
        List<Long> stored = LongStream.range(0, 3L * window + 3)
                                      .filter(sequence -> sequence != window - 1 && sequence != window && sequence != 2L * window)
                                      .boxed().toList();
        testSubject.appendEvents(stored.stream().map(sequence -> createEvent(sequence)).toList());

        List<Long> read = testSubject.readEvents(AGGREGATE, 0L).asStream().map(DomainEventMessage::getSequenceNumber).toList();

        assertEquals(stored, read);
        assertEquals(Optional.of(3L * window + 2), testSubject.lastSequenceNumberFor(AGGREGATE));
    }

    @Test
    void headTokenTreatsIndexesAllocatedButNotYetStoredAsGaps() {
        testSubject.appendEvents(createEvents(3));
        database.getCollection("event_counters")
                .updateOne(new Document("_id", "events"), new Document("$inc", new Document("allocated", 2L)));
        testSubject.appendEvents(createEvent("other", 0));

        GapAwareTrackingToken head = (GapAwareTrackingToken) testSubject.createHeadToken();
        assertEquals(6L, head.getIndex());
        assertEquals(List.of(4L, 5L), List.copyOf(head.getGaps()));
    }

    @Test
    void tailTokenReadsFromTheLowestGlobalSequence() {
        assertNull(testSubject.createTailToken());
        testSubject.appendEvents(createEvents(2));
        TrackingToken tail = testSubject.createTailToken();
        assertEquals(GapAwareTrackingToken.newInstance(0, List.of()), tail);
        assertEquals(2, testSubject.readEvents(tail, false).count());
    }
}
