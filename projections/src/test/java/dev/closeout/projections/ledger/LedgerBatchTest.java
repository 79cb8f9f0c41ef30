package dev.closeout.projections.ledger;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Sorts;
import dev.closeout.projections.support.Batches;
import dev.closeout.projections.support.ChangeLog;
import dev.closeout.projections.support.EmbeddedMongo;
import dev.closeout.projections.support.OfficeZone;
import org.axonframework.eventhandling.EventMessage;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ledger's lines written a processor batch at a time (decision 0018): the same documents as one event at
 * a time, whatever the batch's size, and the same lines when a batch is delivered again after a crash.
 */
class LedgerBatchTest {

    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    /** The read model's collections, its counters without their random epoch. */
    private static final List<String> WRITTEN = List.of(LedgerProjection.COLLECTION, LedgerProjection.TASK_INDEX,
            LedgerProjection.LEDGERS, LedgerProjection.FILL, LedgerProjection.VERSIONS, LedgerProjection.CHANGES);

    private EmbeddedMongo mongo;

    @BeforeEach
    void start() {
        mongo = new EmbeddedMongo();
    }

    @AfterEach
    void stop() {
        mongo.close();
    }

    @Test
    void a_batch_writes_the_documents_one_event_at_a_time_writes_whatever_its_size() {
        List<EventMessage<?>> events = Batches.twentyFourTasks();
        MongoDatabase single = mongo.database("single");
        Batches.deliverInBatches(new LedgerProjection(single, new OfficeZone(ZONE)), events, 1);

        for (int size : List.of(7, 40, events.size())) {
            MongoDatabase batched = mongo.database("batched-" + size);
            Batches.deliverInBatches(new LedgerProjection(batched, new OfficeZone(ZONE)), events, size);
            for (String collection : WRITTEN) {
                assertThat(documents(batched, collection)).as("%s in batches of %d", collection, size)
                        .isEqualTo(documents(single, collection));
            }
        }
        assertThat(documents(single, LedgerProjection.COLLECTION)).hasSize(24);
        assertThat(documents(single, LedgerProjection.VERSIONS)).hasSizeGreaterThan(24);
    }

    @Test
    void a_batch_delivered_again_after_its_slots_were_recorded_and_before_its_lines_were_written_writes_the_same_lines() {
        List<EventMessage<?>> events = Batches.twentyFourTasks();
        MongoDatabase reference = mongo.database("reference");
        Batches.deliverInBatches(new LedgerProjection(reference, new OfficeZone(ZONE)), events, 40);

        MongoDatabase crashed = mongo.database("crashed");
        LedgerProjection projection = new LedgerProjection(crashed, new OfficeZone(ZONE));
        Batches.deliver(projection, events.subList(0, 40));
        // what a crash after the index entries and before the lines leaves behind
        crashed.getCollection(LedgerProjection.COLLECTION).deleteMany(new Document());
        crashed.getCollection(LedgerProjection.VERSIONS).deleteMany(new Document());
        Batches.deliverInBatches(projection, events, 40);

        for (String collection : List.of(LedgerProjection.COLLECTION, LedgerProjection.TASK_INDEX,
                LedgerProjection.LEDGERS, LedgerProjection.VERSIONS)) {
            assertThat(documents(crashed, collection)).as(collection).isEqualTo(documents(reference, collection));
        }
    }

    @Test
    void a_batch_delivered_twice_changes_no_line_and_records_its_lines_again_for_the_copies() {
        List<EventMessage<?>> events = Batches.twentyFourTasks();
        MongoDatabase database = mongo.database("twice");
        LedgerProjection projection = new LedgerProjection(database, new OfficeZone(ZONE));
        Batches.deliver(projection, events);
        List<Document> lines = documents(database, LedgerProjection.COLLECTION);
        List<Document> versions = documents(database, LedgerProjection.VERSIONS);
        long changes = database.getCollection(LedgerProjection.CHANGES).countDocuments();

        Batches.deliver(projection, events);

        assertThat(documents(database, LedgerProjection.COLLECTION)).isEqualTo(lines);
        assertThat(documents(database, LedgerProjection.VERSIONS)).isEqualTo(versions);
        assertThat(database.getCollection(LedgerProjection.CHANGES).countDocuments()).as("recorded again")
                .isGreaterThan(changes);
    }

    private static List<Document> documents(MongoDatabase database, String collection) {
        List<Document> documents = new ArrayList<>();
        for (Document document : database.getCollection(collection).find().sort(Sorts.ascending("_id"))) {
            document.remove(ChangeLog.EPOCH);
            documents.add(document);
        }
        return documents;
    }
}
