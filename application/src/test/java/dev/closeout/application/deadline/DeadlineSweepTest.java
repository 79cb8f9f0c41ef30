package dev.closeout.application.deadline;

import com.fasterxml.jackson.databind.JsonNode;
import dev.closeout.application.infrastructure.axon.ProcessorProgress;
import dev.closeout.application.support.ApiClient;
import dev.closeout.application.support.Eventually;
import dev.closeout.application.support.IntegrationTest;
import dev.closeout.domain.time.WorkingCalendar;
import dev.closeout.projections.alert.AlertProjection;
import dev.closeout.projections.deadline.DueDateIndex;
import dev.closeout.projections.deadline.DueDateIndexProjection;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

class DeadlineSweepTest extends IntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    private static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");

    @Autowired
    private DueDateSweep sweep;
    @Autowired
    private ProcessorProgress progress;
    @Autowired
    private WorkingCalendar calendar;
    @Autowired
    private DueDateIndex index;

    /** The clock is shared, and a sweep marked in the future would make later sweeps read nothing. */
    /** Other tests leave overdue items behind: their checks are swept first, so this test's sweeps see only its own. */
    @BeforeEach
    void sweepWhatOthersLeft() {
        Sweeps.sweptOnceCaughtUp(sweep);
    }

    @AfterEach
    void putTimeBack() {
        clock.reset();
        database.getCollection(DueDateIndexProjection.MARKS).deleteOne(new Document("_id", "swept"));
    }

    private String register(String ledger, Map<String, Object> due) {
        Map<String, Object> body = new HashMap<>(Map.of("ledger", ledger, "title", "任务",
                "leadDepartment", "DEPT-A"));
        body.putAll(due);
        ApiClient.Response response = supervisor.post("/api/tasks", body);
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return response.json().get("taskId").asText();
    }

    private List<String> history(String path) {
        return StreamSupport.stream(supervisor.get(path + "/history").json().spliterator(), false)
                .map(e -> e.get("type").asText()).toList();
    }

    private List<String> awaitHistory(String path, Predicate<List<String>> done) {
        return Eventually.until(WAIT, () -> history(path), done);
    }

    private JsonNode awaitTask(String id, Predicate<JsonNode> done) {
        return Eventually.until(WAIT, () -> supervisor.get("/api/tasks/" + id).json(), done);
    }

    /** The ledger's colour board, once its projection has taken in the deadline events. */
    private JsonNode awaitBoard(String ledger, Predicate<JsonNode> done) {
        return Eventually.until(WAIT, () -> supervisor.get(ledgerPath(ledger)).json().get("colours"),
                board -> board != null && done.test(board));
    }

    private List<JsonNode> awaitAlerts(String ledger, int count) {
        return Eventually.until(WAIT, () -> allAlerts("/api/alerts?limit=500&ledger=" + encoded(ledger)),
                found -> found.size() >= count);
    }

    private static long count(List<String> types, String type) {
        return types.stream().filter(type::equals).count();
    }

    private static Map<String, Object> dueOn(LocalDate date) {
        return Map.of("dueDate", date.toString());
    }

    /** A due date one working day overdue today, whatever day of the week the suite runs on. */
    private LocalDate oneWorkingDayAgo() {
        LocalDate today = today();
        LocalDate due = today.minusDays(1);
        while (calendar.workingDaysBetween(due, today) < 1) {
            due = due.minusDays(1);
        }
        return due;
    }

    /**
     * A server clock that ran days ahead and was put right leaves the sweep's mark after today: the sweep reads from
     * the day before today all the same and sets the mark back (it read nothing until the clock caught up, and an item
     * filed meanwhile was never checked).
     */
    @Test
    void a_sweep_mark_left_ahead_by_a_clock_put_right_does_not_stop_the_checks() {
        assertThat(index.markSwept(index.lastSwept(), today().plusDays(10))).isTrue();
        String late = register(uniqueLedger("时钟回拨台账"), dueOn(oneWorkingDayAgo()));

        assertThat(Sweeps.sweptOnceCaughtUp(sweep).swept()).isTrue();

        assertThat(awaitHistory("/api/tasks/" + late, t -> t.contains("TaskWentOverdue"))).contains("TaskWentOverdue");
        assertThat(index.lastSwept()).contains(today());
    }

    @Test
    void a_sweep_records_each_deadline_once_and_the_views_ledger_and_alerts_show_it() throws Exception {
        String ledger = uniqueLedger("清扫台账");
        LocalDate today = today();
        String late = register(ledger, dueOn(oneWorkingDayAgo()));
        String soon = register(ledger, Map.of("dueInWorkingDays", 1));
        String far = register(ledger, dueOn(today.plusDays(90)));

        assertThat(Sweeps.sweptOnceCaughtUp(sweep).swept()).isTrue();

        List<String> lateHistory = awaitHistory("/api/tasks/" + late, t -> t.contains("TaskEscalated"));
        assertThat(count(lateHistory, "TaskWentOverdue")).isEqualTo(1);
        assertThat(count(lateHistory, "TaskEscalated")).isEqualTo(1);
        assertThat(awaitHistory("/api/tasks/" + soon, t -> t.contains("TaskFellDueSoon")))
                .containsOnlyOnce("TaskFellDueSoon");
        assertThat(history("/api/tasks/" + far)).containsExactly("TaskRegistered");

        // the overdue and the escalation are appended together, and a view may fold them in two batches
        JsonNode red = awaitTask(late, t -> t.get("everOverdue").asBoolean() && t.hasNonNull("escalation"));
        assertThat(red.get("colour").asText()).isEqualTo("RED");
        assertThat(red.get("colourReasons").toString()).contains("OVERDUE");
        assertThat(red.get("escalation").get("level").asText()).isEqualTo("REMINDER");
        assertThat(red.get("escalation").get("by").get("role").asText()).isEqualTo("SYSTEM");
        assertThat(supervisor.get("/api/tasks/" + soon).json().get("colour").asText()).isEqualTo("YELLOW");
        assertThat(supervisor.get("/api/tasks/" + far).json().get("colour").asText()).isEqualTo("BLUE");

        // the sweep waits for the due-date index only; the ledger takes its events at its own pace, and may hold
        // the first item registered before the others
        JsonNode board = awaitBoard(ledger, b -> b.get("RED").asLong() == 1 && b.get("YELLOW").asLong() == 1
                && b.get("BLUE").asLong() == 1);
        assertThat(board.get("RED").asLong()).isEqualTo(1);
        assertThat(board.get("YELLOW").asLong()).isEqualTo(1);
        assertThat(board.get("BLUE").asLong()).isEqualTo(1);

        List<JsonNode> raised = awaitAlerts(ledger, 3);
        assertThat(raised).extracting(a -> a.get("type").asText() + "/" + a.get("reason").asText() + "/"
                        + a.get("colour").asText())
                .containsExactlyInAnyOrder("OVERDUE/OVERDUE/RED", "ESCALATED/AUTOMATIC/RED", "WARNING/DUE_SOON/YELLOW");

        // The sweep sends its checks and waits for them: anything it recorded is in the store now.
        Sweeps.sweptOnceCaughtUp(sweep);
        assertThat(history("/api/tasks/" + late)).isEqualTo(lateHistory);
        assertThat(count(history("/api/tasks/" + soon), "TaskFellDueSoon")).isEqualTo(1);
        // Once the alert feed has taken in everything stored, a second alert would be there.
        assertThat(progress.caughtUp(AlertProjection.PROCESSING_GROUP, WAIT)).isTrue();
        assertThat(allAlerts("/api/alerts?limit=500&ledger=" + encoded(ledger))).hasSize(3);
    }

    @Test
    void as_days_pass_an_overdue_task_climbs_the_ladder_and_a_complaint_is_chased_for_acceptance_and_answer()
            throws Exception {
        String ledger = uniqueLedger("爬梯台账");
        String task = register(ledger, dueOn(oneWorkingDayAgo()));
        String complaint = supervisor.post("/api/complaints", Map.of("channel", "HOTLINE_12345", "subject", "路灯不亮",
                "content", "路灯坏了三周")).json().get("complaintId").asText();
        assertThat(supervisor.post("/api/complaints/" + complaint + "/assign",
                Map.of("department", "DEPT-A", "dueInWorkingDays", 3)).status()).isEqualTo(200);
        Sweeps.sweptOnceCaughtUp(sweep);
        awaitHistory("/api/tasks/" + task, t -> t.contains("TaskEscalated"));

        clock.advance(Duration.ofDays(30));
        Sweeps.sweptOnceCaughtUp(sweep);

        List<String> taskHistory = awaitHistory("/api/tasks/" + task, t -> count(t, "TaskEscalated") == 2);
        assertThat(count(taskHistory, "TaskWentOverdue")).isEqualTo(1);
        assertThat(count(taskHistory, "TaskEscalated")).isEqualTo(2);
        JsonNode climbed = awaitTask(task, t -> !"REMINDER".equals(t.get("escalation").get("level").asText()));
        assertThat(climbed.get("escalation").get("level").asText()).isIn("NOTICE", "SPECIAL_DISPATCH", "TOP_DISPATCH");

        List<String> complaintHistory = awaitHistory("/api/complaints/" + complaint,
                t -> t.contains("ComplaintEscalated"));
        assertThat(complaintHistory).containsOnlyOnce("ComplaintNotAcceptedInTime", "ComplaintNotAnsweredInTime",
                "ComplaintEscalated");
        JsonNode view = supervisor.get("/api/complaints/" + complaint).json();
        assertThat(view.get("colour").asText()).isEqualTo("RED");
    }

    @Test
    void a_due_date_is_given_as_a_date_or_as_working_days_but_not_both() {
        ApiClient.Response both = supervisor.post("/api/tasks", Map.of("ledger", uniqueLedger("时限台账"), "title", "任务",
                "leadDepartment", "DEPT-A", "dueDate", "2026-12-31", "dueInWorkingDays", 5));
        assertThat(both.status()).isEqualTo(400);
        assertThat(both.json().get("field").asText()).isEqualTo("dueInWorkingDays");
        ApiClient.Response neither = supervisor.post("/api/tasks", Map.of("ledger", uniqueLedger("时限台账"),
                "title", "任务", "leadDepartment", "DEPT-A"));
        assertThat(neither.status()).isEqualTo(400);
        assertThat(neither.json().get("field").asText()).isEqualTo("dueDate");
    }
}
