package dev.closeout.application.deadline;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.closeout.application.support.ApiClient;
import dev.closeout.application.support.IntegrationTest;
import dev.closeout.domain.task.TaskId;
import dev.closeout.domain.time.DeadlinePolicy;
import dev.closeout.projections.deadline.DueDateIndex;
import dev.closeout.projections.deadline.DueDateIndexProjection;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An item whose check keeps failing must not hold the sweep back: the mark moves on, the item is
 * retried from a small list, and after a bounded number of days it is given up with an ERROR.
 */
class DeadlineSweepRetryTest extends IntegrationTest {

    @Autowired
    private DueDateSweep sweep;
    @Autowired
    private DueDateIndex index;
    @Autowired
    private DeadlinePolicy policy;

    private final ListAppender<ILoggingEvent> sweepLog = new ListAppender<>();
    private final Logger sweepLogger = (Logger) LoggerFactory.getLogger(DueDateSweep.class);
    /** An id filed in the index with no aggregate behind it: its check fails every time. */
    private final String ghost = TaskId.generate().value();
    private LocalDate filedOn;

    /** Other tests leave overdue items behind: their checks are swept first, so this test's sweeps see only its own. */
    @BeforeEach
    void listen() {
        Sweeps.sweptOnceCaughtUp(sweep);
        sweepLog.start();
        sweepLogger.addAppender(sweepLog);
    }

    /** The context is shared: put the clock, the marks and the index back as the other tests expect them. */
    @AfterEach
    void putBack() {
        sweepLogger.detachAppender(sweepLog);
        clock.reset();
        database.getCollection(DueDateIndexProjection.MARKS).deleteOne(new Document("_id", "swept"));
        database.getCollection(DueDateIndexProjection.MARKS).deleteOne(new Document("_id", DueDateIndex.RETRY));
        if (filedOn != null) {
            IndexFilings.remove(database, ghost);
        }
    }

    private String registerOverdueTask() {
        ApiClient.Response response = supervisor.post("/api/tasks", Map.of("ledger", uniqueLedger("重试台账"),
                "title", "逾期任务", "leadDepartment", "DEPT-A", "dueDate", today().minusDays(10).toString()));
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return response.json().get("taskId").asText();
    }

    private List<String> awaitHistory(String task, String type) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 30_000;
        List<String> types = history(task);
        while (!types.contains(type) && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
            types = history(task);
        }
        return types;
    }

    private List<String> history(String task) {
        return StreamSupport.stream(supervisor.get("/api/tasks/" + task + "/history").json().spliterator(), false)
                .map(e -> e.get("type").asText()).toList();
    }

    private Optional<DueDateIndex.Retry> retryOfGhost() {
        return index.retries().tasks().stream().filter(r -> r.id().equals(ghost)).findFirst();
    }

    private List<ILoggingEvent> logsNamingGhost(Level level) {
        return sweepLog.list.stream()
                .filter(e -> e.getLevel().equals(level) && e.getFormattedMessage().contains(ghost)).toList();
    }

    @Test
    void a_check_that_keeps_failing_lets_the_mark_move_is_retried_from_the_list_and_is_given_up_after_three_days()
            throws Exception {
        String task = registerOverdueTask();
        filedOn = today();
        IndexFilings.fileTask(database, filedOn, ghost);

        // Day 1: the ghost's check fails, the real task is still checked, and the mark reaches today.
        assertThat(Sweeps.sweptOnceCaughtUp(sweep).swept()).isTrue();
        assertThat(awaitHistory(task, "TaskWentOverdue")).contains("TaskWentOverdue");
        assertThat(index.lastSwept()).contains(today());
        assertThat(retryOfGhost()).map(DueDateIndex.Retry::failedDays).contains(1);
        assertThat(logsNamingGhost(Level.WARN)).hasSize(1);

        // A second sweep on the same day retries it but does not count another failed day.
        Sweeps.sweptOnceCaughtUp(sweep);
        assertThat(logsNamingGhost(Level.WARN)).hasSize(2);
        assertThat(retryOfGhost()).map(DueDateIndex.Retry::failedDays).contains(1);

        // From here only the retry list can bring the ghost back: its date is behind the mark and
        // no longer lists it.
        IndexFilings.remove(database, ghost);

        clock.advance(Duration.ofDays(2));
        Sweeps.sweptOnceCaughtUp(sweep);
        assertThat(index.lastSwept()).contains(today());
        assertThat(logsNamingGhost(Level.WARN)).hasSize(3);
        assertThat(retryOfGhost()).map(DueDateIndex.Retry::failedDays).contains(2);
        assertThat(logsNamingGhost(Level.ERROR)).isEmpty();

        // The third failed day gives it up, with an ERROR naming it.
        clock.advance(Duration.ofDays(2));
        Sweeps.sweptOnceCaughtUp(sweep);
        assertThat(index.lastSwept()).contains(today());
        assertThat(logsNamingGhost(Level.WARN)).hasSize(4);
        assertThat(logsNamingGhost(Level.ERROR)).hasSize(1);
        assertThat(retryOfGhost()).isEmpty();

        // And it is not checked again.
        clock.advance(Duration.ofDays(2));
        Sweeps.sweptOnceCaughtUp(sweep);
        assertThat(index.lastSwept()).contains(today());
        assertThat(logsNamingGhost(Level.WARN)).hasSize(4);
        assertThat(retryOfGhost()).isEmpty();
    }

    @Test
    void the_list_keeps_no_new_item_past_its_bound_but_still_counts_the_days_of_those_it_holds() {
        LocalDate today = today();
        String kept = TaskId.generate().value();
        assertThat(index.failed(DueDateIndex.Kind.TASK, kept, today, 1)).isEqualTo(1);
        assertThat(index.failed(DueDateIndex.Kind.COMPLAINT, ghost, today, 1)).as("past the bound").isZero();
        assertThat(index.failed(DueDateIndex.Kind.TASK, kept, today.plusDays(1), 1)).isEqualTo(2);

        index.forget(DueDateIndex.Kind.TASK, kept);
        assertThat(index.failed(DueDateIndex.Kind.COMPLAINT, ghost, today, 1)).as("room again").isEqualTo(1);
        assertThat(index.retries().complaints()).extracting(DueDateIndex.Retry::id).containsExactly(ghost);
        assertThat(index.retries().tasks()).isEmpty();
    }

    @Test
    void a_list_written_whole_by_the_previous_version_is_taken_in_with_its_failed_days() {
        LocalDate lastFailed = today().minusDays(1);
        database.getCollection(DueDateIndexProjection.MARKS).insertOne(new Document("_id", DueDateIndex.RETRY)
                .append("tasks", List.of(new Document("id", ghost).append("failedDays", 2)
                        .append("lastFailed", lastFailed.toString())))
                .append("complaints", List.of()));

        assertThat(index.retries().tasks()).containsExactly(new DueDateIndex.Retry(ghost, 2, lastFailed));
        assertThat(index.failed(DueDateIndex.Kind.TASK, ghost, today(), DeadlineChecks.MAX_RETRIES)).isEqualTo(3);
        assertThat(database.getCollection(DueDateIndexProjection.MARKS).find(new Document("_id", DueDateIndex.RETRY))
                .first()).doesNotContainKeys("tasks", "complaints");
    }
}
