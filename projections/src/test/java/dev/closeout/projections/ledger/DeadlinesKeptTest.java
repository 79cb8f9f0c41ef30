package dev.closeout.projections.ledger;

import dev.closeout.domain.common.Actor;
import dev.closeout.domain.task.TaskEvent.TaskClaimed;
import dev.closeout.domain.task.TaskEvent.TaskClosed;
import dev.closeout.domain.task.TaskEvent.TaskExtensionApproved;
import dev.closeout.domain.task.TaskEvent.TaskRegistered;
import dev.closeout.domain.task.TaskEvent.TaskWithdrawn;
import dev.closeout.domain.task.TaskId;
import dev.closeout.domain.task.TaskSource;
import dev.closeout.domain.time.DeadlinePolicy;
import dev.closeout.projections.support.EmbeddedMongo;
import dev.closeout.projections.support.OfficeZone;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The deadlines a period is judged by (季度考评): an ended period as it stood at its end, a running one as of today. */
class DeadlinesKeptTest {

    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    private static final String LEDGER = "考评台账";
    private static final Actor SUPERVISOR = Actor.supervisor("s");
    private static final LocalDate Q1_FROM = LocalDate.of(2026, 1, 1);
    private static final LocalDate Q1_TO = LocalDate.of(2026, 3, 31);

    private EmbeddedMongo mongo;
    private LedgerProjection projection;
    private LedgerQueries queries;

    @BeforeEach
    void start() {
        mongo = new EmbeddedMongo();
        var database = mongo.database("deadlines");
        projection = new LedgerProjection(database, new OfficeZone(ZONE));
        queries = new LedgerQueries(database, new OfficeZone(ZONE), Clock.fixed(at(LocalDate.of(2026, 4, 10)),
                ZoneOffset.UTC), DeadlinePolicy.standard(ZONE));
    }

    @AfterEach
    void stop() {
        mongo.close();
    }

    /** 10:00 in Beijing on {@code day}. */
    private static Instant at(LocalDate day) {
        return day.atTime(10, 0).atZone(ZONE).toInstant();
    }

    private void register(String id, LocalDate due) {
        register(id, "DEPT-A", due);
    }

    private void register(String id, String department, LocalDate due) {
        projection.on(new TaskRegistered(new TaskId(id), LEDGER, "任务", null, department, List.of(), null,
                TaskSource.SELF_IDENTIFIED, due, SUPERVISOR, null), 0, at(LocalDate.of(2026, 1, 5)));
    }

    @Test
    void an_ended_quarter_is_judged_as_it_stood_at_its_end_whatever_was_extended_withdrawn_or_closed_since() {
        register("t-extended", LocalDate.of(2026, 3, 10));
        projection.on(new TaskExtensionApproved(new TaskId("t-extended"), LocalDate.of(2026, 3, 10),
                LocalDate.of(2026, 5, 31), SUPERVISOR), 1, at(LocalDate.of(2026, 4, 2)));
        register("t-withdrawn", LocalDate.of(2026, 3, 20));
        projection.on(new TaskWithdrawn(new TaskId("t-withdrawn"), "重复", SUPERVISOR), 1, at(LocalDate.of(2026, 4, 3)));
        register("t-closed-late", LocalDate.of(2026, 3, 25));
        projection.on(new TaskClaimed(new TaskId("t-closed-late"), SUPERVISOR), 1, at(LocalDate.of(2026, 1, 6)));
        projection.on(new TaskClosed(new TaskId("t-closed-late"), SUPERVISOR), 2, at(LocalDate.of(2026, 4, 5)));

        assertThat(queries.judgedOn(Q1_TO)).isEqualTo(Q1_TO);
        assertThat(queries.deadlinesKept(Q1_FROM, Q1_TO, Set.of(LEDGER)))
                .containsExactly(new DepartmentDeadlines("DEPT-A", 3, 3, 3, 0, 0, 3, 0.0));
        // the running quarter, as of today: the extended task is due in it, not yet reckoned
        LocalDate q2To = LocalDate.of(2026, 6, 30);
        assertThat(queries.judgedOn(q2To)).isEqualTo(LocalDate.of(2026, 4, 10));
        assertThat(queries.deadlinesKept(LocalDate.of(2026, 4, 1), q2To, Set.of(LEDGER)))
                .containsExactly(new DepartmentDeadlines("DEPT-A", 0, 1, 0, 0, 0, 0, null));
    }

    /** 季度末: a task due on the quarter's last day and open when it ended counts as past due for that quarter. */
    @Test
    void a_task_due_on_the_ended_periods_last_day_and_still_open_then_counts_as_past_due() {
        register("t-quarter-end", Q1_TO);

        assertThat(queries.deadlinesKept(Q1_FROM, Q1_TO, Set.of(LEDGER)))
                .containsExactly(new DepartmentDeadlines("DEPT-A", 1, 1, 1, 0, 0, 1, 0.0));
    }

    @Test
    void a_department_whose_only_task_on_the_ledger_was_withdrawn_is_not_listed() {
        register("t-kept", LocalDate.of(2026, 3, 10));
        register("t-mistaken", "DEPT-B", LocalDate.of(2026, 3, 10));
        projection.on(new TaskWithdrawn(new TaskId("t-mistaken"), "登记错误", SUPERVISOR), 1, at(LocalDate.of(2026, 1, 6)));

        assertThat(queries.deadlinesKept(Q1_FROM, Q1_TO, Set.of(LEDGER))).extracting(DepartmentDeadlines::department)
                .containsExactly("DEPT-A");
    }
}
