package dev.closeout.projections.task;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Sorts;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import dev.closeout.domain.task.TaskEvent.TaskRegistered;
import dev.closeout.projections.support.Batches;
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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The task views written a batch at a time by a projection that holds the views it wrote last between batches
 * ({@code ViewDocuments}): the same documents as a projection that reads every view from the store, whatever the
 * batch's size; a held view is not read again; and a view another writer moved on meanwhile is not overwritten.
 */
class TaskViewBatchTest {

    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    /** The filters of the finds of the task views, as JSON (a command is only valid while it is being told of). */
    private final List<String> finds = new CopyOnWriteArrayList<>();
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
    void views_held_between_batches_are_the_views_read_from_the_store_whatever_the_batch_size() {
        List<EventMessage<?>> events = Batches.twentyFourTasks();
        MongoDatabase fresh = mongo.database("fresh");
        for (EventMessage<?> event : events) {
            // a projection of its own for each event: every view read from the store
            Batches.deliver(projection(fresh), List.of(event));
        }

        for (int size : List.of(1, 7, 40, events.size())) {
            MongoDatabase held = mongo.database("held-" + size);
            Batches.deliverInBatches(projection(held), events, size);
            assertThat(views(held)).as("views in batches of %d", size).isEqualTo(views(fresh));
        }
        assertThat(views(fresh)).hasSize(24);
    }

    @Test
    void a_view_answers_a_request_only_once_it_holds_the_event_asked_for() {
        List<EventMessage<?>> events = Batches.twentyFourTasks();
        MongoDatabase database = mongo.database("answers");
        Batches.deliverInBatches(projection(database), events, 16);
        TaskViews views = new TaskViews(database);
        String task = events.stream().map(EventMessage::getPayload).filter(TaskRegistered.class::isInstance)
                .map(registered -> ((TaskRegistered) registered).taskId().value()).findFirst().orElseThrow();
        long version = views.version(task);

        assertThat(views.findAtLeast(task, version)).isEqualTo(views.find(task)).isPresent();
        assertThat(views.findAtLeast(task, version + 1)).as("an event it has not taken in yet").isEmpty();
        assertThat(views.findAtLeast("no-such-task", 0)).isEmpty();
        assertThat(views.stored(List.of(task, "no-such-task"))).containsExactly(task);
    }

    @Test
    void a_view_written_by_the_projection_is_not_read_back_for_its_next_event() {
        List<EventMessage<?>> events = Batches.twentyFourTasks();
        MongoDatabase database = mongo.database("counted", countFinds());
        TaskViewProjection projection = projection(database);
        int registered = 1 + IntStream.range(0, events.size())
                .filter(i -> events.get(i).getPayload() instanceof TaskRegistered).max().orElseThrow();
        Batches.deliverInBatches(projection, events.subList(0, registered), 16);
        finds.clear();

        // every task registered: its views were written by this projection
        Batches.deliverInBatches(projection, events.subList(registered, events.size()), 16);

        assertThat(finds).as("reads of the task views").isEmpty();
    }

    @Test
    void a_registration_reads_no_view_and_one_delivered_again_leaves_the_view_as_it_is() {
        List<EventMessage<?>> events = Batches.twentyFourTasks();
        List<EventMessage<?>> registrations = events.stream()
                .filter(event -> event.getPayload() instanceof TaskRegistered).toList();
        MongoDatabase database = mongo.database("counted", countFinds());

        Batches.deliverInBatches(projection(database), registrations, 5);
        assertThat(finds).as("reads of the task views").isEmpty();

        Batches.deliverInBatches(projection(database), events, 10);
        List<Document> written = views(database);
        // a registration delivered again, to an instance that holds nothing, after its task moved on
        Batches.deliverInBatches(projection(database), registrations, 5);
        assertThat(views(database)).isEqualTo(written).isEqualTo(viewsOfOneWriter(events));
    }

    @Test
    void a_view_another_writer_moved_on_is_changed_as_the_store_holds_it_not_as_it_was_held() {
        List<EventMessage<?>> events = Batches.twentyFourTasks();
        MongoDatabase shared = mongo.database("shared");
        TaskViewProjection first = projection(shared);
        int third = events.size() / 3;
        Batches.deliverInBatches(first, events.subList(0, third), 10);
        // a second instance takes the processor over for a while, then hands it back
        Batches.deliverInBatches(projection(shared), events.subList(third, 2 * third), 10);
        Batches.deliverInBatches(first, events.subList(2 * third, events.size()), 10);

        assertThat(views(shared)).isEqualTo(viewsOfOneWriter(events));
    }

    @Test
    void an_instance_taking_over_a_rebuild_another_began_reads_the_views_behind_the_ones_it_holds() {
        List<EventMessage<?>> events = Batches.twentyFourTasks();
        MongoDatabase shared = mongo.database("shared");
        TaskViewProjection first = projection(shared);
        Batches.deliverInBatches(first, events, 10);
        // a second instance rebuilds the read model: it forgets every view and replays half the events
        shared.getCollection(TaskViewProjection.COLLECTION).drop();
        int half = events.size() / 2;
        Batches.deliverInBatches(projection(shared), events.subList(0, half), 10);
        // then stops, and the first takes the processor over where the rebuild had got to, holding later views
        Batches.deliverInBatches(first, events.subList(half, events.size()), 10);

        assertThat(views(shared)).isEqualTo(viewsOfOneWriter(events));
    }

    /** The views one projection writes alone, every event once, in batches of 10. */
    private List<Document> viewsOfOneWriter(List<EventMessage<?>> events) {
        MongoDatabase single = mongo.database("single");
        Batches.deliverInBatches(projection(single), events, 10);
        return views(single);
    }

    private TaskViewProjection projection(MongoDatabase database) {
        return new TaskViewProjection(database, new OfficeZone(ZONE));
    }

    private CommandListener countFinds() {
        return new CommandListener() {
            @Override
            public void commandStarted(CommandStartedEvent event) {
                if (event.getCommandName().equals("find")
                        && TaskViewProjection.COLLECTION.equals(event.getCommand().getString("find").getValue())) {
                    finds.add(event.getCommand().get("filter").toString());
                }
            }
        };
    }

    private static List<Document> views(MongoDatabase database) {
        return database.getCollection(TaskViewProjection.COLLECTION).find().sort(Sorts.ascending("_id"))
                .into(new ArrayList<>());
    }
}
