package dev.closeout.application.infrastructure.eventstore;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.ServerAddress;
import com.mongodb.bulk.WriteConcernError;
import com.mongodb.bulk.BulkWriteResult;
import org.axonframework.eventsourcing.eventstore.EventStoreException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import com.mongodb.event.CommandSucceededEvent;
import dev.closeout.application.support.TestMongo;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.eventhandling.DomainEventData;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.EventMessageHandler;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.SimpleEventHandlerInvoker;
import org.axonframework.eventhandling.TrackedEventData;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.WrappedToken;
import org.axonframework.eventhandling.tokenstore.UnableToClaimTokenException;
import org.axonframework.eventhandling.tokenstore.inmemory.InMemoryTokenStore;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.utils.TestSerializer;
import org.axonframework.messaging.MetaData;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.serialization.upcasting.event.EventUpcasterChain;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;
import java.util.stream.LongStream;

import static org.axonframework.eventsourcing.utils.EventStoreTestUtils.AGGREGATE;
import static org.axonframework.eventsourcing.utils.EventStoreTestUtils.createEvent;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Tracking under the conditions the JDBC contract tests do not reach: a writer that allocated its
 * global index but inserts late, many concurrent writers, and runs of failed appends.
 */
class MongoEventStorageEngineTrackingTest {

    private MongoClient client;
    private MongoDatabase database;
    /** The clock events were stamped by before the test: the shared application context sets its own. */
    private Clock eventClock;

    @BeforeEach
    void setUp() {
        eventClock = GenericEventMessage.clock;
        client = TestMongo.newClient();
        database = client.getDatabase(TestMongo.newDatabaseName());
    }

    @AfterEach
    void dropDatabase() {
        GenericEventMessage.clock = eventClock;
        database.drop();
        client.close();
    }

    private MongoEventStorageEngine.Builder builder() {
        return MongoEventStorageEngine.builder()
                                      .eventSerializer(TestSerializer.xStreamSerializer())
                                      .snapshotSerializer(TestSerializer.xStreamSerializer())
                                      .database(database);
    }

    private MongoEventStorageEngine engine(UnaryOperator<MongoEventStorageEngine.Builder> customization) {
        return customization.apply(builder()).build();
    }

    @Test
    void processorDeliversAnEventInsertedAfterALaterOneExactlyOnceInInsertOrder() throws Exception {
        CountDownLatch allocated = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        MongoEventStorageEngine engine = new MongoEventStorageEngine(builder()) {
            @Override
            protected void insertEventDocuments(List<Document> documents) {
                if ("held".equals(documents.get(0).getString(MongoEventStorageEngine.AGGREGATE_IDENTIFIER))) {
                    allocated.countDown();
                    await(release);
                }
                super.insertEventDocuments(documents);
            }
        };
        EmbeddedEventStore eventStore = EmbeddedEventStore.builder()
                                                          .storageEngine(engine)
                                                          .fetchDelay(50)
                                                          .build();
        List<String> received = new CopyOnWriteArrayList<>();
        InMemoryTokenStore tokenStore = new InMemoryTokenStore();
        TrackingEventProcessor processor = processor(eventStore, tokenStore, received);
        processor.start();
        try {
            DomainEventMessage<String> heldEvent = createEvent("held", 0);
            DomainEventMessage<String> laterEvent = createEvent("later", 0);
            CompletableFuture<Void> heldWriter = CompletableFuture.runAsync(() -> engine.appendEvents(heldEvent));
            assertTrue(allocated.await(30, TimeUnit.SECONDS));
            engine.appendEvents(laterEvent);

            waitFor(() -> processorToken(tokenStore).filter(token -> token.getIndex() == 2L).isPresent(),
                    Duration.ofSeconds(30));
            GapAwareTrackingToken whileHeld = processorToken(tokenStore).orElseThrow();
            assertEquals(2L, whileHeld.getIndex());
            assertEquals(Set.of(1L), whileHeld.getGaps());

            Thread.sleep(3_000);
            assertEquals(List.of(laterEvent.getIdentifier()), received);

            release.countDown();
            heldWriter.get(30, TimeUnit.SECONDS);
            waitFor(() -> processorToken(tokenStore).filter(token -> !token.hasGaps()).isPresent(),
                    Duration.ofSeconds(30));
            Thread.sleep(500);
            assertEquals(List.of(laterEvent.getIdentifier(), heldEvent.getIdentifier()), received);
            assertEquals(2L, processorToken(tokenStore).orElseThrow().getIndex());
        } finally {
            release.countDown();
            processor.shutDown();
            eventStore.shutDown();
        }
    }

    /**
     * The processor's stored position, once it has stored one; the token it starts with may be
     * wrapped in a ReplayToken.
     */
    private static Optional<GapAwareTrackingToken> processorToken(InMemoryTokenStore tokenStore) {
        try {
            return Optional.ofNullable(tokenStore.fetchToken("gap-test", 0))
                           .flatMap(token -> WrappedToken.unwrap(token, GapAwareTrackingToken.class));
        } catch (UnableToClaimTokenException notInitializedYet) {
            return Optional.empty();
        }
    }

    private static TrackingEventProcessor processor(EmbeddedEventStore eventStore,
                                                    InMemoryTokenStore tokenStore,
                                                    List<String> received) {
        EventMessageHandler handler = event -> {
            received.add(event.getIdentifier());
            return null;
        };
        return TrackingEventProcessor.builder()
                                     .name("gap-test")
                                     .eventHandlerInvoker(SimpleEventHandlerInvoker.builder()
                                                                                   .eventHandlers(handler)
                                                                                   .build())
                                     .messageSource(eventStore)
                                     .tokenStore(tokenStore)
                                     .transactionManager(NoTransactionManager.INSTANCE)
                                     .trackingEventProcessorConfiguration(
                                             TrackingEventProcessorConfiguration.forSingleThreadedProcessing()
                                                                                .andEventAvailabilityTimeout(
                                                                                        100, TimeUnit.MILLISECONDS))
                                     .build();
    }

    @Test
    void concurrentWritersGetUniqueIndexesAndOneTokenSeesEveryEventOnce() throws Exception {
        MongoEventStorageEngine engine = engine(b -> b.batchSize(50));
        int writers = 8;
        int appendsPerWriter = 150;
        Set<String> stored = ConcurrentHashMap.newKeySet();
        List<Throwable> unexpected = new CopyOnWriteArrayList<>();
        AtomicBoolean writing = new AtomicBoolean(true);

        List<String> trackedWhileWriting = new ArrayList<>();
        CompletableFuture<Void> tracker = CompletableFuture.runAsync(() -> {
            TrackingToken token = null;
            while (writing.get() || trackedWhileWriting.size() < stored.size()) {
                List<? extends TrackedEventData<?>> batch = engine.fetchTrackedEvents(token, 50);
                if (batch.isEmpty()) {
                    pause();
                }
                for (TrackedEventData<?> event : batch) {
                    trackedWhileWriting.add(((DomainEventData<?>) event).getEventIdentifier());
                    token = event.trackingToken();
                }
            }
        });

        ExecutorService pool = Executors.newFixedThreadPool(writers);
        int sharedConflicts = 0;
        try {
            List<CompletableFuture<Integer>> results = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                String writer = "writer-" + w;
                results.add(CompletableFuture.supplyAsync(
                        () -> write(engine, writer, appendsPerWriter, stored, unexpected), pool));
            }
            for (CompletableFuture<Integer> result : results) {
                sharedConflicts += result.get(120, TimeUnit.SECONDS);
            }
        } finally {
            writing.set(false);
            pool.shutdown();
        }
        tracker.get(60, TimeUnit.SECONDS);

        assertTrue(unexpected.isEmpty(), () -> "unexpected failures: " + unexpected);
        assertEquals(stored.size(), database.getCollection("events").countDocuments());
        assertNoDuplicatesAndSameAs(stored, trackedWhileWriting);

        List<String> singlePass = engine.readEvents(null, false).map(EventMessage::getIdentifier).toList();
        assertNoDuplicatesAndSameAs(stored, singlePass);

        long allocated = ((Number) database.getCollection("event_counters").find().first().get("allocated")).longValue();
        assertTrue(allocated >= stored.size(), "every stored event used an allocated index");
        assertTrue(sharedConflicts == 0 || allocated > stored.size(), "conflicting appends leave unused indexes");
    }

    /**
     * Each writer mostly appends 1-3 events to aggregates only it writes (a failure there could only
     * be an index handed out twice) and sometimes to a shared aggregate, where conflicts are expected.
     * Returns the number of such conflicts.
     */
    private static int write(MongoEventStorageEngine engine, String writer, int appends,
                             Set<String> stored, List<Throwable> unexpected) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        Map<String, Long> nextSequence = new HashMap<>();
        int conflicts = 0;
        for (int i = 0; i < appends; i++) {
            boolean shared = random.nextInt(10) == 0;
            String aggregate = shared ? "shared-" + random.nextInt(3) : writer + "-" + random.nextInt(25);
            long first = shared
                    ? engine.lastSequenceNumberFor(aggregate).map(last -> last + 1).orElse(0L)
                    : nextSequence.getOrDefault(aggregate, 0L);
            List<DomainEventMessage<?>> events = new ArrayList<>();
            for (int e = 0; e < 1 + random.nextInt(3); e++) {
                events.add(createEvent(aggregate, first + e));
            }
            try {
                engine.appendEvents(events);
                events.forEach(event -> stored.add(event.getIdentifier()));
                nextSequence.put(aggregate, first + events.size());
            } catch (ConcurrencyException | AggregateStreamCreationException e) {
                if (shared) {
                    conflicts++;
                } else {
                    unexpected.add(e);
                }
            } catch (RuntimeException e) {
                unexpected.add(e);
            }
        }
        return conflicts;
    }

    private static void assertNoDuplicatesAndSameAs(Set<String> expected, List<String> actual) {
        Set<String> distinct = new HashSet<>(actual);
        assertEquals(actual.size(), distinct.size(), "an event was delivered twice");
        assertEquals(expected, distinct);
    }

    @Test
    void aRunOfFailedAppendsLongerThanABatchDoesNotStallTrackingAndTimesOut() throws Exception {
        MongoEventStorageEngine engine = engine(b -> b.batchSize(10).gapTimeout(1_000).gapCleaningThreshold(10));
        // Events are stamped, and the gap timeout is judged, by a clock that stands still until the test moves
        // it: on a slow machine more than the timeout's second could pass between stamping events and reading them.
        Instant stamped = GenericEventMessage.clock.instant();
        GenericEventMessage.clock = Clock.fixed(stamped, ZoneOffset.UTC);
        engine.appendEvents(createEvent(0), createEvent(1), createEvent(2));
        TrackingToken beforeFailures = last(engine.readEvents(null, false).toList()).trackingToken();

        for (int i = 0; i < 25; i++) {
            assertThrows(AggregateStreamCreationException.class, () -> engine.appendEvents(createEvent(0)));
        }
        engine.appendEvents(createEvent(3), createEvent(4), createEvent(5));

        List<? extends TrackedEventMessage<?>> afterFailures = engine.readEvents(beforeFailures, false).toList();
        assertEquals(List.of(3L, 4L, 5L), sequenceNumbers(afterFailures));
        GapAwareTrackingToken withGaps = (GapAwareTrackingToken) last(afterFailures).trackingToken();
        assertEquals(31L, withGaps.getIndex());
        assertEquals(25, withGaps.getGaps().size(), "within the gap timeout, missing indexes are waited for");

        GenericEventMessage.clock = Clock.fixed(stamped.plusMillis(1_200), ZoneOffset.UTC);
        engine.appendEvents(createEvent(6));
        List<? extends TrackedEventMessage<?>> afterTimeout = engine.readEvents(withGaps, false).toList();
        assertEquals(List.of(6L), sequenceNumbers(afterTimeout));
        GapAwareTrackingToken cleaned = (GapAwareTrackingToken) last(afterTimeout).trackingToken();
        assertEquals(32L, cleaned.getIndex());
        assertTrue(cleaned.getGaps().isEmpty(), "gaps behind events older than the gap timeout are dropped");

        List<? extends TrackedEventMessage<?>> fromStart = engine.readEvents(null, false).toList();
        assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 5L, 6L), sequenceNumbers(fromStart));
        assertFalse(((GapAwareTrackingToken) last(fromStart).trackingToken()).hasGaps());
        assertEquals(7, engine.readEvents(AGGREGATE).asStream().count());
    }

    /**
     * A processor that keeps up reads the few events appended since its last batch. Asking for a whole batch of
     * indexes (1,000 in the application) at every poll sent a thousand keys the server looked up one by one.
     */
    @Test
    void aProcessorAtTheHeadAsksOnlyForIndexesHandedOut() {
        List<Integer> keysAsked = new CopyOnWriteArrayList<>();
        CommandListener listener = new CommandListener() {
            @Override
            public void commandStarted(CommandStartedEvent event) {
                BsonArray asked = globalIndexesAsked(event);
                if (asked != null) {
                    keysAsked.add(asked.size());
                }
            }
        };
        try (MongoClient listened = TestMongo.newClient(listener)) {
            MongoEventStorageEngine engine = builder().database(listened.getDatabase(database.getName()))
                    .batchSize(1_000).build();
            engine.appendEvents(createEvent(0), createEvent(1), createEvent(2));
            TrackingToken head = last(engine.readEvents(null, false).toList()).trackingToken();
            engine.appendEvents(createEvent(3), createEvent(4));
            keysAsked.clear();

            List<? extends TrackedEventMessage<?>> appended = engine.readEvents(head, false).toList();

            assertEquals(List.of(3L, 4L), sequenceNumbers(appended));
            assertEquals(2, keysAsked.stream().mapToInt(Integer::intValue).max().orElseThrow(),
                    "indexes asked for, per query: " + keysAsked);
        }
    }

    /**
     * Read models replaying together read each stretch of the store once: a second tracker reading events stamped
     * longer ago than the gap timeout gets the first one's copies, and the same events with the same tokens, their
     * payloads and metadata deserialized once for both.
     */
    @Test
    void processorsReplayingTogetherReadSettledEventsFromTheStoreOnce() {
        Instant now = Instant.now();
        GenericEventMessage.clock = Clock.fixed(now.minus(Duration.ofHours(1)), ZoneOffset.UTC);
        List<Integer> eventsRead = new CopyOnWriteArrayList<>();
        try (MongoClient listened = TestMongo.newClient(eventsReadTo(eventsRead))) {
            MongoEventStorageEngine engine = jacksonBuilder().database(listened.getDatabase(database.getName()))
                    .settledEventsHeld(100).build();
            engine.appendEvents(sampleEvents(4));
            GenericEventMessage.clock = Clock.fixed(now, ZoneOffset.UTC);

            List<? extends TrackedEventMessage<?>> first = engine.readEvents(null, false).toList();
            int readByTheFirst = eventsRead.stream().mapToInt(Integer::intValue).sum();
            eventsRead.clear();
            List<? extends TrackedEventMessage<?>> second = engine.readEvents(null, false).toList();

            assertEquals(4, readByTheFirst);
            assertEquals(List.of(), eventsRead, "events read from the store by the second processor");
            assertEquals(List.of(0L, 1L, 2L, 3L), sequenceNumbers(second));
            assertEquals(first.stream().map(TrackedEventMessage::trackingToken).toList(),
                    second.stream().map(TrackedEventMessage::trackingToken).toList());
            assertEquals(first.stream().map(EventMessage::getIdentifier).toList(),
                    second.stream().map(EventMessage::getIdentifier).toList());
            for (int i = 0; i < first.size(); i++) {
                assertEquals(new Sample(i, "note " + i), second.get(i).getPayload());
                assertSame(first.get(i).getPayload(), second.get(i).getPayload(), "payload of event " + i);
                assertSame(first.get(i).getMetaData(), second.get(i).getMetaData(), "metadata of event " + i);
            }
        }
    }

    /**
     * Read models let go together at the head of a replay's convoy ask for the same settled stretch at the same
     * moment, before either has held it: the second waits for the first's read and takes its copies instead of
     * reading the stretch again.
     */
    @Test
    void readersAskingForTheSameStretchAtOnceReadItFromTheStoreOnce() throws Exception {
        Instant now = Instant.now();
        GenericEventMessage.clock = Clock.fixed(now.minus(Duration.ofHours(1)), ZoneOffset.UTC);
        List<Integer> eventsRead = new CopyOnWriteArrayList<>();
        CountDownLatch firstReading = new CountDownLatch(1);
        CountDownLatch goOn = new CountDownLatch(1);
        AtomicBoolean firstFind = new AtomicBoolean(true);
        CommandListener counted = eventsReadTo(eventsRead);
        CommandListener holdingTheFirstRead = new CommandListener() {
            @Override
            public void commandStarted(CommandStartedEvent event) {
                counted.commandStarted(event);
                // the driver tells its listeners in the sending thread: the first read stays in flight here
                if (globalIndexesAsked(event) != null && firstFind.compareAndSet(true, false)) {
                    firstReading.countDown();
                    await(goOn);
                }
            }

            @Override
            public void commandSucceeded(CommandSucceededEvent event) {
                counted.commandSucceeded(event);
            }
        };
        ExecutorService readers = Executors.newFixedThreadPool(2);
        try (MongoClient listened = TestMongo.newClient(holdingTheFirstRead)) {
            MongoEventStorageEngine engine = jacksonBuilder().database(listened.getDatabase(database.getName()))
                    .settledEventsHeld(100).build();
            engine.appendEvents(sampleEvents(4));
            GenericEventMessage.clock = Clock.fixed(now, ZoneOffset.UTC);

            CompletableFuture<List<? extends TrackedEventMessage<?>>> first = CompletableFuture.supplyAsync(
                    () -> engine.readEvents(null, false).toList(), readers);
            await(firstReading);
            CompletableFuture<List<? extends TrackedEventMessage<?>>> second = CompletableFuture.supplyAsync(
                    () -> engine.readEvents(null, false).toList(), readers);
            waitFor(() -> engine.settledEvents().waiting() == 1, Duration.ofSeconds(30));
            goOn.countDown();

            List<? extends TrackedEventMessage<?>> firstRead = first.get(30, TimeUnit.SECONDS);
            List<? extends TrackedEventMessage<?>> secondRead = second.get(30, TimeUnit.SECONDS);
            assertEquals(4, eventsRead.stream().mapToInt(Integer::intValue).sum(), "events read from the store");
            assertEquals(4, engine.trackedHeld(), "events given from memory");
            assertEquals(List.of(0L, 1L, 2L, 3L), sequenceNumbers(secondRead));
            assertEquals(firstRead.stream().map(TrackedEventMessage::trackingToken).toList(),
                    secondRead.stream().map(TrackedEventMessage::trackingToken).toList());
            // the same payloads, though not always the same objects: the two may turn a held event into its message
            // at the same moment, and then each deserializes it (SettledEvents.Held#messages)
            assertEquals(firstRead.stream().map(EventMessage::getPayload).toList(),
                    secondRead.stream().map(EventMessage::getPayload).toList());
        } finally {
            goOn.countDown();
            readers.shutdownNow();
        }
    }

    /**
     * A processor keeping up with this instance's own appends reads their events without first reading the counter
     * of allocated indexes: the index the append was handed says how far to read (three round trips a command).
     */
    @Test
    void trackingAfterThisInstancesOwnAppendReadsNoCounter() {
        List<String> counterReads = new CopyOnWriteArrayList<>();
        try (MongoClient listened = TestMongo.newClient(counterReadsTo(counterReads))) {
            MongoEventStorageEngine engine = jacksonBuilder().database(listened.getDatabase(database.getName()))
                    .ownAllocationFresh(Duration.ofHours(1)).build();
            engine.appendEvents(sampleEvents(2));
            counterReads.clear();

            List<? extends TrackedEventMessage<?>> read = engine.readEvents(null, false).toList();

            assertEquals(List.of(0L, 1L), sequenceNumbers(read));
            assertEquals(List.of(), counterReads, "reads of the counter");
        }
    }

    /**
     * Another instance's appends after this one's last are not skipped: they are read at this instance's next
     * append, whose index counts every one handed out before it, or once this instance's own is no longer fresh.
     */
    @Test
    void anotherInstancesAppendsAreReadAtThisInstancesNextAppendOrWhenItsOwnIsNoLongerFresh() {
        MongoEventStorageEngine here = jacksonBuilder().ownAllocationFresh(Duration.ofHours(1)).build();
        MongoEventStorageEngine there = jacksonBuilder().build();
        MongoEventStorageEngine askingEveryTime = jacksonBuilder().ownAllocationFresh(Duration.ZERO).build();
        here.appendEvents(sampleEvent("here", 0));
        there.appendEvents(sampleEvent("there", 0));
        askingEveryTime.appendEvents(sampleEvent("asking", 0));

        List<? extends TrackedEventMessage<?>> first = here.readEvents(null, false).toList();
        assertEquals(List.of("here"), aggregates(first), "while this instance's own append is fresh");
        assertEquals(List.of("here", "there", "asking"), aggregates(askingEveryTime.readEvents(null, false).toList()));

        here.appendEvents(sampleEvent("here", 1));
        List<? extends TrackedEventMessage<?>> next = here.readEvents(last(first).trackingToken(), false).toList();

        assertEquals(List.of("there", "asking", "here"), aggregates(next));
        assertEquals(Set.of(), ((GapAwareTrackingToken) last(next).trackingToken()).getGaps());
    }

    /**
     * A processor catching up, or replaying, reads the counter of allocated indexes once for the stretch it has seen
     * handed out, not at every fetch: a rebuild fetches 123,000 events in batches of 100 twelve times over.
     */
    @Test
    void aReaderCatchingUpReadsTheCounterOnceForTheStretchItHasSeenHandedOut() {
        jacksonBuilder().batchSize(10).build().appendEvents(sampleEvents(100));
        List<String> counterReads = new CopyOnWriteArrayList<>();
        try (MongoClient listened = TestMongo.newClient(counterReadsTo(counterReads))) {
            MongoEventStorageEngine reader = jacksonBuilder().database(listened.getDatabase(database.getName()))
                    .batchSize(10).build();

            List<? extends TrackedEventMessage<?>> read = reader.readEvents(null, false).toList();

            assertEquals(LongStream.range(0, 100).boxed().toList(), sequenceNumbers(read));
            assertEquals(100L, ((GapAwareTrackingToken) last(read).trackingToken()).getIndex());
            // the first fetch, and the one past the hundredth index; a fetch each was ten or eleven
            assertTrue(counterReads.size() <= 2, "reads of the counter: " + counterReads.size());
        }
    }

    /**
     * The count a reader has seen may end inside a run of failed appends; the events after the run are still found,
     * because an empty batch looks ahead as far as the counter says at that moment.
     */
    @Test
    void aReaderThatSawTheCountInsideARunOfFailedAppendsFindsTheEventsAfterIt() {
        MongoEventStorageEngine writer = engine(b -> b.batchSize(10));
        MongoEventStorageEngine reader = engine(b -> b.batchSize(10));
        writer.appendEvents(createEvent(0), createEvent(1), createEvent(2));
        for (int i = 0; i < 25; i++) {
            assertThrows(AggregateStreamCreationException.class, () -> writer.appendEvents(createEvent(0)));
        }
        List<? extends TrackedEventMessage<?>> before = reader.readEvents(null, false).toList();
        assertEquals(List.of(0L, 1L, 2L), sequenceNumbers(before));

        writer.appendEvents(createEvent(3), createEvent(4));
        List<? extends TrackedEventMessage<?>> after = reader.readEvents(last(before).trackingToken(), false).toList();

        assertEquals(List.of(3L, 4L), sequenceNumbers(after));
    }

    /**
     * On a replica set, an insert the primary took but a majority did not acknowledge in time fails with a write-concern
     * error and no write error: the append fails as a whole, said as a store failure (it had failed on an index out of
     * the empty list of write errors, naming the wrong cause), and nothing of it stays stored.
     */
    @Test
    void an_append_a_majority_did_not_acknowledge_fails_as_a_whole_naming_the_store() {
        MongoEventStorageEngine engine = new MongoEventStorageEngine(builder()) {
            @Override
            protected void insertEventDocuments(List<Document> documents) {
                super.insertEventDocuments(documents);
                throw new MongoBulkWriteException(BulkWriteResult.acknowledged(documents.size(), 0, 0, 0,
                        List.of(), List.of()), List.of(), new WriteConcernError(64, "WriteConcernFailed",
                        "waiting for replication timed out", new BsonDocument()), new ServerAddress(), Set.of());
            }
        };

        assertThrows(EventStoreException.class, () -> engine.appendEvents(createEvent(0), createEvent(1)));

        assertEquals(0, engine.readEvents(AGGREGATE).asStream().count(), "events left stored");
    }

    private static DomainEventMessage<Sample> sampleEvent(String aggregate, long sequenceNumber) {
        return new GenericDomainEventMessage<>("Sample", aggregate, sequenceNumber,
                new Sample((int) sequenceNumber, aggregate), MetaData.emptyInstance());
    }

    private static List<String> aggregates(List<? extends TrackedEventMessage<?>> events) {
        return events.stream().map(event -> ((DomainEventMessage<?>) event).getAggregateIdentifier()).toList();
    }

    /** Notes each find of the counters collection. */
    private static CommandListener counterReadsTo(List<String> reads) {
        return new CommandListener() {
            @Override
            public void commandStarted(CommandStartedEvent event) {
                if (event.getCommandName().equals("find")
                        && event.getCommand().getString("find").getValue().equals("event_counters")) {
                    reads.add(event.getCommand().toJson());
                }
            }
        };
    }

    /**
     * With an upcaster chain, which may upcast an event in the context of those before it in the reader's stream,
     * each reader turns the events it reads into messages of its own, as Axon's engines do.
     */
    @Test
    void withAnUpcasterChainEachReaderDeserializesItsOwnEvents() {
        Instant now = Instant.now();
        GenericEventMessage.clock = Clock.fixed(now.minus(Duration.ofHours(1)), ZoneOffset.UTC);
        MongoEventStorageEngine engine = jacksonBuilder().settledEventsHeld(100)
                .upcasterChain(new EventUpcasterChain(events -> events)).build();
        engine.appendEvents(sampleEvents(2));
        GenericEventMessage.clock = Clock.fixed(now, ZoneOffset.UTC);

        List<? extends TrackedEventMessage<?>> first = engine.readEvents(null, false).toList();
        List<? extends TrackedEventMessage<?>> second = engine.readEvents(null, false).toList();

        assertEquals(first.stream().map(TrackedEventMessage::trackingToken).toList(),
                second.stream().map(TrackedEventMessage::trackingToken).toList());
        assertEquals(new Sample(1, "note 1"), second.get(1).getPayload());
        assertNotSame(first.get(1).getPayload(), second.get(1).getPayload());
    }

    /** A payload Jackson reads into a new object each time, as the application's events are. */
    record Sample(int number, String note) {
    }

    private MongoEventStorageEngine.Builder jacksonBuilder() {
        JacksonSerializer serializer = JacksonSerializer.defaultSerializer();
        return MongoEventStorageEngine.builder().eventSerializer(serializer).snapshotSerializer(serializer)
                                      .database(database);
    }

    private static List<DomainEventMessage<Sample>> sampleEvents(int count) {
        return IntStream.range(0, count).mapToObj(i -> (DomainEventMessage<Sample>) new GenericDomainEventMessage<>(
                "Sample", "sample-1", i, new Sample(i, "note " + i), MetaData.with("actor", "dept-a"))).toList();
    }

    /**
     * Events younger than the gap timeout are read from the store by every reader, as before: one may still be
     * taken back by an append that fails, and processors keeping up share them in Axon's event store anyway.
     */
    @Test
    void eventsYoungerThanTheGapTimeoutAreReadFromTheStoreEachTime() {
        GenericEventMessage.clock = Clock.fixed(Instant.now(), ZoneOffset.UTC);
        List<Integer> eventsRead = new CopyOnWriteArrayList<>();
        try (MongoClient listened = TestMongo.newClient(eventsReadTo(eventsRead))) {
            MongoEventStorageEngine engine = builder().database(listened.getDatabase(database.getName()))
                    .settledEventsHeld(100).build();
            engine.appendEvents(createEvent(0), createEvent(1), createEvent(2));

            engine.readEvents(null, false).toList();
            engine.readEvents(null, false).toList();

            assertEquals(6, eventsRead.stream().mapToInt(Integer::intValue).sum(), "events read from the store");
        }
    }

    /** Counts the events each read of the events collection by global index returns. */
    private static CommandListener eventsReadTo(List<Integer> eventsRead) {
        Set<Integer> finds = ConcurrentHashMap.newKeySet();
        return new CommandListener() {
            @Override
            public void commandStarted(CommandStartedEvent event) {
                // whole events, not the look-ahead's ids
                if (globalIndexesAsked(event) != null && !event.getCommand().containsKey("projection")) {
                    finds.add(event.getRequestId());
                }
            }

            @Override
            public void commandSucceeded(CommandSucceededEvent event) {
                if (finds.remove(event.getRequestId())) {
                    eventsRead.add(event.getResponse().getDocument("cursor").getArray("firstBatch").size());
                }
            }
        };
    }

    /** The global indexes a find of the events collection asks for ({@code _id $in}); null for any other command. */
    private static BsonArray globalIndexesAsked(CommandStartedEvent event) {
        BsonDocument command = event.getCommand();
        if (event.getCommandName().equals("find") && command.getString("find").getValue().equals("events")
                && command.getDocument("filter").get("_id") instanceof BsonDocument in && in.containsKey("$in")) {
            return in.getArray("$in");
        }
        return null;
    }

    private static List<Long> sequenceNumbers(List<? extends TrackedEventMessage<?>> events) {
        return events.stream().map(event -> ((DomainEventMessage<?>) event).getSequenceNumber()).toList();
    }

    private static <T> T last(List<T> list) {
        return list.get(list.size() - 1);
    }

    private static void waitFor(BooleanSupplier condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("condition not met within " + timeout);
            }
            Thread.sleep(20);
        }
    }

    private static void pause() {
        try {
            Thread.sleep(5);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("held writer was never released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
