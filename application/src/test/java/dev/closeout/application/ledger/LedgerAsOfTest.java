package dev.closeout.application.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import dev.closeout.application.support.ApiClient;
import com.mongodb.client.model.Filters;
import dev.closeout.application.support.IntegrationTest;
import dev.closeout.projections.ledger.LedgerCloses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ledger as of a day (decision 0012): each past day reads back as the ledger stood at its end, counts,
 * rates, colours, items and the figures by leader and category, and the complaint ledger's figures too, also
 * after the read models are rebuilt from the events.
 */
class LedgerAsOfTest extends IntegrationTest {

    @AfterEach
    void putTheClockBack() {
        clock.reset();
    }

    /** Complaints received on a day of their own, so that the period's figures are this test's. */
    private static final String PERIOD = "/api/complaint-ledger?from=2021-05-17&to=2021-05-17";

    @Test
    void each_past_day_reads_back_as_the_ledger_stood_that_day_also_after_a_rebuild() throws Exception {
        String ledger = uniqueLedger("日结台账");
        String path = ledgerPath(ledger);
        LocalDate first = today();
        Map<LocalDate, JsonNode> figures = new LinkedHashMap<>();
        Map<LocalDate, Map<String, String>> items = new LinkedHashMap<>();
        Map<LocalDate, JsonNode> complaints = new LinkedHashMap<>();

        // day 1: three tasks registered, two due tomorrow, one in 10 days; a complaint received and assigned
        List<String> ids = register(ledger, first.plusDays(1), first.plusDays(1), first.plusDays(10));
        String complaint = "/api/complaints/" + supervisor.post("/api/complaints", Map.of("channel", "HOTLINE_12345",
                "referredBy", "CITY", "subject", "日结诉求", "content", "夜间施工",
                "complainant", Map.of("phone", "0931-8123456"), "receivedAt", "2021-05-17T02:00:00Z"))
                .json().get("complaintId").asText();
        assertThat(supervisor.post(complaint + "/assign", Map.of("department", "DEPT-A",
                "dueDate", first.plusDays(1).toString())).status()).isEqualTo(200);
        remember(path, figures, items, complaints);

        // day 2: one task closed, one reported on; the complaint replied to
        clock.advance(Duration.ofDays(1));
        deptA.post(complaint + "/accept");
        deptA.post(complaint + "/reply", Map.of("content", "已答复"));
        String closed = "/api/tasks/" + ids.get(0);
        deptA.post(closed + "/claim");
        deptA.post(closed + "/closure-request", Map.of("evidence", "完成"));
        supervisor.post(closed + "/close");
        deptA.post("/api/tasks/" + ids.get(2) + "/progress", Map.of("note", "过半", "percentComplete", 50));
        remember(path, figures, items, complaints);

        // day 3: nothing happens, yet a task and the complaint fall overdue
        clock.advance(Duration.ofDays(1));
        remember(path, figures, items, complaints);

        // day 4: a task withdrawn, another registered; the complaint closed
        clock.advance(Duration.ofDays(1));
        supervisor.post("/api/tasks/" + ids.get(1) + "/withdraw", Map.of("reason", "合并"));
        register(ledger, first.plusDays(5));
        supervisor.post(complaint + "/close");
        remember(path, figures, items, complaints);
        assertThat(complaints.get(first.plusDays(2)).get("overdue").asLong()).isEqualTo(1);
        assertThat(complaints.get(first.plusDays(3)).get("closed").asLong()).isEqualTo(1);

        assertThat(figures.get(first.plusDays(2)).get("overdue").asLong()).isEqualTo(1);
        assertThat(figures.get(first.plusDays(1)).get("closed").asLong()).isEqualTo(1);
        assertThat(figures.get(first.plusDays(3)).get("registered").asLong()).isEqualTo(4);
        assertThat(figures.get(first.plusDays(1)).get("byLeader")).hasSize(2);
        assertThat(figures.get(first.plusDays(1)).get("byCategory")).hasSize(2);

        clock.advance(Duration.ofDays(1));
        assertEveryDayReadsBack(path, figures, items, complaints);
        JsonNode trend = auditor.get(path + "/trend?from=" + first.minusDays(1) + "&to=" + today()).json();
        assertThat(trend).hasSize(6);
        assertThat(trend.get(0).get("registered").asLong()).isZero();
        for (int day = 1; day <= 4; day++) {
            JsonNode that = figures.get(first.plusDays(day - 1));
            assertThat(trend.get(day).get("day").asText()).isEqualTo(first.plusDays(day - 1).toString());
            for (String field : List.of("registered", "closed", "open", "overdue", "closureRate")) {
                assertThat(trend.get(day).get(field)).as("%s of day %s", field, day).isEqualTo(that.get(field));
            }
            assertThat(trend.get(day).get("red")).isEqualTo(that.get("colours").get("RED"));
        }

        assertThat(supervisor.post("/api/admin/projections/rebuild?processor=ledger").status()).isEqualTo(202);
        assertThat(supervisor.post("/api/admin/projections/rebuild?processor=complaint-ledger").status())
                .isEqualTo(202);
        awaitProjectionsCaughtUp();
        assertEveryDayReadsBack(path, figures, items, complaints);
        // the closes were kept through the rebuild; closed again from the rebuilt lines, the days say the same
        assertThat(database.getCollection(LedgerCloses.COLLECTION).deleteMany(Filters.eq("ledger", ledger))
                .getDeletedCount()).isEqualTo(4);
        assertEveryDayReadsBack(path, figures, items, complaints);
    }

    @Test
    void a_day_that_is_not_a_date_or_has_not_come_and_a_trend_too_long_or_backwards_are_refused() {
        String ledger = uniqueLedger("日结参数");
        String path = ledgerPath(ledger);
        register(ledger, today().plusDays(3));
        awaitProjectionsCaughtUp();
        assertProblem(auditor.get(path + "?asOf=30June"), "asOf");
        assertProblem(auditor.get(path + "/entries?asOf=2026-02-30"), "asOf");
        assertProblem(auditor.get(path + "?asOf=" + today().plusDays(1)), "asOf");
        assertProblem(auditor.get(path + "/entries?asOf=" + today().plusDays(1)), "asOf");
        assertProblem(auditor.get(path + "/trend?from=" + today() + "&to=" + today().minusDays(1)), "to");
        assertProblem(auditor.get(path + "/trend?from=" + today().minusDays(366) + "&to=" + today()), "to");
        assertProblem(auditor.get(path + "/trend?to=" + today().plusDays(1)), "to");
        assertProblem(auditor.get(path + "/entries.csv?asOf=" + today()), "asOf");
        assertProblem(auditor.get(PERIOD + "&asOf=" + today().plusDays(1)), "asOf");
        assertProblem(auditor.get(path + "/entries.xlsx?asOf=" + today()), "asOf");
        assertThat(auditor.get(path + "/trend?from=" + today().minusDays(365) + "&to=" + today()).json()).hasSize(366);
        assertThat(auditor.get(ledgerPath(uniqueLedger("没有")) + "?asOf=" + today().minusDays(1)).status())
                .isEqualTo(404);
    }

    private void assertProblem(ApiClient.Response response, String parameter) {
        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.body()).contains(parameter);
    }

    /** Today's figures and items (status and colour of each) as the ledgers answer them now. */
    private void remember(String path, Map<LocalDate, JsonNode> figures, Map<LocalDate, Map<String, String>> items,
                          Map<LocalDate, JsonNode> complaints) {
        awaitProjectionsCaughtUp();
        complaints.put(today(), auditor.get(PERIOD).json());
        figures.put(today(), auditor.get(path).json());
        Map<String, String> listed = new LinkedHashMap<>();
        for (JsonNode task : auditor.get(path + "/entries").json()) {
            listed.put(task.get("taskId").asText(), task.get("status").asText() + " " + task.get("colour").asText()
                    + " " + task.get("dueDate").asText());
        }
        items.put(today(), listed);
        assertThat(asOf(path, today())).isEqualTo(listed);
    }

    private void assertEveryDayReadsBack(String path, Map<LocalDate, JsonNode> figures,
                                         Map<LocalDate, Map<String, String>> items, Map<LocalDate, JsonNode> complaints) {
        complaints.forEach((day, said) -> assertThat(auditor.get(PERIOD + "&asOf=" + day).json())
                .as("the complaint ledger as of %s", day).isEqualTo(said));
        figures.forEach((day, said) -> assertThat(auditor.get(path + "?asOf=" + day).json())
                .as("the ledger as of %s", day).isEqualTo(said));
        items.forEach((day, said) -> assertThat(asOf(path, day)).as("the items as of %s", day).isEqualTo(said));
    }

    private Map<String, String> asOf(String path, LocalDate day) {
        ApiClient.Response response = auditor.get(path + "/entries?asOf=" + day);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        Map<String, String> listed = new LinkedHashMap<>();
        for (JsonNode task : response.json()) {
            assertThat(task.get("title").asText()).startsWith("日结");
            listed.put(task.get("taskId").asText(), task.get("status").asText() + " " + task.get("colour").asText()
                    + " " + task.get("dueDate").asText());
        }
        return listed;
    }

    private List<String> register(String ledger, LocalDate... dueDates) {
        List<CompletableFuture<String>> registered = new ArrayList<>();
        for (int i = 0; i < dueDates.length; i++) {
            LocalDate due = dueDates[i];
            // two leaders and two categories, so that the groups of the figures are read back too
            Map<String, Object> task = Map.of("ledger", ledger, "title", "日结 " + due, "leadDepartment", "DEPT-A",
                    "dueDate", due.toString(), "responsibleLeader", i % 2 == 0 ? "张副县长" : "李副县长",
                    "category", i == 0 ? "民生实事" : "项目建设");
            registered.add(CompletableFuture.supplyAsync(() -> supervisor.post("/api/tasks", task)
                    .json().get("taskId").asText()));
        }
        return registered.stream().map(CompletableFuture::join).toList();
    }
}
