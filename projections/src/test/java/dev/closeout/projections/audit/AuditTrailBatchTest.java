package dev.closeout.projections.audit;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import com.mongodb.event.CommandSucceededEvent;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import dev.closeout.domain.common.Actor;
import dev.closeout.domain.complaint.ComplaintEvent.ComplaintAssigned;
import dev.closeout.domain.complaint.ComplaintEvent.ComplaintTransferred;
import dev.closeout.domain.complaint.ComplaintId;
import dev.closeout.domain.task.TaskEvent.TaskClaimed;
import dev.closeout.domain.task.TaskEvent.TaskRegistered;
import dev.closeout.domain.task.TaskEvent.TaskWithdrawn;
import dev.closeout.domain.task.TaskId;
import dev.closeout.domain.task.TaskSource;
import dev.closeout.projections.support.Batches;
import dev.closeout.projections.support.EmbeddedMongo;
import dev.closeout.projections.support.OfficeZone;
import dev.closeout.projections.support.Slots;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.GenericTrackedEventMessage;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.messaging.ResultMessage;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The audit trail written a processor batch at a time (decision 0018): the same trail as one event at a
 * time, whatever the batch's size, and each event listed once when a batch is delivered again after a crash.
 */
class AuditTrailBatchTest {

    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    private static final Instant MONDAY = Instant.parse("2025-05-19T02:00:00Z");
    private static final Actor SUPERVISOR = Actor.supervisor("supervisor");
    private static final List<TrailQuery> QUERIES = List.of(
            query(null, null, null), query(null, "DEPT-A", null), query(null, "DEPT-B", null),
            query("dept-a", null, null), query(null, null, "TaskClaimed"), query(null, "DEPT-C", "ComplaintAssigned"));

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
    void a_batch_writes_the_trail_one_event_at_a_time_writes_whatever_its_size() {
        List<EventMessage<?>> events = story();
        MongoDatabase oneByOne = mongo.database("one");
        AuditTrailProjection single = new AuditTrailProjection(oneByOne, new OfficeZone(ZONE));
        Batches.deliverInBatches(single, events, 1);
        MongoDatabase batched = mongo.database("batched");
        AuditTrailProjection inBatches = new AuditTrailProjection(batched, new OfficeZone(ZONE));
        Batches.deliverInBatches(inBatches, events, 15);

        for (TrailQuery query : QUERIES) {
            assertThat(everything(batched, query)).as("%s", query).isEqualTo(everything(oneByOne, query));
        }
        List<TrailLine> all = everything(batched, QUERIES.get(0));
        assertThat(all).hasSize(events.size());
        assertThat(all).extracting(TrailLine::position).containsExactly(positions(1, events.size()));
    }

    @Test
    void a_batch_costs_a_round_trip_per_kind_of_write_and_per_list_whatever_its_number_of_events() {
        List<String> commands = new CopyOnWriteArrayList<>();
        try (EmbeddedMongo counted = new EmbeddedMongo(new CommandListener() {
            @Override
            public void commandStarted(CommandStartedEvent event) {
                commands.add(event.getCommandName());
            }
        })) {
            List<EventMessage<?>> events = story();
            Batches.deliver(new AuditTrailProjection(counted.database("counted"), new OfficeZone(ZONE)), events);

            // 12 lists: 4 actors, 5 event types, 3 departments; one counter update each, and nine writes and reads
            // for the batch (records read, departments read, positions, records, lines, entries, days, items,
            // done).
            assertThat(events).hasSize(30);
            assertThat(commands).as("%s", commands).hasSize(9 + 12);
        }
    }

    @Test
    void an_event_is_listed_under_the_department_responsible_when_it_happened_within_one_batch() {
        MongoDatabase database = mongo.database("transfer");
        Batches.deliver(new AuditTrailProjection(database, new OfficeZone(ZONE)), story());

        List<TrailLine> complaint = everything(database, query(null, null, null)).stream()
                .filter(line -> line.itemId().equals("complaint-1")).toList();
        assertThat(complaint).extracting(TrailLine::type, TrailLine::itemDepartment).containsExactly(
                tuple("ComplaintAssigned", "DEPT-C"), tuple("ComplaintTransferred", "DEPT-B"),
                tuple("ComplaintAssigned", "DEPT-B"));
        assertThat(everything(database, query(null, "DEPT-C", "ComplaintAssigned"))).extracting(TrailLine::position)
                .containsExactly(complaint.get(0).position());
        assertThat(everything(database, query(null, "DEPT-B", "ComplaintAssigned"))).extracting(TrailLine::position)
                .containsExactly(complaint.get(2).position());
    }

    @Test
    void a_batch_delivered_again_after_a_crash_half_way_lists_each_event_once() {
        List<EventMessage<?>> events = story();
        MongoDatabase database = mongo.database("crash");
        AuditTrailProjection projection = new AuditTrailProjection(database, new OfficeZone(ZONE));
        Batches.deliver(projection, events);
        Map<TrailQuery, List<TrailLine>> before = new LinkedHashMap<>();
        QUERIES.forEach(query -> before.put(query, everything(database, query)));
        long entries = entries(database);

        // What a crash after the events were placed and before the batch finished leaves behind.
        database.getCollection(AuditTrailProjection.LINES).deleteMany(Filters.mod("_id", 2, 0));
        MongoCollection<Document> pages = database.getCollection(AuditTrailProjection.ENTRIES);
        for (Document page : pages.find()) {
            page.forEach((slot, entry) -> {
                if (entry instanceof Document written && written.getLong("p") % 3 == 0) {
                    pages.updateOne(Filters.eq("_id", page.get("_id")), Updates.unset(slot));
                }
            });
        }
        assertThat(entries(database)).isLessThan(entries);
        database.getCollection(AuditTrailProjection.LISTS).updateOne(Filters.eq("_id", AuditTrailProjection.ALL),
                Updates.set(AuditTrailProjection.DONE, 0L));
        Batches.deliver(projection, events);

        QUERIES.forEach(query -> assertThat(everything(database, query)).as("%s", query).isEqualTo(before.get(query)));
        assertThat(entries(database)).isEqualTo(entries);
    }

    @Test
    void a_placement_page_is_kept_while_its_events_may_come_again_and_deleted_once_a_batch_begins_past_it() {
        List<EventMessage<?>> events = story();
        int half = events.size() / 2;
        MongoDatabase database = mongo.database("records");
        AuditTrailProjection projection = new AuditTrailProjection(database, new OfficeZone(ZONE));
        MongoCollection<Document> placements = database.getCollection(AuditTrailProjection.PLACEMENTS);

        Batches.deliver(projection, events.subList(0, half));
        // its token not stored (a crash, a lost claim): the same batch again, which must find its placements
        Batches.deliver(projection, events.subList(0, half));
        assertThat(placed(placements)).isEqualTo(half);
        Batches.deliver(projection, events.subList(half, events.size()));
        assertThat(placed(placements)).as("the page of global indexes 0-31 may still come again")
                .isEqualTo(events.size());
        List<EventMessage<?>> later = story(AuditTrailProjection.PLACEMENT_PAGE + 1);
        Batches.deliver(projection, later);

        assertThat(placements.find(Filters.eq("_id", 0L)).first()).as("the first page, wholly before the batch").isNull();
        assertThat(placed(placements)).isEqualTo(later.size());
        List<EventMessage<?>> all = new ArrayList<>(events);
        all.addAll(later);
        MongoDatabase oneByOne = mongo.database("records-one-by-one");
        Batches.deliverInBatches(new AuditTrailProjection(oneByOne, new OfficeZone(ZONE)), all, 1);
        QUERIES.forEach(query -> assertThat(everything(database, query)).as("%s", query)
                .isEqualTo(everything(oneByOne, query)));
        assertThat(entries(database)).isEqualTo(entries(oneByOne));
    }

    @Test
    void an_event_placed_by_another_writer_meanwhile_takes_its_place_and_is_listed_once() {
        List<EventMessage<?>> events = story();
        MongoDatabase database = mongo.database("two-writers");
        AuditTrailProjection first = new AuditTrailProjection(database, new OfficeZone(ZONE));
        // The second writer (a processor that lost its claim to the first without knowing it yet) reads the
        // placement pages; right then, the first places and writes the first ten events.
        AtomicBoolean raced = new AtomicBoolean();
        MongoDatabase seenBySecond = mongo.database("two-writers", new CommandListener() {
            @Override
            public void commandSucceeded(CommandSucceededEvent event) {
                if (event.getCommandName().equals("find") && !raced.getAndSet(true)) {
                    Batches.deliver(first, events.subList(0, 10));
                }
            }
        });
        AuditTrailProjection second = new AuditTrailProjection(seenBySecond, new OfficeZone(ZONE));

        Batches.deliver(second, events);

        assertThat(raced).isTrue();
        List<TrailLine> all = everything(database, query(null, null, null));
        MongoDatabase oneByOne = mongo.database("two-writers-one-by-one");
        Batches.deliverInBatches(new AuditTrailProjection(oneByOne, new OfficeZone(ZONE)), events, 1);
        assertThat(all).extracting(TrailLine::globalIndex, TrailLine::type).containsExactlyElementsOf(
                everything(oneByOne, query(null, null, null)).stream()
                        .map(line -> tuple(line.globalIndex(), line.type())).toList());
        assertThat(entries(database)).isEqualTo(entries(oneByOne));
    }

    @Test
    void places_taken_by_an_attempt_that_recorded_nothing_are_passed_over() {
        List<EventMessage<?>> events = story();
        MongoDatabase database = mongo.database("gap");
        Slots slots = new Slots(database, AuditTrailProjection.LISTS);
        slots.take(AuditTrailProjection.ALL, 7);
        slots.take(AuditTrailProjection.list("department", "DEPT-A"), 3);

        Batches.deliver(new AuditTrailProjection(database, new OfficeZone(ZONE)), events);

        List<TrailLine> all = everything(database, query(null, null, null));
        assertThat(all).extracting(TrailLine::position).containsExactly(positions(8, events.size() + 7));
        assertThat(everything(database, query(null, "DEPT-A", null))).extracting(TrailLine::itemId)
                .containsExactly("task-0", "task-3", "task-6", "task-9", "task-0", "task-3", "task-6", "task-9",
                        "task-0");
    }

    @Test
    void a_processor_batch_without_the_interceptor_fails_rather_than_drop_its_writes() {
        MongoDatabase database = mongo.database("unwritten");
        AuditTrailProjection projection = new AuditTrailProjection(database, new OfficeZone(ZONE));

        ResultMessage<?> result = Batches.deliver(projection, story().subList(0, 3), List.of());

        assertThat(result.isExceptional()).isTrue();
        assertThat(result.exceptionResult()).hasMessageContaining("EndOfBatch.interceptor()");
        assertThat(database.getCollection(AuditTrailProjection.LINES).countDocuments()).isZero();
    }

    /**
     * Twelve tasks over three departments, registered, claimed by their department and every fourth withdrawn; a
     * complaint assigned to DEPT-C, transferred to DEPT-B and assigned again, in the middle of it all.
     */
    private static List<EventMessage<?>> story() {
        return story(1);
    }

    /** The same story, its first event at global index {@code first}. */
    private static List<EventMessage<?>> story(long first) {
        List<Object> payloads = new ArrayList<>();
        String[] departments = {"DEPT-A", "DEPT-B", "DEPT-C"};
        for (int i = 0; i < 12; i++) {
            payloads.add(new TaskRegistered(new TaskId("task-" + i), "督查台账", "任务 " + i, null, departments[i % 3],
                    List.of(), null, TaskSource.SELF_IDENTIFIED, LocalDate.of(2025, 6, 10), SUPERVISOR, null));
        }
        ComplaintId complaint = new ComplaintId("complaint-1");
        payloads.add(new ComplaintAssigned(complaint, "DEPT-C", LocalDate.of(2025, 6, 1), SUPERVISOR));
        for (int i = 0; i < 12; i++) {
            String department = departments[i % 3];
            payloads.add(new TaskClaimed(new TaskId("task-" + i),
                    Actor.department("dept-" + department.substring(5).toLowerCase(), department)));
            if (i == 5) {
                payloads.add(new ComplaintTransferred(complaint, "DEPT-C", "DEPT-B", LocalDate.of(2025, 6, 1),
                        "不属本单位职责", false, Actor.department("dept-c", "DEPT-C")));
                payloads.add(new ComplaintAssigned(complaint, "DEPT-B", LocalDate.of(2025, 6, 1), SUPERVISOR));
            }
        }
        for (int i = 0; i < 12; i += 4) {
            payloads.add(new TaskWithdrawn(new TaskId("task-" + i), "重复立项", SUPERVISOR));
        }
        List<EventMessage<?>> events = new ArrayList<>();
        for (int i = 0; i < payloads.size(); i++) {
            events.add(new GenericTrackedEventMessage<>(new GlobalSequenceTrackingToken(first + i),
                    new GenericEventMessage<>(UUID.randomUUID().toString(), payloads.get(i), Map.of(),
                            MONDAY.plusSeconds(3_600L * i))));
        }
        return events;
    }

    /** How many entries the trail's lists hold, on all their pages. */
    private static long entries(MongoDatabase database) {
        long entries = 0;
        for (Document page : database.getCollection(AuditTrailProjection.ENTRIES).find()) {
            entries += page.values().stream().filter(Document.class::isInstance).count();
        }
        return entries;
    }

    /** How many events the placement pages hold. */
    private static long placed(MongoCollection<Document> placements) {
        long placed = 0;
        for (Document page : placements.find()) {
            placed += page.get("o", Document.class).size();
        }
        return placed;
    }

    /** Every line the query finds, page after page. */
    private static List<TrailLine> everything(MongoDatabase database, TrailQuery query) {
        AuditTrail trail = new AuditTrail(database);
        List<TrailLine> found = new ArrayList<>();
        long after = 0;
        AuditTrail.Page page;
        do {
            page = trail.page(new TrailQuery(query.actor(), query.department(), query.type(), null, null, after, 7));
            found.addAll(page.events());
            after = page.next();
        } while (page.more());
        return found;
    }

    private static TrailQuery query(String actor, String department, String type) {
        return new TrailQuery(actor, department, type, null, null, 0, 7);
    }

    private static Long[] positions(long first, long last) {
        return LongStream.rangeClosed(first, last).boxed().toArray(Long[]::new);
    }
}
