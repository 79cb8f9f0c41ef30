package dev.closeout.projections.ledger;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Sorts;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import dev.closeout.domain.common.Actor;
import dev.closeout.domain.task.TaskEvent.TaskProgressReported;
import dev.closeout.domain.task.TaskId;
import dev.closeout.projections.support.Batches;
import dev.closeout.projections.support.ChangeLog;
import dev.closeout.projections.support.EmbeddedMongo;
import dev.closeout.projections.support.OfficeZone;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.GenericTrackedDomainEventMessage;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

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
        Batches.deliverInBatches(ledger(single), events, 1);

        for (int size : List.of(7, 40, events.size())) {
            MongoDatabase batched = mongo.database("batched-" + size);
            Batches.deliverInBatches(ledger(batched), events, size);
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
        Batches.deliverInBatches(ledger(reference), events, 40);

        MongoDatabase crashed = mongo.database("crashed");
        LedgerProjection projection = ledger(crashed);
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
        LedgerProjection projection = ledger(database);
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

    @Test
    void a_ledger_rebuilt_by_another_instance_is_written_where_its_index_says_not_where_this_instance_last_wrote() {
        List<EventMessage<?>> events = Batches.twentyFourTasks();
        MongoDatabase shared = mongo.database("shared");
        LedgerProjection here = ledger(shared);
        Batches.deliver(here, events);
        List<Document> slotsHere = documents(shared, LedgerProjection.TASK_INDEX);
        // another instance rebuilds the ledger from the same events, its tasks entering in the reverse order: most
        // tasks take other slots than they had here
        List<EventMessage<?>> reversed = tasksReversed(events);
        LedgerProjection there = ledger(shared);
        there.reset();
        Batches.deliver(there, reversed);
        EventMessage<?> later = laterProgress(events, "task-0");

        Batches.deliver(here, List.of(later));

        MongoDatabase reference = mongo.database("reference");
        LedgerProjection alone = ledger(reference);
        Batches.deliver(alone, reversed);
        Batches.deliver(alone, List.of(later));
        for (String collection : List.of(LedgerProjection.COLLECTION, LedgerProjection.TASK_INDEX,
                LedgerProjection.VERSIONS)) {
            assertThat(documents(shared, collection)).as(collection).isEqualTo(documents(reference, collection));
        }
        assertThat(documents(shared, LedgerProjection.TASK_INDEX)).as("the slots given anew").isNotEqualTo(slotsHere);
    }

    @Test
    void an_item_this_instance_wrote_is_found_by_its_line_alone_and_after_a_restart_by_its_index_first() {
        List<EventMessage<?>> events = Batches.twentyFourTasks();
        List<String> finds = new CopyOnWriteArrayList<>();
        CommandListener reads = new CommandListener() {
            @Override
            public void commandStarted(CommandStartedEvent event) {
                if (event.getCommandName().equals("find")) {
                    finds.add(event.getCommand().getString("find").getValue());
                }
            }
        };
        MongoDatabase database = mongo.database("held", reads);
        LedgerProjection running = ledger(database);
        Batches.deliver(running, events);
        finds.clear();

        Batches.deliver(running, List.of(laterProgress(events, "task-0")));
        assertThat(finds).as("the item's key held since it was written").containsExactly(LedgerProjection.COLLECTION);

        finds.clear();
        List<EventMessage<?>> more = new ArrayList<>(events);
        more.add(laterProgress(events, "task-0"));
        Batches.deliver(ledger(database), List.of(laterProgress(more, "task-0")));
        assertThat(finds).as("a new instance, holding nothing").containsExactly(LedgerProjection.TASK_INDEX,
                LedgerProjection.COLLECTION);
    }

    /** The events task by task, the tasks in the reverse order of their registration, each task's events in order. */
    private static List<EventMessage<?>> tasksReversed(List<EventMessage<?>> events) {
        Map<String, List<EventMessage<?>>> byTask = new LinkedHashMap<>();
        for (EventMessage<?> event : events) {
            byTask.computeIfAbsent(((DomainEventMessage<?>) event).getAggregateIdentifier(), task -> new ArrayList<>())
                    .add(event);
        }
        List<List<EventMessage<?>>> tasks = new ArrayList<>(byTask.values());
        Collections.reverse(tasks);
        return tasks.stream().flatMap(List::stream).toList();
    }

    /** A progress report of {@code taskId} after every event of the story. */
    private static EventMessage<?> laterProgress(List<EventMessage<?>> events, String taskId) {
        long next = events.stream().filter(event -> ((DomainEventMessage<?>) event).getAggregateIdentifier().equals(taskId))
                .count();
        Instant at = events.get(events.size() - 1).getTimestamp().plusSeconds(86_400);
        Actor actor = Actor.department("user-DEPT-A", "DEPT-A");
        return new GenericTrackedDomainEventMessage<>(new GlobalSequenceTrackingToken(events.size() + 1),
                new GenericDomainEventMessage<>("Task", taskId, next,
                        new TaskProgressReported(new TaskId(taskId), "收尾", 90, actor), Map.of(),
                        UUID.randomUUID().toString(), at));
    }

    private static LedgerProjection ledger(MongoDatabase database) {
        return new LedgerProjection(database, new OfficeZone(ZONE));
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
