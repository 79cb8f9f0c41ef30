package dev.closeout.application.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import dev.closeout.application.support.ApiClient;
import dev.closeout.application.support.Eventually;
import dev.closeout.application.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class LedgerApiTest extends IntegrationTest {

    private final String ledger = uniqueLedger("2023年 三抓三促 攻坚任务台账");

    private String path() {
        return ledgerPath(ledger);
    }

    private String register(String lead, LocalDate due) {
        return supervisor.post("/api/tasks", Map.of("ledger", ledger, "title", "任务", "leadDepartment", lead,
                "dueDate", due.toString())).json().get("taskId").asText();
    }

    private void close(String id, ApiClient lead) {
        lead.post("/api/tasks/" + id + "/claim");
        lead.post("/api/tasks/" + id + "/closure-request", Map.of("evidence", "已完成"));
        supervisor.post("/api/tasks/" + id + "/close");
    }

    @Test
    void the_ledger_counts_registered_withdrawn_closed_open_and_overdue_items_per_department() {
        LocalDate today = today();
        String onTime = register("DEPT-A", today.plusDays(10));
        String late = register("DEPT-A", today.minusDays(5));
        String overdue = register("DEPT-A", today.minusDays(1));
        String withdrawn = register("DEPT-A", today.plusDays(10));
        register("DEPT-B", today.plusDays(20));
        close(onTime, deptA);
        close(late, deptA);
        supervisor.post("/api/tasks/" + withdrawn + "/withdraw", Map.of("reason", "重复登记"));

        JsonNode summary = awaitLedger(5, 1, 2);
        assertThat(summary.get("ledger").asText()).isEqualTo(ledger);
        assertThat(summary.get("open").asLong()).isEqualTo(2);
        assertThat(summary.get("overdue").asLong()).isEqualTo(1);
        assertThat(summary.get("closureRate").asDouble()).isCloseTo(0.5, within(1e-9));
        assertThat(summary.get("onTimeRate").asDouble()).isCloseTo(0.5, within(1e-9));

        JsonNode a = summary.get("departments").get(0);
        assertThat(a.get("department").asText()).isEqualTo("DEPT-A");
        assertThat(a.get("registered").asLong()).isEqualTo(4);
        assertThat(a.get("withdrawn").asLong()).isEqualTo(1);
        assertThat(a.get("closed").asLong()).isEqualTo(2);
        assertThat(a.get("open").asLong()).isEqualTo(1);
        assertThat(a.get("overdue").asLong()).isEqualTo(1);
        assertThat(a.get("closureRate").asDouble()).isCloseTo(2.0 / 3, within(1e-9));
        JsonNode b = summary.get("departments").get(1);
        assertThat(b.get("department").asText()).isEqualTo("DEPT-B");
        assertThat(b.get("closureRate").asDouble()).isZero();
        assertThat(b.has("onTimeRate")).as("nothing closed: no on-time rate, not 0").isFalse();

        List<String> overdueEntries = new ArrayList<>();
        auditor.get(path() + "/entries?department=DEPT-A").json().forEach(e -> {
            if (e.get("overdue").asBoolean()) {
                overdueEntries.add(e.get("taskId").asText());
            }
        });
        assertThat(overdueEntries).containsExactly(overdue);
        assertThat(auditor.get(path() + "/entries?status=CLOSED").json()).hasSize(2);
        assertThat(auditor.get(path() + "/entries").json()).hasSize(5);
    }

    @Test
    void an_unknown_ledger_is_not_found_and_a_bad_status_filter_is_a_bad_request() {
        assertThat(auditor.get("/api/ledgers/no%20such%20ledger").status()).isEqualTo(404);
        // a mistyped name in a BI tool is told so, not exported as an empty ledger
        for (String path : List.of("/entries", "/entries?asOf=" + today(), "/entries.csv")) {
            assertThat(auditor.get("/api/ledgers/no%20such%20ledger" + path).status()).as(path).isEqualTo(404);
        }
        register("DEPT-A", today());
        awaitLedger(1, 0, 0);
        var response = auditor.get(path() + "/entries?status=FINISHED");
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("field").asText()).isEqualTo("status");
    }

    @Test
    void entries_come_soonest_due_first_a_page_at_a_time_and_filter_by_colour() {
        LocalDate today = today();
        List<String> byDueDate = new ArrayList<>();
        for (int days : new int[] {-3, -1, 2, 30, 60}) {
            byDueDate.add(register("DEPT-A", today.plusDays(days)));
        }
        awaitLedger(5, 0, 0);

        List<String> seen = new ArrayList<>();
        String next = path() + "/entries?limit=2";
        int pages = 0;
        while (next != null) {
            ApiClient.Response page = auditor.get(next);
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.header("X-Total-Count")).isEqualTo("5");
            page.json().forEach(e -> seen.add(e.get("taskId").asText()));
            String link = page.header("Link");
            next = link == null ? null : link.substring(link.indexOf("/api/"), link.indexOf('>'));
            pages++;
        }
        assertThat(pages).isEqualTo(3);
        assertThat(seen).containsExactlyElementsOf(byDueDate);

        List<String> red = new ArrayList<>();
        auditor.get(path() + "/entries?colour=RED").json().forEach(e -> {
            assertThat(e.get("colour").asText()).isEqualTo("RED");
            red.add(e.get("taskId").asText());
        });
        assertThat(red).containsExactlyElementsOf(byDueDate.subList(0, 2));
        JsonNode flagged = auditor.get(path() + "/entries?colour=RED&colour=YELLOW").json();
        assertThat(flagged).hasSize(3);

        ApiClient.Response badLimit = auditor.get(path() + "/entries?limit=0");
        assertThat(badLimit.status()).isEqualTo(400);
        assertThat(badLimit.json().get("field").asText()).isEqualTo("limit");
        ApiClient.Response badColour = auditor.get(path() + "/entries?colour=GREEN");
        assertThat(badColour.status()).isEqualTo(400);
        assertThat(badColour.json().get("field").asText()).isEqualTo("colour");
    }

    @Test
    void the_ledger_exports_as_csv_for_excel_with_formulas_defused() {
        String plain = register("DEPT-A", today().plusDays(5));
        String risky = supervisor.post("/api/tasks", Map.of("ledger", ledger, "title", "=HYPERLINK(\"http://x\"),\"整治\"",
                "leadDepartment", "DEPT-B", "dueDate", today().plusDays(9).toString())).json().get("taskId").asText();
        awaitLedger(2, 0, 0);

        ApiClient.Response csv = auditor.get(path() + "/entries.csv");
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.contentType()).startsWith("text/csv");
        assertThat(csv.header("Content-Disposition")).startsWith("attachment").contains(".csv");
        assertThat(csv.body()).startsWith("\uFEFF事项编号 Task id,台账 Ledger,事项 Title");
        String[] lines = csv.body().split("\r\n");
        assertThat(lines).hasSize(3);
        assertThat(lines[1]).startsWith(plain + "," + ledger + ",任务,DEPT-A,");
        assertThat(lines[2]).startsWith(risky + "," + ledger + ",\"'=HYPERLINK(\"\"http://x\"\"),\"\"整治\"\"\",DEPT-B,");
        assertThat(auditor.get(path() + "/entries.csv?department=DEPT-B").body().split("\r\n")).hasSize(2);
        assertThat(alerts.get(path() + "/entries.csv").status()).isEqualTo(403);
    }

    /** The ledger is a tracking projection: wait until it shows the expected counts. */
    private JsonNode awaitLedger(long registered, long withdrawn, long closed) {
        Predicate<ApiClient.Response> reached = r -> r.status() == 200
                && r.json().get("registered").asLong() == registered
                && r.json().get("withdrawn").asLong() == withdrawn && r.json().get("closed").asLong() == closed;
        ApiClient.Response response = Eventually.until(Duration.ofSeconds(30), () -> auditor.get(path()), reached);
        if (!reached.test(response)) {
            throw new AssertionError("Ledger did not reach the expected counts: " + response);
        }
        return response.json();
    }
}
