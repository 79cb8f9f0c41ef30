package dev.closeout.projections.ledger;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandSucceededEvent;
import dev.closeout.domain.common.Actor;
import dev.closeout.domain.task.TaskEvent.TaskClaimed;
import dev.closeout.domain.task.TaskEvent.TaskClosed;
import dev.closeout.domain.task.TaskEvent.TaskClosureRequested;
import dev.closeout.domain.task.TaskEvent.TaskExtensionRequested;
import dev.closeout.domain.task.TaskEvent.TaskProgressReported;
import dev.closeout.domain.task.TaskEvent.TaskRegistered;
import dev.closeout.domain.task.TaskEvent.TaskWithdrawn;
import dev.closeout.domain.task.TaskId;
import dev.closeout.domain.task.TaskSource;
import dev.closeout.domain.task.TaskStatus;
import dev.closeout.domain.time.Colour;
import dev.closeout.domain.time.DeadlinePolicy;
import dev.closeout.projections.support.Batches;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.GenericTrackedDomainEventMessage;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import dev.closeout.projections.support.ChangeLog;
import dev.closeout.projections.support.Concurrently;
import dev.closeout.projections.support.EmbeddedMongo;
import dev.closeout.projections.support.Keys;
import dev.closeout.projections.support.LineStore;
import dev.closeout.projections.support.OfficeZone;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ledger's lines answered from a copy held in memory ({@link LedgerLines} with a capacity): every answer is
 * the one a read of every line gives, while a read of a ledger whose copy is current fetches only the lines
 * written since; a rebuilt read model, a change in flight or lost to a crash, a line written without its change
 * recorded, and more lines than the copy may hold are each answered right.
 */
class LedgerLinesCopyTest {

    private static final String LEDGER = "督查台账";
    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    private static final Instant NOW = Instant.parse("2025-05-20T02:00:00Z");
    private static final Actor SUPERVISOR = Actor.supervisor("s");
    private static final List<String> DEPARTMENTS = List.of("DEPT-A", "DEPT-B", "DEPT-C", "DEPT-D", "DEPT-E");

    /** Documents each collection's finds returned, counted over the wire. */
    private final Map<String, AtomicLong> returned = new ConcurrentHashMap<>();
    /** Finds sent, per collection. */
    private final Map<String, AtomicLong> finds = new ConcurrentHashMap<>();
    private final Map<String, Long> seqs = new HashMap<>();
    private final Random random = new Random(20261202);
    private Instant now = NOW;
    private final Clock clock = new Clock() {
        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };

    private EmbeddedMongo mongo;
    private MongoDatabase database;
    private LedgerProjection projection;
    private LedgerLines copy;
    private LedgerQueries fromCopy;
    private LedgerQueries whole;

    @BeforeEach
    void start() {
        mongo = new EmbeddedMongo(counting());
        database = mongo.database("ledger");
        projection = new LedgerProjection(database, new OfficeZone(ZONE));
        copy = new LedgerLines(database, 10_000, clock);
        fromCopy = new LedgerQueries(database, copy, new OfficeZone(ZONE), clock, DeadlinePolicy.standard(ZONE),
                () -> false);
        whole = new LedgerQueries(database, new OfficeZone(ZONE), clock, DeadlinePolicy.standard(ZONE));
    }

    @AfterEach
    void stop() {
        mongo.close();
    }

    @Test
    void a_current_copy_fetches_only_the_lines_written_since_and_answers_as_a_whole_read_does() {
        for (int i = 0; i < 150; i++) {
            register("t-" + i, DEPARTMENTS.get(i % DEPARTMENTS.size()));
        }
        assertSameAnswers();
        assertThat(copy.held()).isEqualTo(150);

        claim("t-7");
        progress("t-8", 40);
        clearCounts();
        LedgerSummary summary = fromCopy.summary(LEDGER).orElseThrow();
        assertThat(linesFetched()).as("the two lines written since, not the ledger's 150").isEqualTo(2);
        assertThat(summary.registered()).isEqualTo(150);

        clearCounts();
        fromCopy.summary(LEDGER);
        assertThat(linesFetched()).as("nothing written since").isZero();

        for (int step = 0; step < 200; step++) {
            randomEvent();
            if (step % 20 == 0) {
                assertSameAnswers();
            }
        }
        assertSameAnswers();
    }

    /**
     * A held line keeps its colour for the day it was judged on, and only for that day: two minutes after midnight,
     * with the copy still current (no line read again), a task due yesterday counts as overdue and red.
     */
    @Test
    void a_held_lines_colour_is_judged_anew_when_the_day_turns() {
        now = Instant.parse("2025-05-20T15:58:00Z");
        for (int i = 0; i < 20; i++) {
            register("t-" + i, DEPARTMENTS.get(i % DEPARTMENTS.size()));
        }
        seqs.put("due-today", 0L);
        projection.on(new TaskRegistered(new TaskId("due-today"), LEDGER, "今日到期", null, "DEPT-A", List.of(),
                null, TaskSource.SELF_IDENTIFIED, LocalDate.of(2025, 5, 20), SUPERVISOR, null), 0, now);
        assertThat(fromCopy.summary(LEDGER).orElseThrow().overdue()).as("23:58 on the due date").isZero();
        assertThat(fromCopy.taskIds(LEDGER, null, null, Set.of(Colour.RED))).doesNotContain("due-today");

        now = now.plus(Duration.ofMinutes(4));
        clearCounts();
        assertThat(fromCopy.summary(LEDGER).orElseThrow().overdue()).as("00:02 the day after").isEqualTo(1);
        assertThat(fromCopy.taskIds(LEDGER, null, null, Set.of(Colour.RED))).contains("due-today");
        assertThat(linesFetched()).as("the held lines, none read again").isZero();
        assertSameAnswers();
    }

    @Test
    void a_read_model_reset_and_replayed_is_read_anew_not_patched() {
        for (int i = 0; i < 50; i++) {
            register("t-" + i, DEPARTMENTS.get(i % 2));
        }
        assertSameAnswers();

        projection.reset();
        seqs.clear();
        for (int i = 0; i < 30; i++) {
            register("u-" + i, DEPARTMENTS.get(i % 2));
        }
        close("u-3");

        assertThat(fromCopy.summary(LEDGER).orElseThrow().registered()).isEqualTo(30);
        assertSameAnswers();
    }

    /**
     * A rebuild records no change (each would be deleted again within it, all but a group's newest): its batches move
     * the numbering past what a copy catches up on, so a copy taken while it runs is read anew, and once the replay
     * is over the copy follows the changes one by one again.
     */
    @Test
    void a_rebuild_records_no_change_and_a_copy_taken_while_it_runs_is_read_anew() {
        List<Batches.StoryStep> story = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            String id = "t-" + i;
            story.add(new Batches.StoryStep(id, i, new TaskRegistered(new TaskId(id), LEDGER, "任务 " + id, null,
                    DEPARTMENTS.get(i % 2), List.of(), null, TaskSource.SELF_IDENTIFIED, LocalDate.of(2025, 6, 10),
                    SUPERVISOR, null)));
            if (i % 3 == 0) {
                story.add(new Batches.StoryStep(id, 100 + i, new TaskClaimed(new TaskId(id), SUPERVISOR)));
            }
        }
        List<EventMessage<?>> events = Batches.story(NOW, 60, story);
        Batches.deliverInBatches(projection, events, 16);
        assertSameAnswers();
        assertThat(changesRecorded()).isPositive();

        projection.reset();
        TrackingToken replay = ReplayToken.createReplayToken(tokenOf(events.get(events.size() - 1)));
        List<EventMessage<?>> replayed = new ArrayList<>();
        for (EventMessage<?> event : events) {
            replay = ((ReplayToken) replay).advancedTo(tokenOf(event));
            replayed.add(new GenericTrackedDomainEventMessage<>(replay, (DomainEventMessage<?>) event));
        }
        for (int from = 0; from < replayed.size(); from += 16) {
            Batches.deliver(projection, replayed.subList(from, Math.min(replayed.size(), from + 16)));
            assertSameAnswers();
        }
        assertThat(changesRecorded()).as("changes recorded while replaying").isZero();

        List<EventMessage<?>> after = new ArrayList<>();
        for (String id : List.of("t-1", "t-2", "t-4")) {
            after.add(new GenericTrackedDomainEventMessage<>(new GlobalSequenceTrackingToken(events.size() + after.size() + 1),
                    new GenericDomainEventMessage<>("Task", id, 1, new TaskClaimed(new TaskId(id), SUPERVISOR), Map.of(),
                            "after-" + id, NOW.plusSeconds(60 * 200))));
        }
        Batches.deliver(projection, after);
        assertThat(changesRecorded()).isEqualTo(3);
        clearCounts();
        assertThat(fromCopy.summary(LEDGER).orElseThrow().registered()).isEqualTo(60);
        assertThat(linesFetched()).as("the three lines written since the replay").isEqualTo(3);
        assertSameAnswers();
    }

    private static TrackingToken tokenOf(EventMessage<?> event) {
        return ((TrackedEventMessage<?>) event).trackingToken();
    }

    private long changesRecorded() {
        return database.getCollection(LedgerProjection.CHANGES).countDocuments();
    }

    @Test
    void a_change_numbered_but_not_yet_recorded_is_taken_up_once_it_is() {
        for (int i = 0; i < 20; i++) {
            register("t-" + i, "DEPT-A");
        }
        assertSameAnswers();
        String group = LedgerProjection.departmentKey(LEDGER, "DEPT-A");

        // a writer between its line's write and its change's record: the line is written, the number taken
        String line = lineOf("t-3");
        database.getCollection(LedgerProjection.COLLECTION).updateOne(Filters.eq("_id", line),
                Updates.set(LineStore.LINE + ".status", TaskStatus.CLAIMED.name()));
        long number = database.getCollection(LedgerProjection.FILL).findOneAndUpdate(Filters.eq("_id", group),
                Updates.inc(ChangeLog.CHANGES, 1L)).getLong(ChangeLog.CHANGES);
        claim("t-4");
        assertThat(statusInCopy("t-4")).as("a later change is not held up by the gap").isEqualTo(TaskStatus.CLAIMED);

        // the writer goes on and records its change
        now = now.plus(Duration.ofMinutes(2));
        database.getCollection(LedgerProjection.CHANGES).insertOne(new Document("_id", Keys.of(group, ChangeLog.CHANGES,
                number)).append(ChangeLog.AT, line));
        assertThat(statusInCopy("t-3")).isEqualTo(TaskStatus.CLAIMED);
        assertSameAnswers();
    }

    @Test
    void a_change_lost_to_a_crash_is_recorded_again_when_its_event_is_delivered_again() {
        for (int i = 0; i < 20; i++) {
            register("t-" + i, "DEPT-B");
        }
        assertSameAnswers();
        String group = LedgerProjection.departmentKey(LEDGER, "DEPT-B");

        // a crash after the line's write, before its change was numbered: the change is nowhere
        long before = changesNumbered(group);
        claim("t-5");
        database.getCollection(LedgerProjection.CHANGES).deleteOne(Filters.eq("_id", Keys.of(group, ChangeLog.CHANGES,
                before)));
        database.getCollection(LedgerProjection.FILL).updateOne(Filters.eq("_id", group),
                Updates.inc(ChangeLog.CHANGES, -1L));
        assertThat(statusInCopy("t-5")).as("the copy cannot know of it yet").isEqualTo(TaskStatus.REGISTERED);

        // the unit of work failed, so the event is delivered again
        projection.on(new TaskClaimed(new TaskId("t-5"), SUPERVISOR), seqs.get("t-5"), now);
        assertThat(statusInCopy("t-5")).isEqualTo(TaskStatus.CLAIMED);

        // a crash after the number was taken, before the change was recorded: a gap until delivered again
        long numbered = changesNumbered(group);
        close("t-6");
        database.getCollection(LedgerProjection.CHANGES).deleteOne(Filters.eq("_id", Keys.of(group, ChangeLog.CHANGES,
                numbered)));
        projection.on(new TaskClosed(new TaskId("t-6"), SUPERVISOR), seqs.get("t-6"), now);
        assertThat(statusInCopy("t-6")).isEqualTo(TaskStatus.CLOSED);
        assertSameAnswers();

        // the gap is looked for no more once it is older than the timeout
        fromCopy.summary(LEDGER);
        assertThat(finds(LedgerProjection.CHANGES)).as("the gap looked for").isPositive();
        now = now.plus(Duration.ofMinutes(6));
        fromCopy.summary(LEDGER);
        clearCounts();
        fromCopy.summary(LEDGER);
        assertThat(finds(LedgerProjection.CHANGES)).as("no look for a change given up").isZero();
    }

    @Test
    void a_line_written_without_its_change_recorded_is_read_within_the_full_read_interval() {
        for (int i = 0; i < 10; i++) {
            register("t-" + i, "DEPT-C");
        }
        assertSameAnswers();
        // an instance of an earlier version, during a rolling upgrade, writes lines without recording changes
        database.getCollection(LedgerProjection.COLLECTION).updateOne(Filters.eq("_id", lineOf("t-2")),
                Updates.set(LineStore.LINE + ".status", TaskStatus.CLAIMED.name()));
        assertThat(statusInCopy("t-2")).isEqualTo(TaskStatus.REGISTERED);

        now = now.plus(Duration.ofMinutes(11));
        assertThat(statusInCopy("t-2")).isEqualTo(TaskStatus.CLAIMED);
        assertSameAnswers();
    }

    @Test
    void more_lines_than_the_copy_may_hold_are_read_from_the_store_and_the_ledgers_read_least_recently_are_dropped() {
        copy = new LedgerLines(database, 120, clock);
        fromCopy = new LedgerQueries(database, copy, new OfficeZone(ZONE), clock, DeadlinePolicy.standard(ZONE),
                () -> false);
        for (int i = 0; i < 200; i++) {
            register("t-" + i, DEPARTMENTS.get(i % DEPARTMENTS.size()));
        }
        for (int i = 0; i < 100; i++) {
            projection.on(new TaskRegistered(new TaskId("other-" + i), "另一台账", "任务", null, "DEPT-A", List.of(), null,
                    TaskSource.SELF_IDENTIFIED, LocalDate.of(2025, 6, 10), SUPERVISOR, null), 0, now);
        }
        assertSameAnswers();
        assertThat(copy.held()).as("a ledger of 200 lines read whole, not held; one department of it (40) held")
                .isEqualTo(40);
        assertThat(fromCopy.summary("另一台账").orElseThrow().registered()).isEqualTo(100);
        assertThat(copy.held()).as("140 lines: the department read least recently dropped").isEqualTo(100);
        assertThat(fromCopy.taskIds(LEDGER, "DEPT-A", null, null)).hasSize(40);
        assertThat(copy.held()).as("140 lines: the ledger read least recently dropped").isEqualTo(40);
        assertThat(fromCopy.summary("另一台账").orElseThrow().registered()).isEqualTo(100);
        assertThat(copy.held()).isEqualTo(100);

        clearCounts();
        assertThat(new PendingDecisions(copy).all()).isEqualTo(new PendingDecisions(database).all());
        assertThat(linesFetched()).as("every ledger: the 300 lines of the whole read, the 200 not held by the copy")
                .isEqualTo(300 + 200);
        assertThat(copy.held()).as("a read of more lines than may be held holds no more").isEqualTo(100);
        assertSameAnswers();
    }

    @Test
    void readers_at_the_same_time_as_the_writer_end_with_the_answer_of_a_whole_read() throws Exception {
        for (int i = 0; i < 100; i++) {
            register("t-" + i, DEPARTMENTS.get(i % DEPARTMENTS.size()));
        }
        AtomicBoolean writing = new AtomicBoolean(true);
        Concurrently.run(4, 1, (thread, item) -> {
            if (thread == 0) {
                for (int step = 0; step < 150; step++) {
                    randomEvent();
                }
                writing.set(false);
            } else {
                while (writing.get()) {
                    fromCopy.summary(LEDGER);
                    fromCopy.entries(LEDGER, LocalDate.ofInstant(NOW, ZONE), LedgerFilter.of(null, null, null));
                }
            }
        });
        assertSameAnswers();
    }

    private void assertSameAnswers() {
        LocalDate today = LocalDate.ofInstant(now, ZONE);
        assertThat(fromCopy.summary(LEDGER)).isEqualTo(whole.summary(LEDGER));
        assertThat(fromCopy.entries(LEDGER, today, LedgerFilter.of(null, null, null)))
                .isEqualTo(whole.entries(LEDGER, today, LedgerFilter.of(null, null, null)));
        assertThat(fromCopy.taskIds(LEDGER, "DEPT-A", TaskStatus.CLAIMED, null))
                .isEqualTo(whole.taskIds(LEDGER, "DEPT-A", TaskStatus.CLAIMED, null));
        assertThat(new PendingDecisions(copy).all()).isEqualTo(new PendingDecisions(database).all());
    }

    private synchronized void randomEvent() {
        String id = "t-" + random.nextInt(seqs.size());
        switch (random.nextInt(7)) {
            case 0 -> claim(id);
            case 1 -> progress(id, random.nextInt(100));
            case 2 -> next(id, seq -> projection.on(new TaskClosureRequested(new TaskId(id), "已完成", List.of(),
                    SUPERVISOR), seq, now));
            case 3 -> close(id);
            case 4 -> next(id, seq -> projection.on(new TaskExtensionRequested(new TaskId(id),
                    LocalDate.of(2025, 7, 1), "雨季", SUPERVISOR), seq, now));
            case 5 -> next(id, seq -> projection.on(new TaskWithdrawn(new TaskId(id), "重复", SUPERVISOR), seq, now));
            default -> register("t-" + seqs.size(), DEPARTMENTS.get(random.nextInt(DEPARTMENTS.size())));
        }
    }

    private void register(String id, String department) {
        seqs.put(id, 0L);
        projection.on(new TaskRegistered(new TaskId(id), LEDGER, "任务 " + id, null, department, List.of(), null,
                TaskSource.SELF_IDENTIFIED, LocalDate.of(2025, 5, 25).plusDays(random.nextInt(20)), SUPERVISOR, null),
                0, now);
    }

    private void claim(String id) {
        next(id, seq -> projection.on(new TaskClaimed(new TaskId(id), SUPERVISOR), seq, now));
    }

    private void close(String id) {
        next(id, seq -> projection.on(new TaskClosed(new TaskId(id), SUPERVISOR), seq, now));
    }

    private void progress(String id, int percent) {
        next(id, seq -> projection.on(new TaskProgressReported(new TaskId(id), "进展", percent, SUPERVISOR), seq, now));
    }

    private void next(String id, java.util.function.LongConsumer event) {
        long seq = seqs.merge(id, 1L, Long::sum);
        event.accept(seq);
    }

    private String lineOf(String taskId) {
        return database.getCollection(LedgerProjection.TASK_INDEX).find(Filters.eq("_id", taskId)).first()
                .getString(LineStore.AT);
    }

    private TaskStatus statusInCopy(String taskId) {
        return fromCopy.entries(LEDGER, LocalDate.ofInstant(now, ZONE), LedgerFilter.of(null, null, null)).stream()
                .filter(entry -> entry.taskId().equals(taskId)).findFirst().orElseThrow().status();
    }

    private long changesNumbered(String group) {
        Object changes = database.getCollection(LedgerProjection.FILL).find(Filters.eq("_id", group)).first()
                .get(ChangeLog.CHANGES);
        return changes == null ? 0 : ((Number) changes).longValue();
    }

    private void clearCounts() {
        returned.clear();
        finds.clear();
    }

    private long linesFetched() {
        return returned.getOrDefault(LedgerProjection.COLLECTION, new AtomicLong()).get();
    }

    private long finds(String collection) {
        return finds.getOrDefault(collection, new AtomicLong()).get();
    }

    /** Counts, per collection, the finds sent and the documents their first batches returned. */
    private CommandListener counting() {
        Map<Integer, String> sent = new ConcurrentHashMap<>();
        return new CommandListener() {
            @Override
            public void commandStarted(com.mongodb.event.CommandStartedEvent event) {
                if (event.getCommandName().equals("find")) {
                    String collection = event.getCommand().getString("find").getValue();
                    sent.put(event.getRequestId(), collection);
                }
            }

            @Override
            public void commandSucceeded(CommandSucceededEvent event) {
                String collection = sent.remove(event.getRequestId());
                if (collection != null) {
                    finds.computeIfAbsent(collection, c -> new AtomicLong()).incrementAndGet();
                    BsonDocument cursor = event.getResponse().getDocument("cursor");
                    BsonArray batch = cursor.getArray("firstBatch");
                    returned.computeIfAbsent(collection, c -> new AtomicLong()).addAndGet(batch.size());
                }
            }
        };
    }
}
