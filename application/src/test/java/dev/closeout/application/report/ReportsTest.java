package dev.closeout.application.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.closeout.application.support.ApiClient;
import dev.closeout.application.support.Eventually;
import dev.closeout.application.support.IntegrationTest;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The cadence reports (周跟进 · 月调度 · 季总结) of a small ledger, counted by hand: seven tasks registered on
 * Wednesday 11 March 2026 and three complaints given to the department of one of them, the test clock then
 * moved to 1 April so that week 11, March and the first quarter have all ended.
 */
class ReportsTest extends IntegrationTest {

    @Autowired
    private Reports reports;

    @AfterEach
    void putTheClockBack() {
        clock.reset();
    }

    @Test
    void each_report_counts_the_ledger_as_it_stood_at_the_period_end_and_downloads_as_xlsx_and_pdf()
            throws Exception {
        String ledger = uniqueLedger("督查台账");
        LocalDate first = today();
        Map<String, CompletableFuture<String>> registering = new LinkedHashMap<>();
        // 逾期: DEPT-A, due tomorrow, never signed for: red from the 13th
        registering.put("overdue", registerAsync(ledger, "环境整治逾期", "DEPT-A", first.plusDays(1), null));
        // 报送: DEPT-A, reported 40% this week; one quarterly target due on the 16th, never met
        registering.put("reported", registerAsync(ledger, "道路改造", "DEPT-A", first.plusDays(50),
                List.of(Map.of("title", "一季度目标", "dueDate", first.plusDays(5).toString()),
                        Map.of("title", "二季度目标", "dueDate", first.plusDays(40).toString()))));
        // 延期: DEPT-A, signed for, an extension asked for
        registering.put("extension", registerAsync(ledger, "校舍维修", "DEPT-A", first.plusDays(50), null));
        // 升级: DEPT-B, escalated by the supervisor
        registering.put("escalated", registerAsync(ledger, "污水管网", "DEPT-B", first.plusDays(50), null));
        // 销号申请: DEPT-B, closure asked for
        registering.put("closure", registerAsync(ledger, "路灯安装", "DEPT-B", first.plusDays(50), null));
        // 销号: DEPT-B, closed on time on the day
        registering.put("closed", registerAsync(ledger, "垃圾清运", "DEPT-B", first.plusDays(3), null));
        // 信访: a department of this test's own (other tests give DEPT-A and DEPT-B complaints), one task due later
        String petitions = uniqueLedger("信访办");
        registering.put("petitions", registerAsync(ledger, "信访积案化解", petitions, first.plusDays(50), null));
        Map<String, String> ids = new HashMap<>();
        registering.forEach((name, id) -> ids.put(name, id.join()));
        List<String> complaints = List.of(complaint(), complaint(), complaint());

        CompletableFuture.allOf(
                steps(() -> deptA.post(task(ids, "reported") + "/claim"),
                        () -> deptA.post(task(ids, "reported") + "/progress",
                                Map.of("note", "过半", "percentComplete", 40))),
                steps(() -> deptA.post(task(ids, "extension") + "/claim"),
                        () -> deptA.post(task(ids, "extension") + "/extension",
                                Map.of("newDueDate", first.plusDays(60).toString(), "reason", "雨季"))),
                steps(() -> supervisor.post(task(ids, "escalated") + "/escalate",
                        Map.of("level", "NOTICE", "reason", "久拖不决"))),
                // 催办, a reminder, is not 督办: the red item it reminds stays off the escalated list
                steps(() -> supervisor.post(task(ids, "overdue") + "/escalate",
                        Map.of("level", "REMINDER", "reason", "请尽快签收"))),
                steps(() -> deptB.post(task(ids, "closure") + "/claim"),
                        () -> deptB.post(task(ids, "closure") + "/closure-request", Map.of("evidence", "已安装"))),
                steps(() -> deptB.post(task(ids, "closed") + "/claim"),
                        () -> deptB.post(task(ids, "closed") + "/closure-request", Map.of("evidence", "已清运")),
                        () -> supervisor.post(task(ids, "closed") + "/close")),
                // 投诉: three given to the petitions office; two answered, one of them rated satisfied; the third
                // never answered and past its time limit on the 13th
                steps(() -> assign(complaints.get(0), petitions, first.plusDays(40)),
                        () -> supervisor.post("/api/complaints/" + complaints.get(0) + "/accept"),
                        () -> supervisor.post("/api/complaints/" + complaints.get(0) + "/reply", Map.of("content", "已化解")),
                        () -> supervisor.post("/api/complaints/" + complaints.get(0) + "/satisfaction",
                                Map.of("rating", "SATISFIED"))),
                steps(() -> assign(complaints.get(1), petitions, first.plusDays(40)),
                        () -> supervisor.post("/api/complaints/" + complaints.get(1) + "/accept"),
                        () -> supervisor.post("/api/complaints/" + complaints.get(1) + "/reply", Map.of("content", "已答复"))),
                steps(() -> assign(complaints.get(2), petitions, first.plusDays(2)))).join();
        awaitProjectionsCaughtUp();

        // week 11 is still running: refused, naming the period
        assertProblem(supervisor.post("/api/reports", Map.of("ledger", ledger, "kind", "WEEKLY", "period", "2026-W11")),
                "period");

        clock.advance(Duration.ofDays(21));
        assertThat(today()).isEqualTo(LocalDate.of(2026, 4, 1));

        JsonNode weekly = generate(ledger, "WEEKLY", "2026-W11");
        assertThat(weekly.get("period").asText()).isEqualTo("2026-W11");
        assertThat(rows(weekly, "departments")).containsExactly(
                List.of("DEPT-A", "3", "1", "2", "1"),
                List.of("DEPT-B", "2", "0", "2", "0"),
                List.of(petitions, "1", "0", "1", "0"));
        assertThat(column(weekly, "reported", 0)).containsExactly(ids.get("reported"));
        assertThat(column(weekly, "noReport", 0)).containsExactlyInAnyOrder(ids.get("overdue"), ids.get("extension"),
                ids.get("escalated"), ids.get("closure"), ids.get("petitions"));
        assertThat(column(weekly, "newReds", 1)).containsExactly("环境整治逾期");

        // the default period of a monthly report is the last month ended: March
        JsonNode monthly = generate(ledger, "MONTHLY", null);
        assertThat(monthly.get("period").asText()).isEqualTo("2026-03");
        assertThat(column(monthly, "reds", 0)).containsExactly(ids.get("overdue"));
        assertThat(column(monthly, "escalated", 0)).containsExactly(ids.get("escalated"));
        assertThat(rows(monthly, "pending")).extracting(r -> r.get(0) + " " + r.get(4) + " " + r.get(5))
                .containsExactlyInAnyOrder(ids.get("extension") + " 否 no 是 yes", ids.get("closure") + " 是 yes 否 no");
        assertThat(rows(monthly, "ranking")).containsExactly(List.of("1", "DEPT-A", "1", "3"),
                List.of("2", "DEPT-B", "0", "2"), List.of("2", petitions, "0", "1"));

        JsonNode quarterly = generate(ledger, "QUARTERLY", "2026-Q1");
        // a quarter written as the scorecards write it names the same report, and the scorecards take this form too
        assertThat(generate(ledger, "QUARTERLY", "2026Q1").get("id")).isEqualTo(quarterly.get("id"));
        assertThat(auditor.get("/api/scorecards?quarter=2026-Q1").status()).isEqualTo(200);
        assertThat(rows(quarterly, "figures").get(0))
                .containsExactly("合计 All", "7", "0", "1", "6", "1", "14.3%", "100.0%", "0");
        assertThat(rows(quarterly, "milestones")).contains(List.of("合计 All", "2", "1", "0", "1", "0.0%"),
                List.of("DEPT-A", "2", "1", "0", "1", "0.0%"));
        // DEPT-A and DEPT-B get complaints from other tests too: only their deadline columns are this test's
        List<List<String>> excerpt = rows(quarterly, "scorecard");
        assertThat(excerpt).extracting(r -> r.subList(0, 6)).containsExactly(
                List.of("DEPT-A", "1", "0", "0", "1", "0.0%"), List.of("DEPT-B", "1", "1", "0", "0", "100.0%"),
                List.of(petitions, "0", "0", "0", "0", "—"));
        // the petitions office: 3 received, 2 answered (66.7%), 1 rated and satisfied (100.0%), 1 overdue
        assertThat(excerpt.get(2).subList(6, 12)).containsExactly("3", "2", "66.7%", "1", "100.0%", "1");

        // the same period again: the same document, though the ledger moved on since, and the escalated item climbed
        // to 专题调度 in April (March's agenda still lists it at 督办, as it stood at the month's end)
        ok(supervisor.post(task(ids, "closure") + "/close"));
        ok(supervisor.post(task(ids, "escalated") + "/escalate", Map.of("level", "SPECIAL_DISPATCH",
                "reason", "四月仍未推进")));
        awaitProjectionsCaughtUp();
        JsonNode again = generate(ledger, "MONTHLY", "2026-03");
        assertThat(again.get("id")).isEqualTo(monthly.get("id"));
        assertThat(again.get("contentHash")).isEqualTo(monthly.get("contentHash"));
        assertThat(column(again, "escalated", 3)).containsExactly("督办");
        assertThat(auditor.get("/api/reports?ledger=" + encoded(ledger)).json()).extracting(r -> r.get("kind").asText())
                .containsExactlyInAnyOrder("WEEKLY", "MONTHLY", "QUARTERLY");
        assertThat(auditor.get("/api/reports?ledger=" + encoded(ledger) + "&kind=WEEKLY").json()).hasSize(1);
        assertThat(auditor.get("/api/reports?ledger=" + encoded(ledger) + "&kind=MONTHLY").json()).hasSize(1);

        // the schedule, on the first working day of April: last week's report is due, March's are made already
        assertThat(reports.generateDue(List.of(ledger))).extracting(r -> r.kind() + " " + r.period())
                .containsExactly("WEEKLY 2026-W13");
        assertThat(reports.generateDue(List.of(ledger))).isEmpty();

        // each report announced once in the alert feed, though March's was generated twice: the feed is written in
        // the order of events, so once week 13's (generated last) is in it, a second one of March's would be too
        Map<String, JsonNode> announced = Eventually.until(Duration.ofSeconds(30), () -> announcements(ledger),
                found -> found.containsKey("WEEKLY 2026-W13"));
        assertThat(announced.keySet()).containsExactlyInAnyOrder("WEEKLY 2026-W11", "MONTHLY 2026-03",
                "QUARTERLY 2026-Q1", "WEEKLY 2026-W13");
        JsonNode march = announced.get("MONTHLY 2026-03");
        String monthlyPath = "/api/reports/" + monthly.get("id").asText();
        assertThat(march.get("subjectType").asText()).isEqualTo("REPORT");
        assertThat(march.get("subjectId")).isEqualTo(monthly.get("id"));
        assertThat(march.get("ledger").asText()).isEqualTo(ledger);
        assertThat(march.get("report").get("contentHash")).isEqualTo(monthly.get("contentHash"));
        assertThat(march.get("report").get("xlsx").asText()).isEqualTo(monthlyPath + ".xlsx");
        assertThat(march.get("report").get("pdf").asText()).isEqualTo(monthlyPath + ".pdf");

        ApiClient.BytesResponse xlsx = auditor.getBytes(announced.get("WEEKLY 2026-W11").get("report").get("xlsx").asText());
        assertThat(xlsx.status()).isEqualTo(200);
        try (XSSFWorkbook book = new XSSFWorkbook(new ByteArrayInputStream(xlsx.body()))) {
            assertThat(book.getSheet("报告 Report").getRow(8).getCell(1).getStringCellValue())
                    .isEqualTo(weekly.get("contentHash").asText());
            Sheet departments = book.getSheet("部门");
            Row deptA = departments.getRow(1);
            assertThat(deptA.getCell(0).getStringCellValue()).isEqualTo("DEPT-A");
            assertThat(deptA.getCell(1).getNumericCellValue()).isEqualTo(3);
            assertThat(deptA.getCell(4).getNumericCellValue()).isEqualTo(1);
            assertThat(book.getSheet("新增红灯").getRow(1).getCell(1).getStringCellValue()).isEqualTo("环境整治逾期");
        }

        ApiClient.BytesResponse pdf = auditor.getBytes(march.get("report").get("pdf").asText());
        assertThat(pdf.status()).isEqualTo(200);
        try (PDDocument document = Loader.loadPDF(pdf.body())) {
            String text = new PDFTextStripper().getText(document);
            assertThat(text).contains("月调度", "2026-03", "红灯事项", "环境整治逾期", "久拖不决", "部门红灯排名");
        }

        ApiClient.BytesResponse quarter = auditor.getBytes(announced.get("QUARTERLY 2026-Q1").get("report").get("xlsx")
                .asText());
        try (XSSFWorkbook book = new XSSFWorkbook(new ByteArrayInputStream(quarter.body()))) {
            Row office = book.getSheet("考评摘录").getRow(3);
            assertThat(office.getCell(0).getStringCellValue()).isEqualTo(petitions);
            assertThat(office.getCell(6).getNumericCellValue()).isEqualTo(3);
            assertThat(office.getCell(8).getStringCellValue()).isEqualTo("66.7%");
        }
        try (PDDocument document = Loader.loadPDF(auditor.getBytes(announced.get("QUARTERLY 2026-Q1").get("report")
                .get("pdf").asText()).body())) {
            assertThat(new PDFTextStripper().getText(document)).contains("考评摘录", "响应率", "满意率", petitions);
        }
    }

    /** The report announcements of {@code ledger} in the alert feed, by kind and period; each must come once. */
    private Map<String, JsonNode> announcements(String ledger) {
        Map<String, JsonNode> byReport = new HashMap<>();
        for (JsonNode alert : allAlerts("/api/alerts?limit=500&type=REPORT&ledger=" + encoded(ledger))) {
            String report = alert.get("reason").asText() + " " + alert.get("report").get("period").asText();
            assertThat(byReport.put(report, alert)).as("announced twice: %s", report).isNull();
        }
        return byReport;
    }

    private String complaint() {
        ApiClient.Response received = supervisor.post("/api/complaints", Map.of("channel", "HOTLINE_12345",
                "subject", "信访事项", "content", "反映问题"));
        assertThat(received.status()).as("%s", received).isEqualTo(201);
        return received.json().get("complaintId").asText();
    }

    private ApiClient.Response assign(String complaint, String department, LocalDate due) {
        return supervisor.post("/api/complaints/" + complaint + "/assign",
                Map.of("department", department, "dueDate", due.toString()));
    }

    @Test
    void bad_requests_name_their_field_and_only_supervisors_generate() {
        String ledger = uniqueLedger("报告参数");
        register(ledger, "参数", "DEPT-A", today().plusDays(5), null);
        awaitProjectionsCaughtUp();
        assertProblem(supervisor.post("/api/reports", Map.of("kind", "WEEKLY")), "ledger");
        assertProblem(supervisor.post("/api/reports", Map.of("ledger", ledger)), "kind");
        assertProblem(supervisor.post("/api/reports", Map.of("ledger", ledger, "kind", "DAILY")), "kind");
        assertProblem(supervisor.post("/api/reports", Map.of("ledger", ledger, "kind", "MONTHLY", "period", "2026-13")),
                "period");
        // the ledger's first task came in March 2026: nothing to report for a month before it
        assertProblem(supervisor.post("/api/reports", Map.of("ledger", ledger, "kind", "MONTHLY", "period", "2025-12")),
                "period");
        assertProblem(supervisor.post("/api/reports", Map.of("ledger", ledger, "kind", "QUARTERLY", "period", "2026-03")),
                "period");
        assertProblem(supervisor.post("/api/reports", Map.of("ledger", uniqueLedger("无此台账"), "kind", "WEEKLY")),
                "ledger");
        assertThat(deptA.post("/api/reports", Map.of("ledger", ledger, "kind", "WEEKLY")).status()).isEqualTo(403);
        assertThat(auditor.post("/api/reports", Map.of("ledger", ledger, "kind", "WEEKLY")).status()).isEqualTo(403);
        assertThat(deptA.get("/api/reports").status()).isEqualTo(403);
        assertThat(auditor.get("/api/reports/no-such-report.pdf").status()).isEqualTo(404);
    }

    private String register(String ledger, String title, String department, LocalDate due, List<Map<String, String>> milestones) {
        Map<String, Object> body = new HashMap<>(Map.of("ledger", ledger, "title", title, "leadDepartment", department,
                "dueDate", due.toString()));
        if (milestones != null) {
            body.put("milestones", milestones);
        }
        ApiClient.Response registered = supervisor.post("/api/tasks", body);
        assertThat(registered.status()).as("%s", registered).isEqualTo(201);
        return registered.json().get("taskId").asText();
    }

    private CompletableFuture<String> registerAsync(String ledger, String title, String department, LocalDate due,
                                                    List<Map<String, String>> milestones) {
        return CompletableFuture.supplyAsync(() -> register(ledger, title, department, due, milestones));
    }

    /** One task's commands in order, beside the other tasks'. */
    @SafeVarargs
    private static CompletableFuture<Void> steps(Supplier<ApiClient.Response>... commands) {
        return CompletableFuture.runAsync(() -> {
            for (Supplier<ApiClient.Response> command : commands) {
                ok(command.get());
            }
        });
    }

    private JsonNode generate(String ledger, String kind, String period) {
        Map<String, String> body = new HashMap<>(Map.of("ledger", ledger, "kind", kind));
        if (period != null) {
            body.put("period", period);
        }
        ApiClient.Response generated = supervisor.post("/api/reports", body);
        assertThat(generated.status()).as("%s", generated).isEqualTo(200);
        JsonNode read = auditor.get("/api/reports/" + generated.json().get("id").asText()).json();
        assertThat(read.get("contentHash")).isEqualTo(generated.json().get("contentHash"));
        return read;
    }

    private static String task(Map<String, String> ids, String name) {
        return "/api/tasks/" + ids.get(name);
    }

    private static void ok(ApiClient.Response response) {
        assertThat(response.status()).as("%s", response).isBetween(200, 299);
    }

    private static void assertProblem(ApiClient.Response response, String field) {
        assertThat(response.status()).as("%s", response).isEqualTo(400);
        assertThat(response.contentType()).isEqualTo("application/problem+json");
        assertThat(response.json().get("field").asText()).isEqualTo(field);
    }

    /** The section's rows, every cell as text. */
    private static List<List<String>> rows(JsonNode report, String key) {
        for (JsonNode section : report.get("content").get("sections")) {
            if (section.get("key").asText().equals(key)) {
                List<List<String>> rows = new ArrayList<>();
                section.get("rows").forEach(r -> {
                    List<String> cells = new ArrayList<>();
                    r.forEach(c -> cells.add(c.asText()));
                    rows.add(cells);
                });
                return rows;
            }
        }
        throw new AssertionError("no section " + key + " in " + report);
    }

    private static List<String> column(JsonNode report, String key, int column) {
        return rows(report, key).stream().map(r -> r.get(column)).toList();
    }
}
