package dev.closeout.application.web;

import dev.closeout.application.support.ApiClient.Response;
import dev.closeout.application.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tasks, complaints and inspection rounds share one event store and one form of id. An id of one kind sent to
 * another kind's address names nothing there: 404, no event of the other item shown (a complaint's history holds
 * the complainant's name and phone, readable only by those who may see them), no command applied to it.
 */
class ItemKindsTest extends IntegrationTest {

    private String task() {
        Response created = supervisor.post("/api/tasks", Map.of("ledger", uniqueLedger("种类台账"), "title", "整治背街小巷",
                "leadDepartment", "DEPT-A", "dueDate", today().plusDays(30).toString()));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().get("taskId").asText();
    }

    private String complaint() {
        Response created = supervisor.post("/api/complaints", Map.of("channel", "HOTLINE_12345", "referredBy", "CITY",
                "subject", "小区路灯不亮", "content", "东关小区三号楼前路灯已坏两周",
                "complainant", Map.of("name", "张三", "phone", "13812345678")));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().get("complaintId").asText();
    }

    private String round() {
        Response opened = supervisor.post("/api/inspection-rounds", Map.of("kind", "FIELD", "title", "二季度实地督查",
                "units", List.of("DEPT-A"), "ledger", uniqueLedger("督查台账")));
        assertThat(opened.status()).as(opened.toString()).isEqualTo(201);
        return opened.json().get("roundId").asText();
    }

    private static void assertNotFound(Response response) {
        assertThat(response.status()).as(response.toString()).isEqualTo(404);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.body()).doesNotContain("13812345678").doesNotContain("张三");
    }

    @Test
    void a_complaints_history_is_not_shown_as_a_tasks_nor_a_rounds() {
        String complaint = complaint();

        assertNotFound(deptB.get("/api/tasks/" + complaint + "/history"));
        assertNotFound(supervisor.get("/api/tasks/" + complaint + "/history"));
        assertNotFound(supervisor.get("/api/inspection-rounds/" + complaint + "/history"));
        assertThat(supervisor.get("/api/complaints/" + complaint + "/history").status()).isEqualTo(200);
    }

    @Test
    void a_tasks_history_is_not_shown_as_a_complaints() {
        String task = task();

        assertNotFound(supervisor.get("/api/complaints/" + task + "/history"));
        assertThat(supervisor.get("/api/tasks/" + task + "/history").status()).isEqualTo(200);
    }

    @Test
    void a_command_sent_to_another_kinds_address_finds_nothing_and_changes_nothing() {
        String task = task();
        String complaint = complaint();
        String round = round();
        long before = storedEvents();

        assertNotFound(deptA.post("/api/tasks/" + complaint + "/claim"));
        assertNotFound(supervisor.post("/api/complaints/" + task + "/assign",
                Map.of("department", "DEPT-A", "dueDate", today().plusDays(15).toString())));
        assertNotFound(deptA.post("/api/tasks/" + round + "/claim"));
        assertNotFound(supervisor.post("/api/inspection-rounds/" + task + "/findings",
                Map.of("unit", "DEPT-A", "description", "台账不全")));

        assertThat(storedEvents()).isEqualTo(before);
        // the items themselves still answer as their own kind
        assertThat(deptA.post("/api/tasks/" + task + "/claim").status()).isEqualTo(200);
        assertThat(supervisor.post("/api/complaints/" + complaint + "/assign",
                Map.of("department", "DEPT-A", "dueDate", today().plusDays(15).toString())).status()).isEqualTo(200);
    }
}
