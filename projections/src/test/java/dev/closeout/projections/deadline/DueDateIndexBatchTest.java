package dev.closeout.projections.deadline;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Sorts;
import dev.closeout.domain.common.Actor;
import dev.closeout.domain.common.EscalationLadder;
import dev.closeout.domain.task.TaskEvent.TaskClosed;
import dev.closeout.domain.task.TaskEvent.TaskExtensionApproved;
import dev.closeout.domain.task.TaskEvent.TaskFellDueSoon;
import dev.closeout.domain.task.TaskEvent.TaskRegistered;
import dev.closeout.domain.task.TaskEvent.TaskReopened;
import dev.closeout.domain.task.TaskEvent.TaskWentOverdue;
import dev.closeout.domain.task.TaskId;
import dev.closeout.domain.task.TaskSource;
import dev.closeout.domain.time.DeadlinePolicy;
import dev.closeout.projections.support.Batches;
import dev.closeout.projections.support.Batches.StoryStep;
import dev.closeout.projections.support.EmbeddedMongo;
import org.axonframework.eventhandling.EventMessage;
import org.bson.Document;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The due-date index written a processor batch at a time (decision 0018): whatever the batch's size, the sweep
 * finds every item under the day one event at a time files it under, and a batch delivered again after a crash
 * leaves each item filed once.
 */
class DueDateIndexBatchTest {

    private static final DeadlinePolicy POLICY = DeadlinePolicy.standard(ZoneId.of("Asia/Shanghai"));
    private static final Instant MAY = Instant.parse("2025-05-19T02:00:00Z");
    private static final Actor SUPERVISOR = Actor.supervisor("supervisor");
    private static final LocalDate FIRST_DAY = LocalDate.of(2025, 5, 1);
    private static final LocalDate LAST_DAY = LocalDate.of(2025, 9, 30);

    /** The embedded server in memory, a fresh one for each test. */
    @AutoClose
    private final EmbeddedMongo mongo = new EmbeddedMongo();

    @Test
    void every_item_is_filed_under_the_day_one_event_at_a_time_files_it_whatever_the_batch_size() {
        List<EventMessage<?>> events = story();
        MongoDatabase single = mongo.database("single");
        Batches.deliverInBatches(projection(single), events, 1);
        Map<LocalDate, TreeSet<String>> expected = filings(single);
        assertThat(expected.values().stream().mapToInt(TreeSet::size).sum()).as("items filed").isEqualTo(33);

        for (int size : List.of(7, 40, events.size())) {
            MongoDatabase batched = mongo.database("batched-" + size);
            Batches.deliverInBatches(projection(batched), events, size);
            assertThat(filings(batched)).as("in batches of %d", size).isEqualTo(expected);
            assertThat(items(batched)).as("items in batches of %d", size).isEqualTo(items(single));
            assertThat(batched.getCollection(DueDateIndexProjection.ENTRIES).countDocuments())
                    .as("one entry for each item filed, in batches of %d", size).isEqualTo(33);
        }
    }

    @Test
    void a_batch_delivered_again_after_a_crash_before_its_items_were_saved_files_each_item_once() {
        List<EventMessage<?>> events = story();
        MongoDatabase reference = mongo.database("reference");
        Batches.deliverInBatches(projection(reference), events, 40);

        MongoDatabase crashed = mongo.database("crashed");
        DueDateIndexProjection projection = projection(crashed);
        Batches.deliver(projection, events.subList(0, 40));
        MongoCollection<Document> items = crashed.getCollection(DueDateIndexProjection.ITEMS);
        List<Document> before = items.find().into(new ArrayList<>());
        Batches.deliver(projection, events.subList(40, events.size()));
        // what a crash after the entries were filed and the old ones deleted, before the items were saved, leaves
        items.deleteMany(new Document());
        items.insertMany(before);
        Batches.deliver(projection, events.subList(40, events.size()));

        assertThat(filings(crashed)).isEqualTo(filings(reference));
        assertThat(items(crashed)).isEqualTo(items(reference));
    }

    private static DueDateIndexProjection projection(MongoDatabase database) {
        return new DueDateIndexProjection(database, POLICY, EscalationLadder.DEFAULT);
    }

    /** Every day's filed tasks, as the sweep reads them, for the days the story's dates fall in. */
    private static Map<LocalDate, TreeSet<String>> filings(MongoDatabase database) {
        DueDateIndex index = new DueDateIndex(database);
        Map<LocalDate, TreeSet<String>> filings = new TreeMap<>();
        for (LocalDate day = FIRST_DAY; !day.isAfter(LAST_DAY); day = day.plusDays(1)) {
            TreeSet<String> tasks = new TreeSet<>(index.filedOn(List.of(day)).tasks());
            if (!tasks.isEmpty()) {
                filings.put(day, tasks);
            }
        }
        return filings;
    }

    /** The items as the index keeps them, without the key of their entry (slots are numbered as taken). */
    private static List<Document> items(MongoDatabase database) {
        List<Document> items = new ArrayList<>();
        for (Document item : database.getCollection(DueDateIndexProjection.ITEMS).find().sort(Sorts.ascending("_id"))) {
            item.remove(DueDateIndexProjection.ENTRY);
            items.add(item);
        }
        return items;
    }

    /**
     * 36 tasks registered two an hour over three days, due on five days in June; a third warned as they fall due,
     * a quarter extended into July, a sixth closed (half of those reopened), four registered already overdue and
     * recorded overdue: 70 events, in which items move, some more than once within a batch, and three leave the
     * index.
     */
    private static List<EventMessage<?>> story() {
        List<StoryStep> steps = new ArrayList<>();
        for (int i = 0; i < 36; i++) {
            TaskId task = new TaskId("task-" + i);
            LocalDate due = i % 9 == 4 ? LocalDate.of(2025, 5, 10) : LocalDate.of(2025, 6, 10 + i % 5);
            steps.add(new StoryStep(task.value(), 2L * i, new TaskRegistered(task, "督查台账", "任务 " + i, null, "DEPT-A",
                    List.of(), null, TaskSource.SELF_IDENTIFIED, due, SUPERVISOR, null)));
            if (i % 9 == 4) {
                steps.add(new StoryStep(task.value(), 2L * i + 1, new TaskWentOverdue(task, due, Actor.SYSTEM)));
            }
            if (i % 3 == 0) {
                steps.add(new StoryStep(task.value(), 2L * i + 2, new TaskFellDueSoon(task, due, 3, Actor.SYSTEM)));
            }
            if (i % 4 == 1) {
                steps.add(new StoryStep(task.value(), 2L * i + 3, new TaskExtensionApproved(task, due, LocalDate.of(2025, 7, 1),
                        SUPERVISOR)));
            }
            if (i % 6 == 0) {
                steps.add(new StoryStep(task.value(), 2L * i + 30, new TaskClosed(task, SUPERVISOR)));
                if (i % 12 == 0) {
                    steps.add(new StoryStep(task.value(), 2L * i + 60, new TaskReopened(task, "整改不到位", SUPERVISOR)));
                }
            }
        }
        return Batches.story(MAY, 1_800, steps);
    }
}
