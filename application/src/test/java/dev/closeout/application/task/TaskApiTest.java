package dev.closeout.application.task;

import com.fasterxml.jackson.databind.JsonNode;
import dev.closeout.application.support.ApiClient.Response;
import dev.closeout.application.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class TaskApiTest extends IntegrationTest {

    private String register(String ledger, String lead, LocalDate due) {
        Response created = supervisor.post("/api/tasks", Map.of(
                "ledger", ledger, "title", "整治背街小巷环境", "leadDepartment", lead,
                "supportingDepartments", List.of("DEPT-B"), "dueDate", due.toString()));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String id = created.json().get("taskId").asText();
        assertThat(created.header("Location")).endsWith("/api/tasks/" + id);
        return id;
    }

    private String registered() {
        return register(uniqueLedger("2023 三抓三促 攻坚任务台账"), "DEPT-A", today().plusDays(30));
    }

    private static void assertProblem(Response response, int status) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("status").asInt()).isEqualTo(status);
        assertThat(response.json().get("detail").asText()).isNotBlank();
    }

    /** A supporting department's report alone (配合单位) puts the task in progress but gives it no percent of its own. */
    @Test
    void a_supporting_departments_report_alone_starts_the_task_and_leaves_its_percent_unreported() {
        String path = "/api/tasks/" + registered();
        assertThat(deptA.post(path + "/claim").status()).isEqualTo(200);

        JsonNode reported = deptB.post(path + "/progress", Map.of("note", "配合单位完成摸排", "percentComplete", 60)).json();

        assertThat(reported.get("status").asText()).isEqualTo("IN_PROGRESS");
        assertThat(reported.path("latestProgress").isMissingNode() || reported.get("latestProgress").isNull())
                .as("the task's percent is its lead's: none reported yet").isTrue();
        assertThat(supervisor.get(path + "/history").json().get(2).get("actor").get("department").asText())
                .as("the report is in the history").isEqualTo("DEPT-B");
    }

    @Test
    void a_task_goes_from_registration_to_closure_and_its_history_tells_every_step() {
        String id = registered();
        String path = "/api/tasks/" + id;

        assertThat(deptA.post(path + "/claim").json().get("status").asText()).isEqualTo("CLAIMED");
        deptA.post(path + "/progress", Map.of("note", "主体工程完成八成", "percentComplete", 80));
        // the supporting department reports on its own share (配合单位): the task's progress stays the lead's
        Response progress = deptB.post(path + "/progress", Map.of("note", "配合单位完成摸排", "percentComplete", 10));
        assertThat(progress.json().get("status").asText()).isEqualTo("IN_PROGRESS");
        assertThat(progress.json().get("latestProgress").get("percentComplete").asInt()).isEqualTo(80);
        assertThat(progress.json().get("latestProgress").get("reportedBy").get("department").asText())
                .isEqualTo("DEPT-A");
        assertThat(deptA.post(path + "/extension", Map.of("newDueDate", today().plusDays(60).toString(),
                "reason", "雨季施工受阻")).json().get("pendingExtension").get("reason").asText()).isEqualTo("雨季施工受阻");
        JsonNode extended = supervisor.post(path + "/extension/approve").json();
        assertThat(extended.get("dueDate").asText()).isEqualTo(today().plusDays(60).toString());
        assertThat(extended.has("pendingExtension")).isFalse();
        assertThat(deptA.post(path + "/closure-request", Map.of("evidence", "验收报告"))
                .json().get("status").asText()).isEqualTo("CLOSURE_REQUESTED");
        assertThat(supervisor.post(path + "/return", Map.of("reason", "佐证材料不全"))
                .json().get("status").asText()).isEqualTo("IN_PROGRESS");
        deptA.post(path + "/closure-request", Map.of("evidence", "补充验收报告"));
        supervisor.post(path + "/escalate", Map.of("level", "督办", "reason", "进度滞后"));
        JsonNode closed = supervisor.post(path + "/close").json();
        assertThat(closed.get("status").asText()).isEqualTo("CLOSED");
        assertThat(closed.get("closedOnTime").asBoolean()).isTrue();
        assertThat(closed.get("escalation").get("level").asText()).isEqualTo("NOTICE");

        JsonNode history = auditor.get(path + "/history").json();
        List<String> types = new ArrayList<>();
        history.forEach(e -> types.add(e.get("type").asText()));
        assertThat(types).containsExactly("TaskRegistered", "TaskClaimed", "TaskProgressReported",
                "TaskProgressReported", "TaskExtensionRequested", "TaskExtensionApproved", "TaskClosureRequested", "TaskReturned",
                "TaskClosureRequested", "TaskEscalated", "TaskClosed");
        assertThat(history.get(0).get("sequence").asLong()).isZero();
        assertThat(history.get(0).get("actor").get("user").asText()).isEqualTo("supervisor");
        assertThat(history.get(3).get("actor").get("department").asText()).isEqualTo("DEPT-B");
        assertThat(history.get(3).get("percentComplete").asInt()).isEqualTo(10);
        assertThat(history.get(7).get("reason").asText()).isEqualTo("佐证材料不全");
        assertThat(history.get(0).get("occurredAt").asText()).isNotBlank();
    }

    @Test
    void a_closed_task_can_be_reopened_and_a_task_can_be_withdrawn() {
        String id = registered();
        String path = "/api/tasks/" + id;
        deptA.post(path + "/claim");
        deptA.post(path + "/closure-request", Map.of("evidence", "完成"));
        supervisor.post(path + "/close");
        assertThat(supervisor.post(path + "/reopen", Map.of("reason", "回头看发现问题反弹"))
                .json().get("status").asText()).isEqualTo("IN_PROGRESS");
        assertThat(supervisor.post(path + "/withdraw", Map.of("reason", "重复登记"))
                .json().get("status").asText()).isEqualTo("WITHDRAWN");
    }

    @Test
    void a_task_past_its_due_date_reads_as_overdue() {
        String id = register(uniqueLedger("历史台账"), "DEPT-A", today().minusDays(3));
        assertThat(auditor.get("/api/tasks/" + id).json().get("overdue").asBoolean()).isTrue();
    }

    @Test
    void registering_without_a_title_is_a_bad_request_naming_the_field_and_stores_nothing() {
        long before = storedEvents();
        Response response = supervisor.post("/api/tasks", Map.of("ledger", "L", "leadDepartment", "DEPT-A",
                "dueDate", "2026-12-31"));
        assertProblem(response, 400);
        assertThat(response.json().get("field").asText()).isEqualTo("title");
        assertThat(storedEvents()).isEqualTo(before);
    }

    @Test
    void an_unreadable_due_date_is_a_bad_request_naming_the_field() {
        long before = storedEvents();
        Response response = supervisor.post("/api/tasks", Map.of("ledger", "L", "title", "t",
                "leadDepartment", "DEPT-A", "dueDate", "next friday"));
        assertProblem(response, 400);
        assertThat(response.json().get("field").asText()).isEqualTo("dueDate");
        assertThat(storedEvents()).isEqualTo(before);
    }

    @Test
    void a_percentage_above_100_is_a_bad_request_and_stores_nothing() {
        String id = registered();
        deptA.post("/api/tasks/" + id + "/claim");
        long before = storedEvents();
        Response response = deptA.post("/api/tasks/" + id + "/progress", Map.of("note", "n", "percentComplete", 101));
        assertProblem(response, 400);
        assertThat(response.json().get("field").asText()).isEqualTo("percentComplete");
        assertThat(storedEvents()).isEqualTo(before);
    }

    @Test
    void a_request_without_credentials_is_unauthorized_and_stores_nothing() {
        long before = storedEvents();
        Response response = anonymous.post("/api/tasks", Map.of("ledger", "L", "title", "t",
                "leadDepartment", "DEPT-A", "dueDate", "2026-12-31"));
        assertProblem(response, 401);
        assertThat(new dev.closeout.application.support.ApiClient(port, "supervisor", "wrong")
                .get("/api/ledgers").status()).isEqualTo(401);
        assertThat(storedEvents()).isEqualTo(before);
    }

    @Test
    void a_department_cannot_register_a_task() {
        long before = storedEvents();
        assertProblem(deptA.post("/api/tasks", Map.of("ledger", "L", "title", "t", "leadDepartment", "DEPT-A",
                "dueDate", "2026-12-31")), 403);
        assertThat(storedEvents()).isEqualTo(before);
    }

    @Test
    void a_department_cannot_claim_another_departments_task() {
        String id = registered();
        long before = storedEvents();
        assertProblem(deptB.post("/api/tasks/" + id + "/claim"), 403);
        assertThat(storedEvents()).isEqualTo(before);
    }

    @Test
    void an_auditor_and_an_alert_consumer_cannot_change_a_task() {
        String id = registered();
        long before = storedEvents();
        assertProblem(auditor.post("/api/tasks/" + id + "/claim"), 403);
        assertProblem(alerts.post("/api/tasks/" + id + "/claim"), 403);
        assertProblem(alerts.get("/api/tasks/" + id), 403);
        assertThat(storedEvents()).isEqualTo(before);
    }

    @Test
    void an_unknown_task_is_not_found() {
        long before = storedEvents();
        assertProblem(supervisor.get("/api/tasks/no-such-task"), 404);
        assertProblem(supervisor.get("/api/tasks/no-such-task/history"), 404);
        assertProblem(deptA.post("/api/tasks/no-such-task/claim"), 404);
        assertProblem(supervisor.post("/api/tasks/not%20an%20id/close"), 404);
        assertThat(storedEvents()).isEqualTo(before);
    }

    @Test
    void closing_a_task_nobody_asked_to_close_is_a_conflict_that_says_why_and_stores_nothing() {
        String id = registered();
        long before = storedEvents();
        Response response = supervisor.post("/api/tasks/" + id + "/close");
        assertProblem(response, 409);
        assertThat(response.json().get("detail").asText()).contains("REGISTERED");
        assertThat(storedEvents()).isEqualTo(before);
    }

    /**
     * A supervisor's decision names what it decides, as the task showed it: a decision on an extension or a
     * closure request the department has since replaced is a conflict naming the field, and stores nothing.
     */
    @Test
    void a_decision_on_a_request_replaced_since_it_was_read_is_a_conflict_naming_the_field() {
        String id = registered();
        String path = "/api/tasks/" + id;
        deptA.post(path + "/claim");
        String seenDate = deptA.post(path + "/extension", Map.of("newDueDate", today().plusDays(60).toString(),
                "reason", "雨季施工受阻")).json().get("pendingExtension").get("newDueDate").asText();
        supervisor.post(path + "/extension/reject", Map.of("reason", "理由不充分", "newDueDate", seenDate));
        String askedAgain = today().plusDays(400).toString();
        deptA.post(path + "/extension", Map.of("newDueDate", askedAgain, "reason", "征地未完成"));
        long before = storedEvents();
        Response staleApproval = supervisor.post(path + "/extension/approve", Map.of("newDueDate", seenDate));
        assertProblem(staleApproval, 409);
        assertThat(staleApproval.json().get("field").asText()).isEqualTo("newDueDate");
        assertThat(storedEvents()).isEqualTo(before);
        assertThat(supervisor.post(path + "/extension/approve", Map.of("newDueDate", askedAgain)).json()
                .get("dueDate").asText()).isEqualTo(askedAgain);

        String seenRequest = deptA.post(path + "/closure-request", Map.of("evidence", "验收报告")).json()
                .get("closureRequest").get("requestedAt").asText();
        supervisor.post(path + "/return", Map.of("reason", "缺少现场照片", "closureRequestedAt", seenRequest));
        String newerRequest;
        clock.advance(Duration.ofSeconds(1));
        try {
            // the two requests told apart by their time, whatever the machine's speed
            newerRequest = deptA.post(path + "/closure-request", Map.of("evidence", "验收报告及现场照片")).json()
                    .get("closureRequest").get("requestedAt").asText();
        } finally {
            clock.reset();
        }
        assertThat(newerRequest).isNotEqualTo(seenRequest);
        before = storedEvents();
        Response staleReturn = supervisor.post(path + "/return",
                Map.of("reason", "缺少现场照片", "closureRequestedAt", seenRequest));
        assertProblem(staleReturn, 409);
        assertThat(staleReturn.json().get("field").asText()).isEqualTo("closureRequestedAt");
        assertThat(storedEvents()).isEqualTo(before);
        assertThat(supervisor.post(path + "/close", Map.of("closureRequestedAt", newerRequest)).json()
                .get("status").asText()).isEqualTo("CLOSED");
    }

    @Test
    void claiming_twice_is_a_conflict() {
        String id = registered();
        deptA.post("/api/tasks/" + id + "/claim");
        long before = storedEvents();
        assertProblem(deptA.post("/api/tasks/" + id + "/claim"), 409);
        assertThat(storedEvents()).isEqualTo(before);
    }

    @Test
    void a_task_with_a_long_history_is_snapshotted_and_still_obeys_its_rules() {
        String id = registered();
        String path = "/api/tasks/" + id;
        deptA.post(path + "/claim");
        assertThat(supervisor.post(path + "/milestones", Map.of("milestones",
                List.of(Map.of("title", "月调度节点", "dueDate", today().plusDays(20).toString())))).status())
                .isEqualTo(200);
        for (int i = 1; i <= 120; i++) {
            assertThat(deptA.post(path + "/progress", Map.of("note", "周跟进 " + i, "percentComplete", i % 101))
                    .status()).isEqualTo(200);
        }
        assertThat(database.getCollection("snapshots").countDocuments(
                new org.bson.Document("_id", id))).as("snapshot stored").isEqualTo(1);
        assertThat(deptA.post(path + "/milestones/M1/report", Map.of("evidence", "节点完成")).json()
                .get("milestones").get(0).get("status").asText()).as("the milestone restored from the snapshot")
                .isEqualTo("REPORTED");
        assertProblem(deptA.post(path + "/milestones/M1/report", Map.of("evidence", "again")), 409);
        assertProblem(deptB.post(path + "/closure-request", Map.of("evidence", "x")), 403);
        assertThat(deptA.post(path + "/closure-request", Map.of("evidence", "完成")).json().get("status").asText())
                .isEqualTo("CLOSURE_REQUESTED");
        assertThat(auditor.get(path + "/history").json()).hasSize(125);
    }
}
