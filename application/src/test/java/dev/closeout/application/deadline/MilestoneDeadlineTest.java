package dev.closeout.application.deadline;

import com.fasterxml.jackson.databind.JsonNode;
import dev.closeout.application.support.ApiClient;
import dev.closeout.application.support.Eventually;
import dev.closeout.application.support.IntegrationTest;
import dev.closeout.application.support.PageSession;
import dev.closeout.domain.common.Limits;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;
import java.time.LocalDate;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Milestones (推进时序表, 季度目标) over HTTP: a milestone past its date turns the task yellow
 * (MILESTONE_MISSED), the sweep records it missed and raises one alert however often it runs, the
 * ledger counts it, and a report of it met and confirmed clears it. Once across a restart:
 * SweepAfterRestartTest.
 */
class MilestoneDeadlineTest extends IntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Autowired
    private DueDateSweep sweep;

    @AfterEach
    void putTimeBack() {
        Sweeps.putTimeBack(clock, database);
    }

    private ApiClient.Response register(String ledger, Map<String, Object> extra) {
        Map<String, Object> body = new HashMap<>(Map.of("ledger", ledger, "title", "G312 线拓宽改造",
                "leadDepartment", "DEPT-A", "dueDate", today().plusDays(90).toString()));
        body.putAll(extra);
        return supervisor.post("/api/tasks", body);
    }

    private static Map<String, Object> milestone(String title, LocalDate due) {
        return Map.of("title", title, "dueDate", due.toString());
    }

    private JsonNode awaitTask(String id, Predicate<JsonNode> done) {
        return Eventually.until(WAIT, () -> supervisor.get("/api/tasks/" + id).json(), done);
    }

    private long missedEvents(String id) {
        return StreamSupport.stream(supervisor.get("/api/tasks/" + id + "/history").json().spliterator(), false)
                .filter(e -> e.get("type").asText().equals("MilestoneMissed")).count();
    }

    private JsonNode awaitMilestoneFigures(String ledger, Predicate<JsonNode> done) {
        return Eventually.until(WAIT, () -> supervisor.get(ledgerPath(ledger)).json().get("milestones"),
                figures -> figures != null && done.test(figures));
    }

    @Test
    void a_missed_milestone_turns_the_task_yellow_raises_one_alert_and_counts_until_it_is_met() {
        String ledger = uniqueLedger("季度目标台账");
        LocalDate q1 = today();
        ApiClient.Response registered = register(ledger, Map.of("category", "项目建设", "milestones",
                List.of(milestone("一季度: 完成征地", q1), milestone("二季度: 路基完工", today().plusDays(60)))));
        assertThat(registered.status()).as(registered.body()).isEqualTo(201);
        String id = registered.json().get("taskId").asText();
        JsonNode task = supervisor.get("/api/tasks/" + id).json();
        assertThat(task.get("category").asText()).isEqualTo("项目建设");
        assertThat(task.get("milestones")).extracting(m -> m.get("milestoneId").asText() + " "
                + m.get("dueDate").asText() + " " + m.get("status").asText())
                .containsExactly("M1 " + q1 + " PLANNED", "M2 " + today().plusDays(60) + " PLANNED");
        assertThat(task.get("colour").asText()).as("due today is not missed").isEqualTo("BLUE");
        assertThat(deptA.post("/api/tasks/" + id + "/claim", Map.of()).status()).isEqualTo(200);

        clock.advance(Duration.ofDays(1));
        JsonNode yellow = supervisor.get("/api/tasks/" + id).json();
        assertThat(yellow.get("colour").asText()).isEqualTo("YELLOW");
        assertThat(yellow.get("colourReasons").toString()).contains("MILESTONE_MISSED");
        assertThat(yellow.get("milestones").get(0).get("status").asText()).isEqualTo("MISSED");

        Sweeps.sweptOnceCaughtUp(sweep);
        awaitTask(id, t -> t.get("milestones").get(0).get("missedRecorded").asBoolean());
        Sweeps.sweptOnceCaughtUp(sweep);
        assertThat(missedEvents(id)).isEqualTo(1);
        List<JsonNode> raised = Eventually.until(WAIT, () -> allAlerts("/api/alerts?limit=500&ledger="
                + encoded(ledger)), found -> !found.isEmpty());
        assertThat(raised).extracting(a -> a.get("type").asText() + "/" + a.get("reason").asText() + "/"
                + a.get("colour").asText() + "/" + a.get("subjectId").asText())
                .containsExactly("WARNING/MILESTONE_MISSED/YELLOW/" + id);
        JsonNode missed = awaitMilestoneFigures(ledger, f -> f.get("missed").asLong() == 1);
        assertThat(missed.get("planned").asLong()).isEqualTo(2);
        assertThat(missed.get("due").asLong()).isEqualTo(1);
        assertThat(missed.get("met").asLong()).isZero();

        ApiClient.Response reported = deptA.post("/api/tasks/" + id + "/milestones/M1/report",
                Map.of("evidence", "征地协议 12 份"));
        assertThat(reported.status()).as(reported.body()).isEqualTo(200);
        assertThat(reported.json().get("milestones").get(0).get("status").asText()).isEqualTo("REPORTED");
        assertThat(reported.json().get("colour").asText()).isEqualTo("BLUE");
        assertThat(deptA.post("/api/tasks/" + id + "/milestones/M1/confirm", Map.of()).status()).isEqualTo(403);
        ApiClient.Response confirmed = supervisor.post("/api/tasks/" + id + "/milestones/M1/confirm", Map.of());
        assertThat(confirmed.json().get("milestones").get(0).get("status").asText()).isEqualTo("MET");
        JsonNode met = awaitMilestoneFigures(ledger, f -> f.get("met").asLong() == 1);
        assertThat(met.get("missed").asLong()).isZero();
        assertThat(met.get("rate").asDouble()).isEqualTo(1.0);
        assertThat(supervisor.get(ledgerPath(ledger)).json().get("departments").get(0).get("milestones")
                .get("met").asLong()).isEqualTo(1);
    }

    /**
     * A task closed before a milestone falls due misses no milestone afterwards, as the domain records none: the
     * milestone is neither due nor missed in the ledger's figures, nor shown missed on the task (a task closed early
     * had lowered 季度目标完成率 for good, and nothing could put it right).
     */
    @Test
    void a_task_closed_before_its_milestone_falls_due_never_misses_it() {
        String ledger = uniqueLedger("提前销号台账");
        String id = register(ledger, Map.of("milestones", List.of(milestone("二季度: 路基完工", today().plusDays(20)))))
                .json().get("taskId").asText();
        assertThat(deptA.post("/api/tasks/" + id + "/claim", Map.of()).status()).isEqualTo(200);
        assertThat(deptA.post("/api/tasks/" + id + "/closure-request", Map.of("evidence", "提前完工")).status())
                .isEqualTo(200);
        assertThat(supervisor.post("/api/tasks/" + id + "/close", Map.of()).status()).isEqualTo(200);

        clock.advance(Duration.ofDays(30));

        JsonNode task = supervisor.get("/api/tasks/" + id).json();
        assertThat(task.get("status").asText()).isEqualTo("CLOSED");
        assertThat(task.get("milestones").get(0).get("status").asText()).isEqualTo("PLANNED");
        // the ledger's figures are read once they hold the closing, not just the registration
        JsonNode figures = Eventually.until(WAIT, () -> supervisor.get(ledgerPath(ledger)).json(),
                l -> l.path("closed").asLong() == 1).get("milestones");
        assertThat(figures.get("planned").asLong()).isEqualTo(1);
        assertThat(figures.get("due").asLong()).isZero();
        assertThat(figures.get("missed").asLong()).isZero();
    }

    /** A withdrawn task's clock stopped, as a closed one's: a milestone past its date afterwards is not shown missed. */
    @Test
    void a_withdrawn_tasks_milestone_past_its_date_is_not_shown_missed() {
        String id = register(uniqueLedger("撤销节点台账"), Map.of("milestones",
                List.of(milestone("二季度: 路基完工", today().plusDays(20))))).json().get("taskId").asText();
        assertThat(supervisor.post("/api/tasks/" + id + "/withdraw", Map.of("reason", "重复登记")).status())
                .isEqualTo(200);

        clock.advance(Duration.ofDays(30));

        JsonNode task = supervisor.get("/api/tasks/" + id).json();
        assertThat(task.get("status").asText()).isEqualTo("WITHDRAWN");
        assertThat(task.get("milestones").get(0).get("status").asText()).isEqualTo("PLANNED");
    }

    @Test
    void a_supervisor_plans_milestones_later_and_a_department_may_not() {
        String id = register(uniqueLedger("倒排工期台账"), Map.of()).json().get("taskId").asText();
        Map<String, Object> plan = Map.of("milestones", List.of(milestone("倒排: 完成设计", today().plusDays(20))));
        assertThat(deptA.post("/api/tasks/" + id + "/milestones", plan).status()).isEqualTo(403);
        ApiClient.Response planned = supervisor.post("/api/tasks/" + id + "/milestones", plan);
        assertThat(planned.status()).as(planned.body()).isEqualTo(200);
        assertThat(planned.json().get("milestones").get(0).get("milestoneId").asText()).isEqualTo("M1");
        assertThat(planned.json().get("milestones").get(0).get("status").asText()).isEqualTo("PLANNED");

        PageSession browser = new PageSession(port);
        browser.signIn("dept-a", "dept-a");
        assertThat(browser.get("/tasks/" + id).body()).contains("推进时序表").contains("M1 · 倒排: 完成设计")
                .contains("待完成");
    }

    @Test
    void bad_milestones_and_unknown_categories_are_refused_naming_the_field_and_register_nothing() {
        String ledger = uniqueLedger("坏节点台账");
        Map<String, Map<String, Object>> bad = Map.of(
                "category", Map.of("category", "不存在的类别"),
                "milestones[0].title", Map.of("milestones", List.of(milestone(" ", today()))),
                "milestones[1].dueDate", Map.of("milestones", List.of(milestone("一季度", today()),
                        milestone("年后", today().plusDays(91)))),
                "milestones", Map.of("milestones",
                        Collections.nCopies(Limits.MILESTONES + 1, milestone("月度", today()))));
        bad.forEach((field, extra) -> {
            ApiClient.Response refused = register(ledger, extra);
            assertThat(refused.status()).as(field + ": " + refused.body()).isEqualTo(400);
            assertThat(refused.contentType()).isEqualTo("application/problem+json");
            assertThat(refused.json().get("field").asText()).as(refused.body()).isEqualTo(field);
        });
        ApiClient.Response malformedDate = register(ledger, Map.of("milestones",
                List.of(Map.of("title", "二季度", "dueDate", "2026-02-30"))));
        assertThat(malformedDate.status()).as(malformedDate.body()).isEqualTo(400);
        assertThat(malformedDate.body()).contains("milestones");
        assertThat(supervisor.get(ledgerPath(ledger)).status()).as("nothing registered").isEqualTo(404);
    }

    @Test
    void a_retry_under_the_same_idempotency_key_with_other_milestones_is_another_registration() {
        String ledger = uniqueLedger("重试节点台账");
        Map<String, String> key = Map.of("Idempotency-Key",
                uniqueLedger("milestones-retry").replace(' ', '-'));
        Map<String, Object> body = new HashMap<>(Map.of("ledger", ledger, "title", "任务", "leadDepartment", "DEPT-A",
                "dueDate", today().plusDays(90).toString(), "category", "民生实事",
                "milestones", List.of(milestone("一季度", today().plusDays(30)))));
        assertThat(supervisor.post("/api/tasks", body, key).status()).isEqualTo(201);
        assertThat(supervisor.post("/api/tasks", body, key).status()).isEqualTo(201);
        body.put("milestones", List.of(milestone("一季度", today().plusDays(31))));
        ApiClient.Response other = supervisor.post("/api/tasks", body, key);
        assertThat(other.status()).as(other.body()).isEqualTo(400);
        assertThat(other.json().get("field").asText()).isEqualTo("Idempotency-Key");
    }
}
