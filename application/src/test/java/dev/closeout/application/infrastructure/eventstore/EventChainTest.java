package dev.closeout.application.infrastructure.eventstore;

import com.mongodb.client.MongoClient;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import dev.closeout.application.support.TestMongo;
import org.axonframework.eventsourcing.utils.TestSerializer;
import org.axonframework.modelling.command.ConcurrencyException;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.axonframework.eventsourcing.utils.EventStoreTestUtils.createEvent;

/** The hash chain the event store writes with every append. */
class EventChainTest {

    private ScratchEventStore store;
    private MongoEventStorageEngine engine;

    @BeforeEach
    void store() {
        store = new ScratchEventStore();
        engine = store.engine();
    }

    @AfterEach
    void dropDatabase() {
        store.close();
    }

    @Test
    void each_event_is_chained_to_the_previous_event_of_its_own_aggregate_across_appends() {
        engine.appendEvents(createEvent("a", 0), createEvent("b", 0), createEvent("a", 1));
        engine.appendEvents(createEvent("b", 1), createEvent("a", 2));

        for (String aggregate : List.of("a", "b")) {
            String previous = ChainHash.GENESIS;
            for (long sequence = 0; sequence <= (aggregate.equals("a") ? 2 : 1); sequence++) {
                Document event = stored(aggregate, sequence);
                assertThat(event.getString(EventChain.PREVIOUS_HASH)).as(aggregate + sequence).isEqualTo(previous);
                assertThat(event.getString(EventChain.HASH)).isEqualTo(ChainHash.of(event).chainedTo(previous));
                previous = event.getString(EventChain.HASH);
            }
        }
    }

    @Test
    void a_snapshot_is_not_chained() {
        engine.appendEvents(createEvent("a", 0));
        engine.storeSnapshot(createEvent("a", 0));
        assertThat(store.database().getCollection("snapshots").find().first()).doesNotContainKey(EventChain.HASH);
    }

    @Test
    void of_two_appends_racing_for_the_same_sequence_number_one_is_refused_and_the_chain_stays_whole() throws Exception {
        engine.appendEvents(createEvent("a", 0));
        ExecutorService writers = Executors.newFixedThreadPool(2);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Boolean>> appends = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                appends.add(writers.submit(() -> {
                    start.await();
                    try {
                        engine.appendEvents(createEvent("a", 1));
                        return true;
                    } catch (ConcurrencyException refused) {
                        return false;
                    }
                }));
            }
            start.countDown();
            assertThat(List.of(appends.get(0).get(), appends.get(1).get())).containsExactlyInAnyOrder(true, false);
        } finally {
            writers.shutdownNow();
        }
        engine.appendEvents(createEvent("a", 2));
        assertThat(stored("a", 1).getString(EventChain.PREVIOUS_HASH)).isEqualTo(stored("a", 0).getString(EventChain.HASH));
        assertThat(stored("a", 2).getString(EventChain.PREVIOUS_HASH)).isEqualTo(stored("a", 1).getString(EventChain.HASH));
    }

    @Test
    void an_append_chains_to_the_event_its_engine_last_appended_or_read_without_reading_it_back() {
        List<String> eventReads = new CopyOnWriteArrayList<>();
        CommandListener finds = new CommandListener() {
            @Override
            public void commandStarted(CommandStartedEvent event) {
                if (event.getCommandName().equals("find")) {
                    eventReads.add(event.getCommand().getString("find").getValue());
                }
            }
        };
        try (MongoClient client = TestMongo.newClient(finds)) {
            MongoEventStorageEngine counted = MongoEventStorageEngine.builder()
                    .eventSerializer(TestSerializer.xStreamSerializer())
                    .snapshotSerializer(TestSerializer.xStreamSerializer())
                    .database(client.getDatabase(store.database().getName()))
                    .build();
            counted.appendEvents(createEvent("a", 0));
            eventReads.clear();
            counted.appendEvents(createEvent("a", 1));
            assertThat(eventReads).as("reads of an append after its own").isEmpty();

            engine.appendEvents(createEvent("a", 2));
            assertThat(counted.readEvents("a").asStream().count()).isEqualTo(3);
            eventReads.clear();
            counted.appendEvents(createEvent("a", 3));
            assertThat(eventReads).as("reads of an append after a load that saw another engine's append").isEmpty();
        }
        String previous = ChainHash.GENESIS;
        for (long sequence = 0; sequence <= 3; sequence++) {
            Document event = stored("a", sequence);
            assertThat(event.getString(EventChain.PREVIOUS_HASH)).as("a" + sequence).isEqualTo(previous);
            assertThat(EventChain.intact(event)).isTrue();
            previous = event.getString(EventChain.HASH);
        }
    }

    private Document stored(String aggregate, long sequence) {
        return store.stored(aggregate, sequence);
    }
}
