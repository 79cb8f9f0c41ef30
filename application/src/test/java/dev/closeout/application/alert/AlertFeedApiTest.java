package dev.closeout.application.alert;

import com.fasterxml.jackson.databind.JsonNode;
import dev.closeout.application.support.ApiClient;
import dev.closeout.application.support.Eventually;
import dev.closeout.application.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class AlertFeedApiTest extends IntegrationTest {

    private String escalatedTask(String ledger, String level) {
        String id = supervisor.post("/api/tasks", Map.of("ledger", ledger, "title", "任务", "leadDepartment", "DEPT-A",
                "dueDate", today().minusDays(2).toString())).json().get("taskId").asText();
        assertThat(supervisor.post("/api/tasks/" + id + "/escalate", Map.of("level", level, "reason", "逾期"))
                .status()).isEqualTo(200);
        return id;
    }

    private List<JsonNode> awaitAlerts(String ledger, int count) {
        List<JsonNode> alerts = Eventually.until(Duration.ofSeconds(30),
                () -> allAlerts("/api/alerts?limit=500&ledger=" + encoded(ledger)), found -> found.size() >= count);
        if (alerts.size() < count) {
            throw new AssertionError("Expected " + count + " alerts, got " + alerts);
        }
        return alerts;
    }

    @Test
    void an_escalation_raises_an_alert_with_the_items_ledger_department_and_due_date() throws Exception {
        String ledger = uniqueLedger("预警台账");
        String id = escalatedTask(ledger, "督办");
        JsonNode alert = awaitAlerts(ledger, 1).get(0);
        assertThat(alert.get("type").asText()).isEqualTo("ESCALATED");
        assertThat(alert.get("reason").asText()).isEqualTo("MANUAL");
        assertThat(alert.get("subjectType").asText()).isEqualTo("TASK");
        assertThat(alert.get("subjectId").asText()).isEqualTo(id);
        assertThat(alert.get("ledger").asText()).isEqualTo(ledger);
        assertThat(alert.get("department").asText()).isEqualTo("DEPT-A");
        assertThat(alert.get("level").asText()).isEqualTo("NOTICE");
        assertThat(alert.get("dueDate").asText()).isEqualTo(today().minusDays(2).toString());
        assertThat(alert.get("alertId").asText()).isNotBlank();
        assertThat(alert.get("raisedAt").asText()).isNotBlank();
        assertThat(alert.get("title").asText()).as("a gateway words its message without reading the task")
                .isEqualTo("任务");
        assertThat(alert.get("levelLabel").asText()).isEqualTo("督办");
        assertThat(alert.get("path").asText()).isEqualTo("/tasks/" + id);
    }

    /** A complaint's alert names it by its subject with the complainant masked, as every alert reader may read it. */
    @Test
    void a_complaints_alert_carries_its_subject_with_the_complainant_masked() {
        String department = "DEPT-" + Integer.toHexString(uniqueLedger("alert title").hashCode());
        String id = supervisor.post("/api/complaints", Map.of("channel", "HOTLINE_12345",
                "subject", "市民王小明（13812345678）反映路灯不亮", "content", "三号楼前",
                "complainant", Map.of("name", "王小明", "phone", "13812345678"))).json().get("complaintId").asText();
        assertThat(supervisor.post("/api/complaints/" + id + "/assign", Map.of("department", department,
                "dueDate", today().plusDays(10).toString())).status()).isEqualTo(200);
        assertThat(supervisor.post("/api/complaints/" + id + "/escalate", Map.of("level", "督办", "reason", "群众多次来电"))
                .status()).isEqualTo(200);

        JsonNode alert = Eventually.until(Duration.ofSeconds(30), () -> allAlerts("/api/alerts?limit=500&department="
                + department), found -> !found.isEmpty()).get(0);

        assertThat(alert.get("subjectId").asText()).isEqualTo(id);
        assertThat(alert.get("title").asText()).contains("反映路灯不亮").doesNotContain("王小明", "13812345678");
        assertThat(alert.get("path").asText()).isEqualTo("/complaints/" + id);
    }

    @Test
    void a_consumer_resuming_from_its_cursor_misses_nothing_and_sees_nothing_twice() throws Exception {
        String ledger = uniqueLedger("游标台账");
        for (int i = 0; i < 5; i++) {
            escalatedTask(ledger, "催办");
        }
        List<JsonNode> expected = awaitAlerts(ledger, 5);
        String query = "/api/alerts?limit=2&ledger=" + encoded(ledger);
        List<String> seen = new ArrayList<>();
        long cursor = 0;
        for (int call = 0; call < 100; call++) {
            JsonNode page = alerts.get(query + "&after=" + cursor).json();
            assertThat(page.get("alerts").size()).isLessThanOrEqualTo(2);
            page.get("alerts").forEach(a -> seen.add(a.get("alertId").asText()));
            long next = page.get("next").asLong();
            assertThat(next).isGreaterThanOrEqualTo(cursor);
            if (next == cursor) {
                break;
            }
            cursor = next;
        }
        assertThat(seen).containsExactlyElementsOf(expected.stream().map(a -> a.get("alertId").asText()).toList());
        escalatedTask(ledger, "专题调度");
        long resumeFrom = cursor;
        long deadline = System.currentTimeMillis() + 30_000;
        JsonNode page;
        do {
            page = alerts.get(query + "&after=" + resumeFrom).json();
        } while (page.get("alerts").isEmpty() && System.currentTimeMillis() < deadline);
        assertThat(page.get("alerts")).hasSize(1);
        assertThat(page.get("alerts").get(0).get("level").asText()).isEqualTo("SPECIAL_DISPATCH");
    }

    @Test
    void the_feed_is_for_alert_consumers_supervisors_and_auditors_only() {
        assertThat(alerts.get("/api/alerts").status()).isEqualTo(200);
        assertThat(supervisor.get("/api/alerts").status()).isEqualTo(200);
        assertThat(auditor.get("/api/alerts").status()).isEqualTo(200);
        assertThat(deptA.get("/api/alerts").status()).isEqualTo(403);
        assertThat(anonymous.get("/api/alerts").status()).isEqualTo(401);
    }

    @Test
    void a_bad_limit_or_type_is_a_bad_request_naming_the_parameter() {
        ApiClient.Response limit = alerts.get("/api/alerts?limit=0");
        assertThat(limit.status()).isEqualTo(400);
        assertThat(limit.json().get("field").asText()).isEqualTo("limit");
        ApiClient.Response type = alerts.get("/api/alerts?type=PURPLE");
        assertThat(type.status()).isEqualTo(400);
        assertThat(type.json().get("field").asText()).isEqualTo("type");
    }

    /** A cursor past the feed's head (from a store since restored from an older backup) is refused, not read as quiet. */
    @Test
    void a_cursor_past_the_newest_alert_is_refused_naming_after() {
        ApiClient.Response past = alerts.get("/api/alerts?after=" + Long.MAX_VALUE / 2);
        assertThat(past.status()).as(past.toString()).isEqualTo(400);
        assertThat(past.json().get("field").asText()).isEqualTo("after");
        assertThat(past.json().get("detail").asText()).contains("newest alert");
    }
}
