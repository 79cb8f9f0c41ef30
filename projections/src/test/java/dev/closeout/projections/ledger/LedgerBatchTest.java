package dev.closeout.projections.ledger;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Sorts;
import dev.closeout.domain.common.Actor;
import dev.closeout.domain.task.TaskEvent.TaskClaimed;
import dev.closeout.domain.task.TaskEvent.TaskClosed;
import dev.closeout.domain.task.TaskEvent.TaskClosureRequested;
import dev.closeout.domain.task.TaskEvent.TaskExtensionApproved;
import dev.closeout.domain.task.TaskEvent.TaskExtensionRequested;
import dev.closeout.domain.task.TaskEvent.TaskProgressReported;
import dev.closeout.domain.task.TaskEvent.TaskRegistered;
import dev.closeout.domain.task.TaskId;
import dev.closeout.domain.task.TaskSource;
import dev.closeout.projections.support.Batches;
import dev.closeout.projections.support.Batches.StoryStep;
import dev.closeout.projections.support.ChangeLog;
import dev.closeout.projections.support.EmbeddedMongo;
import dev.closeout.projections.support.OfficeZone;
import org.axonframework.eventhandling.EventMessage;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
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
    private static final Instant MONDAY = Instant.parse("2025-05-19T02:00:00Z");
    private static final Actor SUPERVISOR = Actor.supervisor("supervisor");
    private static final List<String> DEPARTMENTS = List.of("DEPT-A", "DEPT-B", "DEPT-C", "DEPT-D");
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
        List<EventMessage<?>> events = story();
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
        List<EventMessage<?>> events = story();
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
        List<EventMessage<?>> events = story();
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

    /**
     * 24 tasks over two ledgers and four departments, registered two an hour over three days; each claimed, most
     * reporting progress twice (once on the day it was registered, once later), some asking for an extension that
     * is approved, a third asking for closure and half of those closed; interleaved as offices work.
     */
    private static List<EventMessage<?>> story() {
        List<StoryStep> steps = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            String id = "task-" + i;
            String department = DEPARTMENTS.get(i % DEPARTMENTS.size());
            Actor actor = Actor.department("user-" + department, department);
            TaskId task = new TaskId(id);
            steps.add(new StoryStep(id, 2L * i, new TaskRegistered(task, i % 2 == 0 ? "督查台账" : "民生台账", "任务 " + i,
                    null, department, List.of(), null, TaskSource.SELF_IDENTIFIED, LocalDate.of(2025, 6, 10 + i % 5),
                    SUPERVISOR, null)));
            steps.add(new StoryStep(id, 2L * i + 1, new TaskClaimed(task, actor)));
            steps.add(new StoryStep(id, 2L * i + 3, new TaskProgressReported(task, "推进中", 30, actor)));
            steps.add(new StoryStep(id, 2L * i + 30, new TaskProgressReported(task, "过半", 60, actor)));
            if (i % 5 == 0) {
                steps.add(new StoryStep(id, 2L * i + 31, new TaskExtensionRequested(task, LocalDate.of(2025, 7, 1),
                        "雨季", actor)));
                steps.add(new StoryStep(id, 2L * i + 40, new TaskExtensionApproved(task, LocalDate.of(2025, 6, 10),
                        LocalDate.of(2025, 7, 1), SUPERVISOR)));
            }
            if (i % 3 == 0) {
                steps.add(new StoryStep(id, 2L * i + 50, new TaskClosureRequested(task, "已完成", List.of(), actor)));
                if (i % 2 == 0) {
                    steps.add(new StoryStep(id, 2L * i + 51, new TaskClosed(task, SUPERVISOR)));
                }
            }
        }
        return Batches.story(MONDAY, 1_800, steps);
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
