package dev.closeout.application.infrastructure.audit;

import com.mongodb.client.MongoCollection;
import dev.closeout.application.infrastructure.eventstore.MongoEventStorageEngine;
import dev.closeout.application.infrastructure.eventstore.ScratchEventStore;
import dev.closeout.projections.support.OfficeZone;
import org.bson.Document;
import org.bson.types.Binary;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.axonframework.eventsourcing.utils.EventStoreTestUtils.createEvent;

/**
 * Events altered behind the engine's back and stored where the walk by global index does not look
 * (under an {@code _id} below the lowest index, above every index handed out, or not an index at all)
 * are still judged and named; and what verifying one item cannot see.
 */
class ChainVerifierTest {

    private static final Instant NOW = Instant.parse("2026-07-01T02:00:00Z");

    private ScratchEventStore store;
    private MongoEventStorageEngine engine;

    @BeforeEach
    void fourEventsOfATaskAndTwoOfAnother() {
        store = new ScratchEventStore();
        engine = store.engine();
        engine.appendEvents(createEvent("task-a", 0, "挂账"), createEvent("task-a", 1, "认领"));
        engine.appendEvents(createEvent("task-b", 0, "挂账"));
        engine.appendEvents(createEvent("task-a", 2, "完成 2 段"), createEvent("task-b", 1, "认领"));
        engine.appendEvents(createEvent("task-a", 3, "完成 3 段"));
        assertThat(verifier().verifyAll().verified()).isTrue();
    }

    @AfterEach
    void dropDatabase() {
        store.close();
    }

    @Test
    void an_edited_event_moved_below_the_lowest_global_index_is_named() {
        moveEdited("task-a", 2, -1L);

        Verification all = verifier().verifyAll();
        assertThat(all.verified()).isFalse();
        assertThat(all.broken()).extracting(Broken::aggregateId, Broken::sequence, Broken::reason)
                .containsExactly(tuple("task-a", 2L, "its content does not match its hash"));
        assertThat(all.events()).isEqualTo(6);
        assertThat(verifier().verifyAggregate("task-a").broken()).extracting(Broken::aggregateId, Broken::sequence)
                .containsExactly(tuple("task-a", 2L));
    }

    @Test
    void the_newest_event_edited_and_moved_above_every_index_handed_out_is_named() {
        moveEdited("task-a", 3, engine.chain().highestAllocatedIndex() + 1_000);

        Verification all = verifier().verifyAll();
        assertThat(all.verified()).isFalse();
        assertThat(all.broken()).extracting(Broken::aggregateId, Broken::sequence, Broken::reason)
                .containsExactly(tuple("task-a", 3L, "its content does not match its hash"));
    }

    @Test
    void the_newest_event_a_digest_recorded_edited_and_moved_is_named() {
        digests().record(NOW);
        moveEdited("task-a", 3, -1L);

        Verification all = verifier().verifyAll();
        assertThat(all.verified()).isFalse();
        assertThat(all.broken()).extracting(Broken::aggregateId, Broken::sequence, Broken::reason)
                .containsExactly(tuple("task-a", 3L, "its content does not match its hash"));
        assertThat(verifier().verifyAggregate("task-a").broken()).extracting(Broken::aggregateId, Broken::sequence)
                .containsExactly(tuple("task-a", 3L));
    }

    @Test
    void an_event_moved_whole_under_an_id_never_handed_out_as_a_global_index_is_named() {
        move("task-a", 1, 2.5);
        move("task-b", 1, "task-b/1");

        Verification all = verifier().verifyAll();
        assertThat(all.verified()).isFalse();
        assertThat(all.broken()).extracting(Broken::aggregateId, Broken::sequence, Broken::reason)
                .containsExactlyInAnyOrder(
                        tuple("task-a", 1L, "stored under _id 2.5, not a global index handed out"),
                        tuple("task-b", 1L, "stored under _id task-b/1, not a global index handed out"));
        assertThat(all.events()).isEqualTo(6);
    }

    @Test
    void a_document_that_is_not_an_event_stored_outside_the_walk_is_named() {
        events().insertOne(new Document("_id", 0L).append("note", "not an event"));

        Verification all = verifier().verifyAll();
        assertThat(all.verified()).isFalse();
        assertThat(all.broken()).extracting(Broken::aggregateId, Broken::reason)
                .containsExactly(tuple(null, "a document that is not an event is stored under _id 0"));
    }

    @Test
    void an_items_newest_events_deleted_with_its_recorded_head_pass_its_own_check_but_not_the_whole_stores() {
        Digest digest = digests().record(NOW);
        events().deleteOne(new Document("aggregateKey", "task-a/3"));
        store.database().getCollection(Digests.HEADS).deleteOne(new Document("_id", "task-a"));

        // what one item's check cannot see (docs/audit.md): the index of recorded heads is not covered by any hash
        assertThat(verifier().verifyAggregate("task-a").verified()).isTrue();
        Verification all = verifier().verifyAll();
        assertThat(all.verified()).isFalse();
        assertThat(all.broken()).extracting(Broken::aggregateId, Broken::sequence, Broken::digest)
                .containsExactly(tuple("task-a", 3L, digest.name()));
    }

    /** Stores the event, its payload edited and its hash kept, under {@code id} instead of its own global index. */
    private void moveEdited(String aggregate, long sequence, Object id) {
        Document original = store.stored(aggregate, sequence);
        String payload = new String(original.get("payload", Binary.class).getData(), StandardCharsets.UTF_8);
        assertThat(payload).contains("段");
        Document edited = new Document(original).append("_id", id)
                .append("payload", new Binary(payload.replace("段", "公里").getBytes(StandardCharsets.UTF_8)));
        events().deleteOne(new Document("_id", original.get("_id")));
        events().insertOne(edited);
    }

    /** Stores the event as it is, hash and all, under {@code id} instead of its own global index. */
    private void move(String aggregate, long sequence, Object id) {
        Document original = store.stored(aggregate, sequence);
        events().deleteOne(new Document("_id", original.get("_id")));
        events().insertOne(new Document(original).append("_id", id));
    }

    private MongoCollection<Document> events() {
        return store.events();
    }

    private Digests digests() {
        return new Digests(engine.chain(), store.database(), OfficeZone.china());
    }

    private ChainVerifier verifier() {
        return new ChainVerifier(engine.chain(), digests(), new ChainSeal(engine.chain(), store.database()));
    }
}
