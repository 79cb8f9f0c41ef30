package dev.closeout.application.complaint;

import com.fasterxml.jackson.databind.JsonNode;
import dev.closeout.application.support.ApiClient.Response;
import dev.closeout.application.support.IntegrationTest;
import dev.closeout.application.support.TestClock;
import dev.closeout.domain.time.DeadlinePolicy;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ComplaintApiTest extends IntegrationTest {

    /** Fifteen days after the test clock's first day: the suite runs within that day. */
    private static final String DUE = TestClock.firstDay().plusDays(15).toString();

    @Autowired
    private DeadlinePolicy policy;

    private String received(Map<String, Object> overrides) {
        Map<String, Object> body = new HashMap<>(Map.of("channel", "HOTLINE_12345", "referredBy", "CITY",
                "subject", "小区路灯不亮", "content", "东关小区三号楼前路灯已坏两周",
                "complainant", Map.of("name", "张三", "phone", "13812345678")));
        body.putAll(overrides);
        Response created = supervisor.post("/api/complaints", body);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String id = created.json().get("complaintId").asText();
        assertThat(created.header("Location")).endsWith("/api/complaints/" + id);
        return id;
    }

    private String assignedToDeptA() {
        String id = received(Map.of());
        supervisor.post("/api/complaints/" + id + "/assign", Map.of("department", "DEPT-A", "dueDate", DUE));
        return id;
    }

    static void assertProblem(Response response, int status) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("detail").asText()).isNotBlank();
    }

    private static List<String> types(JsonNode history) {
        List<String> types = new ArrayList<>();
        history.forEach(e -> types.add(e.get("type").asText()));
        return types;
    }

    @Test
    void a_complaint_goes_from_receipt_through_a_transfer_and_a_reopening_to_closure() {
        String id = assignedToDeptA();
        String path = "/api/complaints/" + id;

        assertThat(deptA.post(path + "/transfer-request", Map.of("reason", "路灯归城管局管理"))
                .json().get("transferRequest").get("reason").asText()).isEqualTo("路灯归城管局管理");
        JsonNode transferred = supervisor.post(path + "/transfer", Map.of("department", "DEPT-B", "reason", "同意转办"))
                .json();
        assertThat(transferred.get("department").asText()).isEqualTo("DEPT-B");
        assertThat(transferred.get("dueDate").asText()).isEqualTo(DUE);
        assertThat(transferred.has("transferRequest")).isFalse();
        assertThat(deptB.post(path + "/accept").json().get("status").asText()).isEqualTo("ACCEPTED");
        assertThat(deptB.post(path + "/reply", Map.of("content", "已更换灯具")).json().get("status").asText())
                .isEqualTo("REPLIED");
        supervisor.post(path + "/satisfaction", Map.of("rating", "DISSATISFIED", "note", "只修了一盏"));
        JsonNode reopened = supervisor.post(path + "/reopen", Map.of("reason", "群众不满意，重办",
                "dueInWorkingDays", 5)).json();
        assertThat(reopened.get("status").asText()).isEqualTo("ASSIGNED");
        assertThat(reopened.get("dueDate").asText())
                .isEqualTo(policy.calendar().addWorkingDays(today(), 5).toString());
        assertThat(reopened.get("reopenCount").asInt()).isEqualTo(1);
        deptB.post(path + "/accept");
        deptB.post(path + "/reply", Map.of("content", "全部路灯已修复"));
        supervisor.post(path + "/escalate", Map.of("level", "督办", "reason", "重办件"));
        supervisor.post(path + "/satisfaction", Map.of("rating", "SATISFIED"));
        JsonNode closed = supervisor.post(path + "/close").json();
        assertThat(closed.get("status").asText()).isEqualTo("CLOSED");
        assertThat(closed.get("closedAt").asText()).isNotBlank();
        assertThat(closed.get("replies").asInt()).isEqualTo(2);
        assertThat(closed.get("satisfaction").get("rating").asText()).isEqualTo("SATISFIED");
        assertThat(closed.get("escalation").get("level").asText()).isEqualTo("NOTICE");
        assertThat(closed.get("channel").asText()).isEqualTo("HOTLINE_12345");
        assertThat(closed.get("referredBy").asText()).isEqualTo("CITY");

        assertThat(types(auditor.get(path + "/history").json())).containsExactly("ComplaintReceived",
                "ComplaintAssigned", "ComplaintTransferRequested", "ComplaintTransferred", "ComplaintAccepted",
                "ComplaintReplied", "ComplaintSatisfactionRecorded", "ComplaintReopened", "ComplaintAccepted",
                "ComplaintReplied", "ComplaintEscalated", "ComplaintSatisfactionRecorded", "ComplaintClosed");
    }

    @Test
    void a_reopening_without_a_new_time_limit_or_with_one_already_passed_is_a_bad_request_naming_dueDate() {
        String id = assignedToDeptA();
        String path = "/api/complaints/" + id;
        deptA.post(path + "/accept");
        deptA.post(path + "/reply", Map.of("content", "已更换灯具"));
        supervisor.post(path + "/satisfaction", Map.of("rating", "DISSATISFIED"));
        long before = storedEvents();
        for (Map<String, Object> body : List.<Map<String, Object>>of(Map.of("reason", "群众不满意"),
                Map.of("reason", "群众不满意", "dueDate", today().minusDays(1).toString()))) {
            Response refused = supervisor.post(path + "/reopen", body);
            assertProblem(refused, 400);
            assertThat(refused.json().get("field").asText()).as(refused.toString()).isEqualTo("dueDate");
        }
        assertThat(storedEvents()).isEqualTo(before);
        assertThat(supervisor.post(path + "/reopen", Map.of("reason", "群众不满意", "dueDate", today().toString()))
                .json().get("dueDate").asText()).isEqualTo(today().toString());
    }

    @Test
    void a_transfer_once_the_time_limit_has_passed_must_give_a_new_one() {
        String id = received(Map.of());
        String path = "/api/complaints/" + id;
        String passed = today().minusDays(3).toString();
        assertThat(supervisor.post(path + "/assign", Map.of("department", "DEPT-A", "dueDate", passed)).status())
                .as("assigned with a limit already passed, as a backdated ticket is").isEqualTo(200);
        long before = storedEvents();
        Response kept = supervisor.post(path + "/transfer", Map.of("department", "DEPT-B", "reason", "属地管理"));
        assertProblem(kept, 400);
        assertThat(kept.json().get("field").asText()).isEqualTo("dueDate");
        assertThat(kept.json().get("detail").asText()).contains(passed);
        assertThat(storedEvents()).isEqualTo(before);
        JsonNode transferred = supervisor.post(path + "/transfer", Map.of("department", "DEPT-B", "reason", "属地管理",
                "dueInWorkingDays", 10)).json();
        assertThat(transferred.get("dueDate").asText())
                .isEqualTo(policy.calendar().addWorkingDays(today(), 10).toString());
    }

    @Test
    void a_transfer_to_no_department_or_to_the_one_it_is_assigned_to_is_a_bad_request_naming_department() {
        String id = assignedToDeptA();
        long before = storedEvents();
        for (String department : List.of(" ", "DEPT-A")) {
            Response refused = supervisor.post("/api/complaints/" + id + "/transfer", Map.of("department", department,
                    "reason", "属地管理"));
            assertProblem(refused, 400);
            assertThat(refused.json().get("field").asText()).as(department).isEqualTo("department");
        }
        assertThat(storedEvents()).isEqualTo(before);
    }

    @Test
    void a_supervisor_rejects_a_transfer_request_and_the_department_keeps_the_complaint() {
        String id = assignedToDeptA();
        String path = "/api/complaints/" + id;
        deptA.post(path + "/transfer-request", Map.of("reason", "不属于本单位"));
        JsonNode rejected = supervisor.post(path + "/transfer/reject", Map.of("reason", "属于本单位职责")).json();
        assertThat(rejected.get("department").asText()).isEqualTo("DEPT-A");
        assertThat(rejected.has("transferRequest")).isFalse();
        assertThat(deptA.post(path + "/accept").json().get("status").asText()).isEqualTo("ACCEPTED");
    }

    @Test
    void converting_a_complaint_registers_a_task_and_each_history_names_the_other() {
        String id = assignedToDeptA();
        String ledger = uniqueLedger("信访问题整改台账");
        Response converted = supervisor.post("/api/complaints/" + id + "/convert-to-task",
                Map.of("ledger", ledger, "dueDate", DUE));
        assertThat(converted.status()).as(converted.toString()).isEqualTo(201);
        String taskId = converted.json().get("taskId").asText();
        assertThat(converted.header("Location")).endsWith("/api/tasks/" + taskId);

        JsonNode task = supervisor.get("/api/tasks/" + taskId).json();
        assertThat(task.get("source").asText()).isEqualTo("COMPLAINT");
        assertThat(task.get("leadDepartment").asText()).isEqualTo("DEPT-A");
        assertThat(task.get("title").asText()).isEqualTo("小区路灯不亮");
        JsonNode registered = supervisor.get("/api/tasks/" + taskId + "/history").json().get(0);
        assertThat(registered.get("complaintId").asText()).isEqualTo(id);
        JsonNode complaintHistory = supervisor.get("/api/complaints/" + id + "/history").json();
        assertThat(complaintHistory.get(2).get("type").asText()).isEqualTo("ComplaintConvertedToTask");
        assertThat(complaintHistory.get(2).get("taskId").asText()).isEqualTo(taskId);
        assertThat(supervisor.get("/api/complaints/" + id).json().get("convertedTaskIds").get(0).asText())
                .isEqualTo(taskId);
        assertThat(storedEventsOf(taskId)).isEqualTo(1);
    }

    private long storedEventsOf(String aggregateId) {
        return database.getCollection("events").countDocuments(new org.bson.Document("aggregateIdentifier",
                aggregateId));
    }

    @Test
    void replying_before_accepting_is_a_conflict_that_says_why_and_stores_nothing() {
        String id = assignedToDeptA();
        long before = storedEvents();
        Response response = deptA.post("/api/complaints/" + id + "/reply", Map.of("content", "已处理"));
        assertProblem(response, 409);
        assertThat(response.json().get("detail").asText()).contains("accept it first");
        assertThat(storedEvents()).isEqualTo(before);
    }

    @Test
    void closing_a_complaint_nobody_replied_to_is_a_conflict_and_stores_nothing() {
        String id = assignedToDeptA();
        long before = storedEvents();
        assertProblem(supervisor.post("/api/complaints/" + id + "/close"), 409);
        assertThat(storedEvents()).isEqualTo(before);
    }

    @Test
    void a_department_cannot_receive_or_assign_a_complaint() {
        String id = received(Map.of());
        long before = storedEvents();
        assertProblem(deptA.post("/api/complaints", Map.of("channel", "PETITION", "subject", "s", "content", "c")),
                403);
        assertProblem(deptA.post("/api/complaints/" + id + "/assign", Map.of("department", "DEPT-A",
                "dueDate", DUE)), 403);
        assertThat(storedEvents()).isEqualTo(before);
    }

    @Test
    void a_department_cannot_act_on_a_complaint_assigned_to_another_department() {
        String id = assignedToDeptA();
        long before = storedEvents();
        Response response = deptB.post("/api/complaints/" + id + "/accept");
        assertProblem(response, 403);
        assertThat(response.json().get("detail").asText()).contains("DEPT-A");
        assertProblem(deptB.post("/api/complaints/" + id + "/transfer-request", Map.of("reason", "r")), 403);
        assertThat(storedEvents()).isEqualTo(before);
    }

    @Test
    void an_auditor_and_an_alert_consumer_cannot_change_a_complaint_and_the_alert_consumer_cannot_read_it() {
        String id = assignedToDeptA();
        long before = storedEvents();
        assertProblem(auditor.post("/api/complaints/" + id + "/accept"), 403);
        assertProblem(alerts.post("/api/complaints/" + id + "/accept"), 403);
        assertProblem(alerts.get("/api/complaints/" + id), 403);
        assertProblem(alerts.get("/api/complaint-ledger?from=2026-01-01&to=2026-01-31"), 403);
        assertThat(storedEvents()).isEqualTo(before);
    }

    @Test
    void a_complaint_without_a_subject_is_a_bad_request_naming_the_field_and_stores_nothing() {
        long before = storedEvents();
        Response response = supervisor.post("/api/complaints", Map.of("channel", "PETITION", "content", "c"));
        assertProblem(response, 400);
        assertThat(response.json().get("field").asText()).isEqualTo("subject");
        assertThat(storedEvents()).isEqualTo(before);
    }

    @Test
    void a_malformed_phone_an_unknown_channel_and_a_future_receipt_are_bad_requests_naming_the_field() {
        long before = storedEvents();
        Response phone = supervisor.post("/api/complaints", Map.of("channel", "PETITION", "subject", "s",
                "content", "c", "complainant", Map.of("name", "李四", "phone", "call me")));
        assertProblem(phone, 400);
        assertThat(phone.json().get("field").asText()).isEqualTo("complainant.phone");
        Response channel = supervisor.post("/api/complaints", Map.of("channel", "CARRIER_PIGEON", "subject", "s",
                "content", "c"));
        assertProblem(channel, 400);
        assertThat(channel.json().get("field").asText()).isEqualTo("channel");
        Response future = supervisor.post("/api/complaints", Map.of("channel", "PETITION", "subject", "s",
                "content", "c", "receivedAt", "2999-01-01T00:00:00Z"));
        assertProblem(future, 400);
        assertThat(future.json().get("field").asText()).isEqualTo("receivedAt");
        assertThat(storedEvents()).isEqualTo(before);
    }

    @Test
    void a_rating_that_is_missing_is_a_bad_request_naming_the_field() {
        String id = assignedToDeptA();
        long before = storedEvents();
        Response response = supervisor.post("/api/complaints/" + id + "/satisfaction", Map.of());
        assertProblem(response, 400);
        assertThat(response.json().get("field").asText()).isEqualTo("rating");
        assertThat(storedEvents()).isEqualTo(before);
    }

    @Test
    void a_complaint_ledger_period_that_ends_before_it_starts_is_a_bad_request_naming_the_field() {
        Response response = auditor.get("/api/complaint-ledger?from=2026-03-01&to=2026-02-01");
        assertProblem(response, 400);
        assertThat(response.json().get("field").asText()).isEqualTo("to");
        assertProblem(auditor.get("/api/complaint-ledger?from=2026-03-01"), 400);
    }

    @Test
    void an_unknown_complaint_is_not_found_and_stores_nothing() {
        long before = storedEvents();
        assertProblem(supervisor.get("/api/complaints/no-such-complaint"), 404);
        assertProblem(supervisor.get("/api/complaints/no-such-complaint/history"), 404);
        assertProblem(deptA.post("/api/complaints/no-such-complaint/accept"), 404);
        assertProblem(supervisor.post("/api/complaints/not%20an%20id/close"), 404);
        assertProblem(supervisor.post("/api/complaints/no-such-complaint/transfer",
                Map.of("department", "DEPT-B", "reason", "r")), 404);
        assertThat(storedEvents()).isEqualTo(before);
    }
}
