package dev.closeout.application.infrastructure.audit;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import dev.closeout.application.infrastructure.eventstore.ChainHash;
import dev.closeout.application.infrastructure.eventstore.EventChain;
import dev.closeout.application.infrastructure.eventstore.MongoEventStorageEngine;
import dev.closeout.application.infrastructure.eventstore.ScratchEventStore;
import dev.closeout.projections.support.OfficeZone;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.axonframework.eventsourcing.utils.EventStoreTestUtils.createEvent;

/**
 * A store written before events were hashed is sealed once at the upgrade, by however many instances
 * start at once, with exactly the hashes its appends would have given; then chained from there.
 */
class ChainSealTest {

    private static final Instant UPGRADE = Instant.parse("2026-07-01T02:00:00Z");

    private ScratchEventStore store;
    private MongoDatabase database;
    private MongoEventStorageEngine engine;

    @BeforeEach
    void store() {
        store = new ScratchEventStore();
        database = store.database();
        engine = store.engine();
    }

    @AfterEach
    void dropDatabase() {
        store.close();
    }

    @Test
    void two_instances_sealing_an_old_store_at_once_give_every_event_the_hash_its_append_would_have() throws Exception {
        appendHistory();
        Map<Object, String> appended = hashes();
        events().updateMany(new Document(), new Document("$unset", new Document(EventChain.HASH, "")));

        ExecutorService instances = Executors.newFixedThreadPool(2);
        try {
            CountDownLatch start = new CountDownLatch(1);
            Callable<Instant> sealing = () -> {
                start.await();
                return seal().sealIfNeeded(UPGRADE);
            };
            List<Future<Instant>> runs = List.of(instances.submit(sealing), instances.submit(sealing));
            start.countDown();
            for (Future<Instant> run : runs) {
                assertThat(run.get()).isEqualTo(UPGRADE);
            }
        } finally {
            instances.shutdownNow();
        }

        assertThat(hashes()).isEqualTo(appended);
        Verification verification = verifier().verifyAll();
        assertThat(verification.broken()).isEmpty();
        assertThat(verification.verified()).isTrue();
        assertThat(verification.events()).isEqualTo(appended.size());
        assertThat(verification.sealedAt()).isEqualTo(UPGRADE);
    }

    @Test
    void a_sealed_store_is_not_sealed_again_and_is_chained_from_there() {
        appendHistory();
        events().updateMany(new Document(), new Document("$unset", new Document(EventChain.HASH, "")));
        seal().sealIfNeeded(UPGRADE);
        Document sealRecord = database.getCollection(ChainSeal.COLLECTION).find().first();

        assertThat(seal().sealIfNeeded(UPGRADE.plusSeconds(86_400))).isEqualTo(UPGRADE);
        assertThat(database.getCollection(ChainSeal.COLLECTION).find().first()).isEqualTo(sealRecord);
        engine.appendEvents(createEvent("task-a", 3));
        Document appended = store.stored("task-a", 3);
        assertThat(appended.getString(EventChain.HASH))
                .isEqualTo(ChainHash.of(appended).chainedTo(engine.chain().hashOf("task-a", 2)));
        assertThat(verifier().verifyAll().verified()).isTrue();
    }

    @Test
    void an_append_before_the_seal_chains_to_the_hash_its_old_predecessor_is_then_given() {
        appendHistory();
        Map<Object, String> appended = hashes();
        events().updateMany(new Document(), new Document("$unset", new Document(EventChain.HASH, "")));

        engine.appendEvents(createEvent("task-b", 2), createEvent("task-b", 3));
        seal().sealIfNeeded(UPGRADE);

        Map<Object, String> now = hashes();
        now.keySet().retainAll(appended.keySet());
        assertThat(now).isEqualTo(appended);
        assertThat(verifier().verifyAll().broken()).isEmpty();
    }

    @Test
    void a_store_chained_from_its_first_event_is_checked_not_sealed() {
        appendHistory();
        assertThat(seal().sealIfNeeded(UPGRADE)).isNull();
        Verification verification = verifier().verifyAll();
        assertThat(verification.verified()).isTrue();
        assertThat(verification.sealedAt()).isNull();
    }

    @Test
    void an_event_deleted_from_the_middle_of_a_chain_is_named_as_missing() {
        appendHistory();
        events().deleteOne(new Document("aggregateKey", "task-a/1"));

        Verification verification = verifier().verifyAll();
        assertThat(verification.verified()).isFalse();
        assertThat(verification.broken()).extracting(Broken::aggregateId, Broken::sequence)
                .containsExactly(tuple("task-a", 1L));
        assertThat(verifier().verifyAggregate("task-a").broken()).extracting(Broken::aggregateId, Broken::sequence)
                .containsExactly(tuple("task-a", 1L));
    }

    /** Three aggregates, appended in several batches, one append spanning two of them. */
    private void appendHistory() {
        engine.appendEvents(createEvent("task-a", 0), createEvent("task-a", 1));
        engine.appendEvents(createEvent("task-b", 0), createEvent("task-a", 2));
        engine.appendEvents(createEvent("task-b", 1));
        engine.appendEvents(createEvent("complaint-c", 0), createEvent("complaint-c", 1), createEvent("complaint-c", 2));
    }

    private ChainSeal seal() {
        return new ChainSeal(engine.chain(), database);
    }

    private ChainVerifier verifier() {
        return new ChainVerifier(engine.chain(), new Digests(engine.chain(), database, OfficeZone.china()), seal());
    }

    private MongoCollection<Document> events() {
        return store.events();
    }

    private Map<Object, String> hashes() {
        Map<Object, String> hashes = new HashMap<>();
        events().find().forEach(event -> hashes.put(event.get("_id"), event.getString(EventChain.HASH)));
        return hashes;
    }
}
