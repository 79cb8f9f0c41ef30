package dev.closeout.application.scorecard;

import com.fasterxml.jackson.databind.JsonNode;
import dev.closeout.application.support.ApiClient;
import dev.closeout.application.support.Eventually;
import dev.closeout.application.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.LocalDate;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ScorecardApiTest extends IntegrationTest {

    private final String ledger = uniqueLedger("考评台账");

    private String register(String lead, LocalDate due) {
        return supervisor.post("/api/tasks", Map.of("ledger", ledger, "title", "任务", "leadDepartment", lead,
                "dueDate", due.toString())).json().get("taskId").asText();
    }

    private void close(String id, ApiClient lead) {
        lead.post("/api/tasks/" + id + "/claim");
        lead.post("/api/tasks/" + id + "/closure-request", Map.of("evidence", "已完成"));
        assertThat(supervisor.post("/api/tasks/" + id + "/close").status()).isEqualTo(200);
    }

    @Test
    void a_period_scores_each_lead_department_on_the_tasks_due_in_it() {
        LocalDate today = today();
        close(register("DEPT-A", today.plusDays(3)), deptA);      // due, closed on time
        register("DEPT-A", today.minusDays(2));                   // due, open past due
        register("DEPT-A", today.plusDays(2));                    // due, not yet reckoned
        close(register("DEPT-B", today.minusDays(1)), deptB);     // due, closed late
        register("DEPT-B", today.plusYears(1));                   // due outside the period

        String query = "/api/scorecards?from=" + today.minusDays(10) + "&to=" + today.plusDays(10)
                + "&ledger=" + encoded(ledger);
        JsonNode card = Eventually.until(Duration.ofSeconds(30), () -> auditor.get(query).json(),
                c -> department(c, "DEPT-A") != null && department(c, "DEPT-A").get("tasks").get("due").asInt() == 3
                        && department(c, "DEPT-B").get("tasks").get("closedLate").asInt() == 1);
        JsonNode a = department(card, "DEPT-A").get("tasks");
        assertThat(a.get("registered").asInt()).isEqualTo(3);
        assertThat(a.get("due").asInt()).isEqualTo(3);
        assertThat(a.get("reckoned").asInt()).isEqualTo(2);
        assertThat(a.get("closedOnTime").asInt()).isEqualTo(1);
        assertThat(a.get("openPastDue").asInt()).isEqualTo(1);
        assertThat(a.get("onTimeRate").asDouble()).isEqualTo(0.5);
        JsonNode b = department(card, "DEPT-B").get("tasks");
        assertThat(b.get("due").asInt()).isEqualTo(1);
        assertThat(b.get("onTimeRate").asDouble()).isZero();
        assertThat(card.get("ledgers").get(0).asText()).isEqualTo(ledger);
        assertThat(department(card, "DEPT-A").get("rank").asInt()).isPositive();
        assertThat(department(card, "DEPT-A").get("score").isNumber()).isTrue();
    }

    @Test
    void a_quarter_names_its_months_and_bad_periods_are_bad_requests_naming_the_field() {
        JsonNode q3 = auditor.get("/api/scorecards?quarter=2026Q3").json();
        assertThat(q3.get("from").asText()).isEqualTo("2026-07-01");
        assertThat(q3.get("to").asText()).isEqualTo("2026-09-30");
        assertThat(supervisor.get("/api/scorecards").status()).isEqualTo(200);
        assertField(auditor.get("/api/scorecards?quarter=2026Q5"), "quarter");
        assertField(auditor.get("/api/scorecards?quarter=2026Q1&from=2026-01-01&to=2026-03-31"), "quarter");
        assertField(auditor.get("/api/scorecards?from=2026-01-01"), "to");
        assertField(auditor.get("/api/scorecards?from=2026-03-01&to=2026-01-01"), "to");
        assertThat(alerts.get("/api/scorecards").status()).isEqualTo(403);
    }

    private static JsonNode department(JsonNode card, String name) {
        for (JsonNode category : card.get("categories")) {
            for (JsonNode department : category.get("departments")) {
                if (department.get("department").asText().equals(name)) {
                    return department;
                }
            }
        }
        return null;
    }

    private static void assertField(ApiClient.Response response, String field) {
        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.json().get("field").asText()).isEqualTo(field);
    }
}
