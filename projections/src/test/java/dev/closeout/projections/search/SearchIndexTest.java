package dev.closeout.projections.search;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import dev.closeout.domain.common.Actor;
import dev.closeout.domain.common.Role;
import dev.closeout.domain.complaint.Complainant;
import dev.closeout.domain.complaint.ComplaintChannel;
import dev.closeout.domain.complaint.ComplaintEvent;
import dev.closeout.domain.complaint.ComplaintId;
import dev.closeout.domain.task.TaskEvent;
import dev.closeout.domain.task.TaskId;
import dev.closeout.domain.task.TaskSource;
import dev.closeout.projections.support.Batches;
import dev.closeout.projections.support.EmbeddedMongo;
import dev.closeout.projections.support.LineStore;
import dev.closeout.projections.support.Slots;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.GenericTrackedDomainEventMessage;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.MetaData;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

class SearchIndexTest {

    private static final Actor SUPERVISOR = new Actor("s", Role.SUPERVISOR, null);
    private static final Instant NOW = Instant.parse("2026-03-11T02:00:00Z");

    private final EmbeddedMongo mongo = new EmbeddedMongo();
    private final MongoDatabase database = mongo.database("search");
    private final SearchProjection projection = new SearchProjection(database);
    private final AnnotationEventHandlerAdapter handlers = new AnnotationEventHandlerAdapter(projection);

    @AfterEach
    void close() {
        mongo.close();
    }

    @Test
    void every_instance_follows_the_read_model_whichever_instance_wrote_it() {
        SearchIndex here = new SearchIndex(database, Clock.systemUTC());
        SearchIndex there = new SearchIndex(database, Clock.systemUTC());
        String task = register("人居環境整治", "县住建局");
        assertThat(found(here, "环境整治")).containsExactly(task);

        ComplaintId complaint = new ComplaintId(UUID.randomUUID().toString());
        handle("Complaint", complaint.value(), 0, new ComplaintEvent.ComplaintReceived(complaint,
                ComplaintChannel.values()[0], null, "路灯不亮", "小区路灯坏了", null, null, NOW, SUPERVISOR));
        handle("Complaint", complaint.value(), 1, new ComplaintEvent.ComplaintAssigned(complaint, "县城市管理局",
                LocalDate.of(2026, 3, 20), SUPERVISOR));

        assertThat(found(there, "城市管理")).containsExactly(complaint.value());
        assertThat(found(here, "城市管理")).containsExactly(complaint.value());
        assertThat(found(here, "路灯")).containsExactly(complaint.value());
    }

    @Test
    void a_department_changed_by_a_transfer_is_searched_under_the_new_name_only() {
        SearchIndex index = new SearchIndex(database, Clock.systemUTC());
        ComplaintId complaint = new ComplaintId(UUID.randomUUID().toString());
        handle("Complaint", complaint.value(), 0, new ComplaintEvent.ComplaintReceived(complaint,
                ComplaintChannel.values()[0], null, "占道经营", "", null, null, NOW, SUPERVISOR));
        handle("Complaint", complaint.value(), 1, new ComplaintEvent.ComplaintAssigned(complaint, "县城市管理局",
                LocalDate.of(2026, 3, 20), SUPERVISOR));
        assertThat(found(index, "城市管理")).containsExactly(complaint.value());

        handle("Complaint", complaint.value(), 2, new ComplaintEvent.ComplaintTransferred(complaint, "县城市管理局",
                "县市场监管局", null, "职责", false, SUPERVISOR));
        assertThat(found(index, "城市管理")).isEmpty();
        assertThat(found(index, "市场监管")).containsExactly(complaint.value());
        assertThat(found(index, "占道经营")).containsExactly(complaint.value());
        assertThat(index.search(SearchText.queryTerms("占道经营"), c -> true).get(0).card().department()).isEqualTo("县市场监管局");
    }

    /** The card's progress feeds the colour a search shows: a supporting department's share is not the task's. */
    @Test
    void a_supporting_departments_report_leaves_the_cards_progress_as_the_lead_department_reported_it() {
        SearchIndex index = new SearchIndex(database, Clock.systemUTC());
        TaskId id = new TaskId(UUID.randomUUID().toString());
        handle("Task", id.value(), 0, new TaskEvent.TaskRegistered(id, "台账", "农村饮水安全巩固", "", "县水务局",
                List.of("县财政局"), null, TaskSource.SELF_IDENTIFIED, LocalDate.of(2026, 6, 30), SUPERVISOR, null));
        handle("Task", id.value(), 1, new TaskEvent.TaskProgressReported(id, "管网铺设八成", 80,
                Actor.department("w", "县水务局")));
        handle("Task", id.value(), 2, new TaskEvent.TaskProgressReported(id, "资金拨付一成", 10,
                Actor.department("c", "县财政局")));

        SearchCard card = index.search(SearchText.queryTerms("饮水安全"), c -> true).get(0).card();
        assertThat(card.percent()).isEqualTo(80);
        assertThat(card.status()).isEqualTo("IN_PROGRESS");
    }

    @Test
    void the_complainant_is_not_among_the_words() {
        SearchIndex index = new SearchIndex(database, Clock.systemUTC());
        ComplaintId complaint = new ComplaintId(UUID.randomUUID().toString());
        handle("Complaint", complaint.value(), 0, new ComplaintEvent.ComplaintReceived(complaint,
                ComplaintChannel.values()[0], null, "噪音扰民", "我是李秀英，电话13912345678", new Complainant("李秀英",
                        "13912345678"), null, NOW, SUPERVISOR));
        assertThat(found(index, "噪音")).containsExactly(complaint.value());
        assertThat(database.getCollection(SearchProjection.TERMS).find().first().getString("terms"))
                .doesNotContain("李", "秀", "13912345678");
    }

    /**
     * Nor is it when the subject names the complainant, or the content writes the phone with spaces, hyphens or
     * full-width digits: the words are looked for as the index sees the text.
     */
    @Test
    void the_complainant_is_not_among_the_words_in_the_subject_or_written_otherwise() {
        SearchIndex index = new SearchIndex(database, Clock.systemUTC());
        ComplaintId complaint = new ComplaintId(UUID.randomUUID().toString());
        handle("Complaint", complaint.value(), 0, new ComplaintEvent.ComplaintReceived(complaint,
                ComplaintChannel.values()[0], null, "李秀英反映噪音", "电话 139-1234-5678，又打１３９１２３４５６７８，"
                + "+86 13912345678", new Complainant("李秀英", "+86 139 1234 5678"), null, NOW, SUPERVISOR));

        assertThat(found(index, "噪音")).containsExactly(complaint.value());
        String terms = database.getCollection(SearchProjection.TERMS).find().first().getString("terms");
        assertThat(terms).doesNotContain("李", "秀", "139", "1234", "5678");
        assertThat(found(index, "13912345678")).isEmpty();
        assertThat(found(index, "李秀英")).isEmpty();
    }

    @Test
    void after_a_rebuild_every_index_loads_again() {
        SearchIndex index = new SearchIndex(database, Clock.systemUTC());
        String kept = register("河道清淤", "县水务局");
        assertThat(found(index, "清淤")).containsExactly(kept);

        reset();
        assertThat(found(index, "清淤")).isEmpty();
        String again = register("河道清淤工程", "县水务局");
        assertThat(found(index, "清淤")).containsExactly(again);
    }

    /**
     * A rebuild appends no change to the log (123,000 in a county's rebuild): its batches move the numbering past
     * what an index follows, so an index searched while the rebuild runs loads again, and after it follows the
     * changes one by one.
     */
    @Test
    void an_index_searched_while_a_rebuild_replays_loads_again_and_follows_the_changes_after() {
        SearchIndex index = new SearchIndex(database, Clock.systemUTC());
        TaskId river = new TaskId(UUID.randomUUID().toString());
        TaskId forest = new TaskId(UUID.randomUUID().toString());
        List<EventMessage<?>> story = List.of(
                tracked(1, message("Task", river.value(), 0, registered(river, "河道清淤"))),
                tracked(2, message("Task", forest.value(), 0, registered(forest, "森林防火"))),
                tracked(3, message("Task", river.value(), 1, new TaskEvent.TaskClaimed(river, SUPERVISOR))));
        Batches.deliver(projection, story);
        assertThat(found(index, "清淤")).containsExactly(river.value());

        reset();
        TrackingToken replay = ReplayToken.createReplayToken(new GlobalSequenceTrackingToken(3));
        for (EventMessage<?> event : story) {
            replay = ((ReplayToken) replay).advancedTo(((TrackedEventMessage<?>) event).trackingToken());
            Batches.deliver(projection, List.of(new GenericTrackedDomainEventMessage<>(replay,
                    (DomainEventMessage<?>) event)));
            assertThat(index.size()).isEqualTo(event == story.get(0) ? 1 : 2);
        }
        assertThat(database.getCollection(SearchProjection.CHANGES).countDocuments()).as("changes appended replaying")
                .isZero();
        assertThat(found(index, "清淤")).containsExactly(river.value());
        assertThat(found(index, "防火")).containsExactly(forest.value());

        TaskId road = new TaskId(UUID.randomUUID().toString());
        Batches.deliver(projection, List.of(tracked(4, message("Task", road.value(), 0, registered(road, "道路修缮")))));
        assertThat(database.getCollection(SearchProjection.CHANGES).countDocuments()).isEqualTo(1);
        assertThat(found(index, "修缮")).containsExactly(road.value());
        assertThat(index.size()).isEqualTo(3);
    }

    /**
     * The log keeps twice the changes an index follows; older ones, which an index loads past, are deleted as the log
     * grows.
     */
    @Test
    void changes_further_behind_than_an_index_follows_are_deleted() {
        String kept = register("河道清淤", "县水务局");
        SearchIndex following = new SearchIndex(database, Clock.systemUTC());
        assertThat(found(following, "清淤")).containsExactly(kept);
        MongoCollection<Document> changes = database.getCollection(SearchProjection.CHANGES);
        // an old log: changes numbered 1 to 299 (0 is the registration's), and a head just short of 20,250
        for (long number = 1; number < 300; number++) {
            changes.insertOne(new Document("_id", Slots.key(SearchProjection.CHANGE_GROUP, number))
                    .append(LineStore.ITEM, "TASK:" + kept));
        }
        new Slots(database, SearchProjection.FILL).take(SearchProjection.CHANGE_GROUP, SearchProjection.KEPT + 244);
        assertThat(found(following, "清淤")).as("loaded again: more than it follows behind").containsExactly(kept);

        List<EventMessage<?>> batch = new ArrayList<>();
        List<String> entered = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            TaskId id = new TaskId(UUID.randomUUID().toString());
            entered.add(id.value());
            batch.add(tracked(i + 1, message("Task", id.value(), 0, registered(id, "森林防火"))));
        }
        Batches.deliver(projection, batch);

        List<String> farBehind = LongStream.range(0, 250).mapToObj(n -> Slots.key(SearchProjection.CHANGE_GROUP, n))
                .toList();
        assertThat(changes.countDocuments(Filters.in("_id", farBehind))).as("the changes 20,000 behind 20,250 and before")
                .isZero();
        assertThat(changes.countDocuments()).as("50 old ones not yet that far behind, and the batch's 10").isEqualTo(60);
        assertThat(found(following, "防火")).as("followed change by change").containsExactlyInAnyOrderElementsOf(entered);
        assertThat(found(new SearchIndex(database, Clock.systemUTC()), "防火")).containsExactlyInAnyOrderElementsOf(entered);
    }

    private static EventMessage<?> tracked(long index, EventMessage<?> event) {
        return new GenericTrackedDomainEventMessage<>(new GlobalSequenceTrackingToken(index),
                (DomainEventMessage<?>) event);
    }

    @Test
    void a_change_numbered_but_not_written_yet_does_not_hold_back_later_ones() {
        SearchIndex index = new SearchIndex(database, Clock.systemUTC());
        assertThat(index.size()).isZero();
        new Slots(database, SearchProjection.FILL).take(SearchProjection.CHANGE_GROUP);
        String task = register("森林防火", "县应急局");
        assertThat(found(index, "防火")).containsExactly(task);
    }

    @Test
    void items_entered_in_one_batch_are_found_by_their_words_and_a_batch_delivered_again_changes_none() {
        SearchIndex index = new SearchIndex(database, Clock.systemUTC());
        TaskId river = new TaskId(UUID.randomUUID().toString());
        TaskId forest = new TaskId(UUID.randomUUID().toString());
        Actor department = new Actor("d", Role.DEPARTMENT, "县水务局");
        // a change first, so the batch's change log begins before any item enters
        String claimedEarlier = register("道路修缮", "县交通局");
        List<EventMessage<?>> batch = List.of(
                message("Task", claimedEarlier, 1, new TaskEvent.TaskClaimed(new TaskId(claimedEarlier), department)),
                message("Task", river.value(), 0, registered(river, "河道清淤")),
                message("Task", forest.value(), 0, registered(forest, "森林防火")),
                message("Task", river.value(), 1, new TaskEvent.TaskClaimed(river, department)));

        Batches.deliver(projection, batch);

        assertThat(found(index, "清淤")).containsExactly(river.value());
        assertThat(found(index, "防火")).containsExactly(forest.value());
        assertThat(found(index, "修缮")).containsExactly(claimedEarlier);

        // after a crash before the processor stored its token
        Batches.deliver(projection, batch);

        assertThat(found(index, "清淤")).containsExactly(river.value());
        assertThat(found(index, "防火")).containsExactly(forest.value());
        assertThat(database.getCollection(SearchProjection.TERMS).countDocuments()).isEqualTo(3);
    }

    private void reset() {
        try {
            handlers.prepareReset(null);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> found(SearchIndex index, String query) {
        return index.search(SearchText.queryTerms(query), c -> true).stream().map(h -> h.card().id()).toList();
    }

    private String register(String title, String department) {
        TaskId id = new TaskId(UUID.randomUUID().toString());
        handle("Task", id.value(), 0, new TaskEvent.TaskRegistered(id, "台账", title, "", department, List.of(), null,
                TaskSource.SELF_IDENTIFIED, LocalDate.of(2026, 6, 30), SUPERVISOR, null));
        return id.value();
    }

    private static TaskEvent.TaskRegistered registered(TaskId id, String title) {
        return new TaskEvent.TaskRegistered(id, "台账", title, "", "县水务局", List.of(), null,
                TaskSource.SELF_IDENTIFIED, LocalDate.of(2026, 6, 30), SUPERVISOR, null);
    }

    private void handle(String type, String id, long seq, Object event) {
        try {
            handlers.handle(message(type, id, seq, event));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static EventMessage<?> message(String type, String id, long seq, Object event) {
        return new GenericDomainEventMessage<>(type, id, seq, event, MetaData.emptyInstance(), UUID.randomUUID().toString(), NOW);
    }
}
