package dev.closeout.projections.ledger;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import dev.closeout.projections.support.Slots;
import dev.closeout.domain.common.Actor;
import dev.closeout.domain.task.Milestone;
import dev.closeout.domain.task.TaskEvent.MilestoneConfirmed;
import dev.closeout.domain.task.TaskEvent.MilestoneReportedMet;
import dev.closeout.domain.task.TaskEvent.MilestonesPlanned;
import dev.closeout.domain.task.TaskEvent.TaskClaimed;
import dev.closeout.domain.task.TaskEvent.TaskClosed;
import dev.closeout.domain.task.TaskEvent.TaskProgressReported;
import dev.closeout.domain.task.TaskEvent.TaskRegistered;
import dev.closeout.domain.task.TaskEvent.TaskWithdrawn;
import dev.closeout.domain.task.TaskId;
import dev.closeout.domain.task.TaskSource;
import dev.closeout.domain.task.TaskStatus;
import dev.closeout.domain.time.Colour;
import dev.closeout.domain.time.DeadlinePolicy;
import dev.closeout.projections.support.Concurrently;
import dev.closeout.projections.support.EmbeddedMongo;
import dev.closeout.projections.support.OfficeZone;
import dev.closeout.projections.support.LineStore;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** The ledger's lines, a small document each in a slot of its ledger and department. */
class LedgerLinesTest {

    private static final String LEDGER = "督查台账";
    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    private static final Instant NOW = Instant.parse("2025-05-20T02:00:00Z");
    private static final Actor SUPERVISOR = Actor.supervisor("s");

    private EmbeddedMongo mongo;
    private MongoDatabase database;
    private LedgerProjection projection;
    private LedgerQueries queries;

    @BeforeEach
    void start() {
        mongo = new EmbeddedMongo();
        database = mongo.database("ledger");
        projection = new LedgerProjection(database, new OfficeZone(ZONE));
        queries = new LedgerQueries(database, new OfficeZone(ZONE), Clock.fixed(NOW, ZoneOffset.UTC),
                DeadlinePolicy.standard(ZONE));
    }

    @AfterEach
    void stop() {
        mongo.close();
    }

    private static TaskRegistered registered(String id, String department) {
        return new TaskRegistered(new TaskId(id), LEDGER, "任务", null, department, List.of(), null,
                TaskSource.SELF_IDENTIFIED, LocalDate.of(2025, 6, 10), SUPERVISOR, null);
    }

    /** Registers, claims every second task and closes every third, withdraws every seventh. */
    private static void lifeOf(LedgerProjection projection, String id, String department, int i) {
        projection.on(registered(id, department), 0, NOW);
        if (i % 2 == 0) {
            projection.on(new TaskClaimed(new TaskId(id), SUPERVISOR), 1, NOW);
        }
        if (i % 3 == 0) {
            projection.on(new TaskClosed(new TaskId(id), SUPERVISOR), 2, NOW);
        } else if (i % 7 == 0) {
            projection.on(new TaskWithdrawn(new TaskId(id), "重复", SUPERVISOR), 2, NOW);
        }
    }

    private List<Object> slots() {
        return database.getCollection(LedgerProjection.FILL).find().map(counter -> counter.get(Slots.COUNT))
                .into(new ArrayList<>());
    }

    private List<Document> lines() {
        return database.getCollection(LedgerProjection.COLLECTION).find().into(new ArrayList<>());
    }

    @Test
    void every_task_has_a_line_of_its_own_and_the_ledger_is_counted_whole() {
        for (int i = 0; i < 20; i++) {
            lifeOf(projection, "t-" + i, i % 4 == 0 ? "DEPT-B" : "DEPT-A", i);
        }
        assertThat(lines()).hasSize(20).extracting(d -> d.getString(LineStore.ITEM)).doesNotHaveDuplicates();
        assertThat(database.getCollection(LedgerProjection.LEDGERS).find().first()
                .getList(LedgerProjection.DEPARTMENTS, String.class)).containsExactlyInAnyOrder("DEPT-A", "DEPT-B");

        LedgerSummary summary = queries.summary(LEDGER).orElseThrow();
        assertThat(summary.registered()).isEqualTo(20);
        assertThat(summary.closed()).isEqualTo(7);
        assertThat(summary.withdrawn()).isEqualTo(2);
        assertThat(summary.open()).isEqualTo(11);
        assertThat(summary.departments()).extracting(LedgerSummary.DepartmentSummary::department,
                LedgerSummary.DepartmentSummary::registered).containsExactly(
                tuple("DEPT-A", 15L), tuple("DEPT-B", 5L));
        assertThat(queries.taskIds(LEDGER, null, null, null)).hasSize(20).doesNotHaveDuplicates();
        assertThat(queries.taskIds(LEDGER, "DEPT-B", TaskStatus.CLOSED, null)).containsExactlyInAnyOrder("t-0", "t-12");
    }

    /** Entries are paged soonest due first, and tasks due the same day by id, whatever order they came in. */
    @Test
    void tasks_are_listed_soonest_due_first_then_by_id() {
        String[][] registrations = {{"t-b", "2025-06-10"}, {"t-a", "2025-06-10"}, {"t-c", "2024-12-31"},
                {"t-d", "2025-06-09"}, {"t-0", "2025-06-10"}, {"t-e", "2026-01-01"}, {"t-f", "2025-06-09"}};
        for (String[] registration : registrations) {
            projection.on(new TaskRegistered(new TaskId(registration[0]), LEDGER, "任务", null, "DEPT-A", List.of(),
                    null, TaskSource.SELF_IDENTIFIED, LocalDate.parse(registration[1]), SUPERVISOR, null), 0, NOW);
        }
        assertThat(queries.taskIds(LEDGER, null, null, null))
                .containsExactly("t-c", "t-d", "t-f", "t-0", "t-a", "t-b", "t-e");
    }

    /** A rate with nothing to divide by is no figure ({@code null}, shown "—"), not a rate of 0, and a close says so too. */
    @Test
    void a_rate_with_nothing_to_divide_by_is_null_not_zero() {
        projection.on(registered("t-open", "DEPT-A"), 0, NOW);
        projection.on(registered("t-mistaken", "DEPT-B"), 0, NOW);
        projection.on(new TaskWithdrawn(new TaskId("t-mistaken"), "重复", SUPERVISOR), 1, NOW);

        LedgerSummary summary = queries.summary(LEDGER).orElseThrow();
        assertThat(summary.departments()).extracting(LedgerSummary.DepartmentSummary::department,
                LedgerSummary.DepartmentSummary::closureRate, LedgerSummary.DepartmentSummary::onTimeRate)
                .containsExactly(tuple("DEPT-A", 0.0, null), tuple("DEPT-B", null, null));
        assertThat(summary.milestones().rate()).isNull();
        // a close recorded while such rates were written 0
        LedgerSummary.DepartmentSummary written = new LedgerSummary.DepartmentSummary("DEPT-B", 1, 1, 0, 0, 0, 0.0, 0.0,
                summary.colours(), 0, summary.milestones());
        assertThat(written.closureRate()).isNull();
        assertThat(written.onTimeRate()).isNull();
    }

    @Test
    void redelivered_events_change_no_line_and_take_no_slot() {
        for (int i = 0; i < 10; i++) {
            lifeOf(projection, "t-" + i, "DEPT-A", i);
        }
        LedgerSummary before = queries.summary(LEDGER).orElseThrow();
        List<Document> linesBefore = lines();
        List<Object> slotsBefore = slots();

        for (int i = 0; i < 10; i++) {
            lifeOf(projection, "t-" + i, "DEPT-A", i);
        }

        assertThat(queries.summary(LEDGER)).contains(before);
        assertThat(lines()).isEqualTo(linesBefore);
        assertThat(slots()).isEqualTo(slotsBefore);
    }

    @Test
    void a_registration_redelivered_after_a_crash_before_its_line_was_written_writes_it_once_in_its_slot() {
        for (int i = 0; i < 5; i++) {
            projection.on(registered("t-" + i, "DEPT-A"), 0, NOW);
        }
        String line = database.getCollection(LedgerProjection.TASK_INDEX).find(Filters.eq("_id", "t-4")).first()
                .getString(LineStore.AT);
        database.getCollection(LedgerProjection.COLLECTION).deleteOne(Filters.eq("_id", line));
        assertThat(queries.summary(LEDGER).orElseThrow().registered()).isEqualTo(4);

        projection.on(registered("t-4", "DEPT-A"), 0, NOW);

        assertThat(queries.summary(LEDGER).orElseThrow().registered()).isEqualTo(5);
        assertThat(lines()).hasSize(5);
        assertThat(database.getCollection(LedgerProjection.COLLECTION).find(Filters.eq("_id", line)).first())
                .isNotNull();
    }

    @Test
    void a_slot_lost_to_a_crash_after_the_counter_leaves_a_gap_and_no_lost_or_extra_line() {
        projection.on(registered("t-0", "DEPT-A"), 0, NOW);
        database.getCollection(LedgerProjection.FILL).updateOne(
                Filters.eq("_id", LedgerProjection.departmentKey(LEDGER, "DEPT-A")), Updates.inc(Slots.COUNT, 1L));

        for (int i = 1; i < 5; i++) {
            projection.on(registered("t-" + i, "DEPT-A"), 0, NOW);
        }

        assertThat(lines()).hasSize(5);
        assertThat(queries.summary(LEDGER).orElseThrow().registered()).isEqualTo(5);
        assertThat(queries.taskIds(LEDGER, "DEPT-A", null, null)).hasSize(5);
    }

    @Test
    void segments_placing_tasks_of_one_department_at_once_neither_lose_nor_duplicate_a_line() throws Exception {
        int threads = 8;
        int perThread = 200;
        Concurrently.run(threads, perThread, (thread, i) -> lifeOf(projection, "t-" + thread + "-" + i,
                i % 2 == 0 ? "DEPT-A" : "DEPT-B", i));

        assertThat(lines()).hasSize(threads * perThread);
        assertThat(new HashSet<>(queries.taskIds(LEDGER, "DEPT-A", null, null))).hasSize(threads * perThread / 2);
        LedgerSummary summary = queries.summary(LEDGER).orElseThrow();
        assertThat(summary.registered()).isEqualTo(threads * perThread);
        assertThat(summary.closed()).isEqualTo(threads * 67L);
        assertThat(database.getCollection(LedgerProjection.LEDGERS).find().first()
                .getList(LedgerProjection.DEPARTMENTS, String.class)).containsExactlyInAnyOrder("DEPT-A", "DEPT-B");
    }

    @Test
    void a_reset_clears_every_line_index_entry_and_counter_and_drops_the_buckets_of_the_earlier_layout() {
        for (int i = 0; i < 7; i++) {
            lifeOf(projection, "t-" + i, "DEPT-A", i);
        }
        database.getCollection(LedgerProjection.BUCKETS).insertOne(new Document("_id", "bucket of layout 4"));

        projection.reset();

        for (String collection : List.of(LedgerProjection.COLLECTION, LedgerProjection.TASK_INDEX,
                LedgerProjection.LEDGERS, LedgerProjection.FILL)) {
            assertThat(database.getCollection(collection).countDocuments()).as(collection).isZero();
        }
        assertThat(database.listCollectionNames().into(new ArrayList<>())).doesNotContain(LedgerProjection.BUCKETS);
        assertThat(queries.summary(LEDGER)).isEmpty();
        projection.on(registered("t-0", "DEPT-A"), 0, NOW);
        assertThat(queries.summary(LEDGER).orElseThrow().registered()).isEqualTo(1);
    }

    /** Names written before control characters were refused must still keep their ledgers apart. */
    @Test
    void two_ledgers_whose_names_and_departments_join_alike_share_no_line() {
        projection.on(new TaskRegistered(new TaskId("t-1"), "COLL", "任务", null, "X\u001fD", List.of(), null,
                TaskSource.SELF_IDENTIFIED, LocalDate.of(2025, 6, 10), SUPERVISOR, null), 0, NOW);
        projection.on(new TaskRegistered(new TaskId("t-2"), "COLL\u001fX", "任务", null, "D", List.of(), null,
                TaskSource.SELF_IDENTIFIED, LocalDate.of(2025, 6, 10), SUPERVISOR, null), 0, NOW);

        assertThat(queries.summary("COLL").orElseThrow().registered()).isEqualTo(1);
        assertThat(queries.summary("COLL\u001fX").orElseThrow().registered()).isEqualTo(1);
        assertThat(queries.taskIds("COLL", null, null, null)).containsExactly("t-1");
        assertThat(queries.taskIds("COLL\u001fX", null, null, null)).containsExactly("t-2");
    }

    /**
     * Registered on 20 April and due on 10 June 2025, so today (20 May) 30 of its 51 days are used: the lead
     * department's 80 % is ahead of time; the finance bureau, supporting, reports 10 % of its own share since,
     * which neither makes the task 10 % done nor lagging (yellow).
     */
    @Test
    void a_supporting_departments_report_leaves_the_tasks_progress_as_the_lead_department_reported_it() {
        TaskId task = new TaskId("t-share");
        projection.on(new TaskRegistered(task, LEDGER, "任务", null, "DEPT-A", List.of("DEPT-B"), null,
                TaskSource.SELF_IDENTIFIED, LocalDate.of(2025, 6, 10), SUPERVISOR, null), 0,
                Instant.parse("2025-04-20T02:00:00Z"));
        projection.on(new TaskClaimed(task, Actor.department("a", "DEPT-A")), 1, Instant.parse("2025-04-21T02:00:00Z"));
        projection.on(new TaskProgressReported(task, "路面硬化完成", 80, Actor.department("a", "DEPT-A")), 2,
                Instant.parse("2025-05-15T02:00:00Z"));
        projection.on(new TaskProgressReported(task, "配套资金拨付一成", 10, Actor.department("b", "DEPT-B")), 3,
                Instant.parse("2025-05-19T02:00:00Z"));

        LedgerEntry entry = queries.entries(LEDGER, NOW.atZone(ZONE).toLocalDate(), null, null, null).get(0);
        assertThat(entry.percentComplete()).isEqualTo(80);
        assertThat(entry.lastProgressOn()).isEqualTo(LocalDate.of(2025, 5, 15));
        assertThat(entry.status()).isEqualTo(TaskStatus.IN_PROGRESS);
        assertThat(entry.colour()).isEqualTo(Colour.BLUE);
    }

    /**
     * Today is 20 May 2025: M1 (due 31 March) is missed, M2 (due today) is due but not missed, M3
     * (due 30 April) was reported met and confirmed, and M4 (due in June, met early) is planned only.
     */
    @Test
    void the_milestone_figures_count_due_met_and_missed_as_of_today_and_the_board_shows_the_miss_yellow() {
        TaskId task = new TaskId("t-ms");
        TaskRegistered plain = registered("t-ms", "DEPT-A");
        projection.on(new TaskRegistered(task, LEDGER, "任务", null, "DEPT-A", List.of(), null,
                TaskSource.SELF_IDENTIFIED, plain.dueDate(), SUPERVISOR, null, null, "项目建设", List.of(
                new Milestone("M1", "一季度", LocalDate.of(2025, 3, 31)),
                new Milestone("M2", "今日", LocalDate.of(2025, 5, 20)),
                new Milestone("M3", "四月", LocalDate.of(2025, 4, 30)))), 0, NOW);
        projection.on(new MilestonesPlanned(task, List.of(new Milestone("M4", "六月", LocalDate.of(2025, 6, 5))),
                SUPERVISOR), 1, NOW);
        projection.on(new MilestoneReportedMet(task, "M3", "材料", List.of(), SUPERVISOR), 2, NOW);
        projection.on(new MilestoneConfirmed(task, "M3", SUPERVISOR), 3, NOW);
        projection.on(new MilestoneReportedMet(task, "M4", "提前完成", List.of(), SUPERVISOR), 4, NOW);
        projection.on(new MilestoneConfirmed(task, "M4", SUPERVISOR), 5, NOW);

        LedgerSummary summary = queries.summary(LEDGER).orElseThrow();

        assertThat(summary.milestones()).isEqualTo(new LedgerSummary.MilestoneFigures(4, 3, 1, 1, 1.0 / 3));
        assertThat(summary.departments().get(0).milestones()).isEqualTo(summary.milestones());
        assertThat(summary.colours().get(Colour.YELLOW)).isEqualTo(1);
    }

    /**
     * Closed today, 20 May 2025: M1, due today and not reported, is not chased any more and counts as neither due nor
     * missed (it stayed due, neither met nor missed, for good); M2, due today and met, counts met.
     */
    @Test
    void a_milestone_falling_due_on_the_day_its_task_closed_counts_only_if_met() {
        TaskId task = new TaskId("t-closing");
        TaskRegistered plain = registered("t-closing", "DEPT-A");
        projection.on(new TaskRegistered(task, LEDGER, "任务", null, "DEPT-A", List.of(), null,
                TaskSource.SELF_IDENTIFIED, plain.dueDate(), SUPERVISOR, null, null, "项目建设", List.of(
                new Milestone("M1", "今日", LocalDate.of(2025, 5, 20)),
                new Milestone("M2", "今日已完成", LocalDate.of(2025, 5, 20)))), 0, NOW);
        projection.on(new MilestoneReportedMet(task, "M2", "材料", List.of(), SUPERVISOR), 1, NOW);
        projection.on(new MilestoneConfirmed(task, "M2", SUPERVISOR), 2, NOW);
        projection.on(new TaskClosed(task, SUPERVISOR), 3, NOW);

        assertThat(queries.summary(LEDGER).orElseThrow().milestones())
                .isEqualTo(new LedgerSummary.MilestoneFigures(2, 1, 1, 0, 1.0));
    }

    /**
     * Four tasks: 张副县长 leads two 项目建设 tasks (one closed), 李副县长 one 民生实事 task, and one task names
     * neither: the leader and category groups count them, the unnamed last, and the filters list them.
     */
    @Test
    void the_ledger_is_counted_and_listed_by_responsible_leader_and_by_category() {
        TaskRegistered plain = registered("x", "DEPT-A");
        String[][] tasks = {{"t-1", "张副县长", "项目建设"}, {"t-2", "张副县长", "项目建设"}, {"t-3", "李副县长", "民生实事"},
                {"t-4", null, null}};
        for (String[] t : tasks) {
            projection.on(new TaskRegistered(new TaskId(t[0]), LEDGER, "任务", null, "DEPT-A", List.of(), t[1],
                    TaskSource.SELF_IDENTIFIED, plain.dueDate(), SUPERVISOR, null, null, t[2], List.of()), 0, NOW);
        }
        projection.on(new TaskClosed(new TaskId("t-2"), SUPERVISOR), 1, NOW);

        LedgerSummary summary = queries.summary(LEDGER).orElseThrow();

        assertThat(summary.byLeader()).extracting(LedgerSummary.LeaderSummary::leader,
                LedgerSummary.LeaderSummary::registered, LedgerSummary.LeaderSummary::closed,
                LedgerSummary.LeaderSummary::open, LedgerSummary.LeaderSummary::closureRate).containsExactly(
                tuple("张副县长", 2L, 1L, 1L, 0.5), tuple("李副县长", 1L, 0L, 1L, 0.0), tuple(null, 1L, 0L, 1L, 0.0));
        assertThat(summary.byCategory()).extracting(LedgerSummary.CategorySummary::category,
                LedgerSummary.CategorySummary::registered, LedgerSummary.CategorySummary::closed).containsExactly(
                tuple("民生实事", 1L, 0L), tuple("项目建设", 2L, 1L), tuple(null, 1L, 0L));
        assertThat(queries.taskIds(LEDGER, new LedgerFilter(null, "张副县长", null, null, null)))
                .containsExactly("t-1", "t-2");
        assertThat(queries.taskIds(LEDGER, new LedgerFilter("DEPT-A", "张副县长", "项目建设", TaskStatus.CLOSED, null)))
                .containsExactly("t-2");
        assertThat(queries.taskIds(LEDGER, new LedgerFilter(null, null, "营商环境", null, null))).isEmpty();
        assertThat(queries.entries(LEDGER, NOW.atZone(ZONE).toLocalDate(),
                new LedgerFilter(null, null, "民生实事", null, null)))
                .extracting(LedgerEntry::taskId, LedgerEntry::responsibleLeader, LedgerEntry::category)
                .containsExactly(tuple("t-3", "李副县长", "民生实事"));
    }
}
