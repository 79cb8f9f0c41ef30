package dev.closeout.application.publicboard;

import dev.closeout.application.support.ApiClient;
import dev.closeout.application.support.Eventually;
import dev.closeout.application.support.IntegrationTest;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The 公示 public board at {@code /public}: anyone reads a published ledger's figures, rates and
 * items without signing in, nothing personal or internal, and a crowd of readers is served from
 * memory.
 */
class PublicBoardTest extends IntegrationTest {

    private static final String NAME = "王小明";
    private static final String PHONE = "13812345678";
    /** What must never reach the public: personal data, internal notes, reasons, evidence, and who did what. */
    private static final List<String> PRIVATE = List.of(NAME, "王*", PHONE, "138****5678", "投诉人住在幸福小区3栋",
            "夜间施工噪音扰民",
            "内部说明：涉及信访人家属", "李局长", "进度备注：约谈业主", "延期理由：汛期停工", "销号证据：验收单",
            "退回理由：照片不清", "督办理由：群众反映强烈", "误登记的事项", "撤销理由：重复登记",
            "supervisor", "dept-a", "dept-b", "SUPERVISOR", "taskId", "complaintId", "暗访：门卫张某值班睡岗");


    @Autowired
    private MeterRegistry meters;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    private String register(String title, String lead, LocalDate due, Map<String, Object> more) {
        Map<String, Object> body = new java.util.HashMap<>(Map.of("ledger", PUBLIC_LEDGER, "title", title,
                "leadDepartment", lead, "dueDate", due.toString()));
        body.putAll(more);
        ApiClient.Response registered = supervisor.post("/api/tasks", body);
        assertThat(registered.status()).as(registered.body()).isEqualTo(201);
        return registered.json().get("taskId").asText();
    }

    private String board() {
        return "/public/" + encoded(PUBLIC_LEDGER);
    }

    /** How many items the public ledger's figures count now, withdrawn ones included. */
    private long registered() {
        return auditor.get(ledgerPath(PUBLIC_LEDGER)).json().path("registered").asLong();
    }

    private void awaitLedger(long registered) {
        Eventually.until(Duration.ofSeconds(60), this::registered, count -> count == registered);
    }

    private double reads() {
        var counter = meters.find("closeout.public.board.reads").tag("ledger", PUBLIC_LEDGER).counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void a_published_ledger_shows_its_figures_rates_and_items_and_nothing_personal_or_internal() {
        LocalDate today = today();
        long before = registered();
        String closed = register("背街小巷环境整治", "DEPT-A", today.plusDays(20),
                Map.of("description", "内部说明：涉及信访人家属", "responsibleLeader", "李局长"));
        deptA.post("/api/tasks/" + closed + "/claim");
        deptA.post("/api/tasks/" + closed + "/progress", Map.of("note", "进度备注：约谈业主", "percentComplete", 90));
        deptA.post("/api/tasks/" + closed + "/closure-request", Map.of("evidence", "销号证据：验收单"));
        supervisor.post("/api/tasks/" + closed + "/return", Map.of("reason", "退回理由：照片不清"));
        deptA.post("/api/tasks/" + closed + "/closure-request", Map.of("evidence", "销号证据：验收单"));
        assertThat(supervisor.post("/api/tasks/" + closed + "/close").status()).isEqualTo(200);

        String overdue = register("农贸市场排水改造", "DEPT-B", today.minusDays(2), Map.of());
        deptB.post("/api/tasks/" + overdue + "/claim");
        deptB.post("/api/tasks/" + overdue + "/extension-request",
                Map.of("newDueDate", today.plusDays(40).toString(), "reason", "延期理由：汛期停工"));
        supervisor.post("/api/tasks/" + overdue + "/escalate", Map.of("level", "NOTICE", "reason", "督办理由：群众反映强烈"));

        String withdrawn = register("误登记的事项", "DEPT-B", today.plusDays(5), Map.of());
        supervisor.post("/api/tasks/" + withdrawn + "/withdraw", Map.of("reason", "撤销理由：重复登记"));
        // a department whose every item here was withdrawn has no row: it would tell whose they were
        String alone = register("误登记的事项", "DEPT-WITHDRAWN", today.plusDays(5), Map.of());
        supervisor.post("/api/tasks/" + alone + "/withdraw", Map.of("reason", "撤销理由：重复登记"));

        String complaint = supervisor.post("/api/complaints", Map.of("channel", "HOTLINE_12345",
                "subject", "夜间施工噪音扰民", "content", "投诉人住在幸福小区3栋",
                "complainant", Map.of("name", NAME, "phone", PHONE))).json().get("complaintId").asText();
        supervisor.post("/api/complaints/" + complaint + "/assign",
                Map.of("department", "DEPT-A", "dueDate", today.plusDays(10).toString()));
        ApiClient.Response converted = supervisor.post("/api/complaints/" + complaint + "/convert-to-task",
                Map.of("ledger", PUBLIC_LEDGER, "dueDate", today.plusDays(10).toString()));
        assertThat(converted.status()).as(converted.body()).isEqualTo(201);
        String convertedTask = converted.json().get("taskId").asText();
        Eventually.until(Duration.ofSeconds(60), () -> auditor.get("/api/tasks/" + convertedTask).status(),
                status -> status == 200);
        // an unannounced inspection's finding, converted without a title: its title quotes the inspector's note
        String round = supervisor.post("/api/inspection-rounds", Map.of("kind", "FIELD", "title", "暗访督查",
                "units", List.of("DEPT-A"), "ledger", PUBLIC_LEDGER)).json().get("roundId").asText();
        String finding = supervisor.post("/api/inspection-rounds/" + round + "/findings", Map.of("unit", "DEPT-A",
                "description", "暗访：门卫张某值班睡岗")).json().get("findingId").asText();
        ApiClient.Response fromFinding = supervisor.post("/api/inspection-rounds/" + round + "/findings/" + finding
                + "/convert", Map.of("dueDate", today.plusDays(15).toString()));
        assertThat(fromFinding.status()).as(fromFinding.body()).isEqualTo(201);
        String findingTask = fromFinding.json().get("taskId").asText();
        awaitLedger(before + 6);

        ApiClient.Response page = anonymous.get(board());
        assertThat(page.status()).as(page.body()).isEqualTo(200);
        assertThat(page.contentType()).startsWith("text/html");
        String html = page.body();
        assertThat(html).contains("背街小巷环境整治", "农贸市场排水改造", "DEPT-A", "DEPT-B",
                "销号 Closed", "红 Red", today.minusDays(2).toString(), "办结率", "按期办结率");
        // The converted task has no title of its own: its title is the complaint's subject, which is not shown.
        assertThat(html).contains("群众诉求转办事项 Complaint-converted task #" + convertedTask.substring(0, 8));
        assertThat(html).contains("督查发现整改事项 Inspection finding task #" + findingTask.substring(0, 8));
        // A closed item is blue, as the domain's colour policy has it, and says so in words.
        assertThat(html).containsPattern("(?s)背街小巷环境整治</th>(?:(?!</tr>).)*销号 Closed(?:(?!</tr>).)*"
                + "<span class=\"badge BLUE\">蓝 Blue</span>");
        // DEPT-A: three items, one closed on time; DEPT-B: one open (the withdrawn one is not counted), nothing closed
        // yet, so no on-time rate ("—", not 0.0%)
        assertThat(html).containsPattern(rates("DEPT-A", 3, 2, 1, "33.3%", "100.0%"))
                .containsPattern(rates("DEPT-B", 1, 1, 0, "0.0%", "—"));
        for (String secret : PRIVATE) {
            assertThat(html).as("the public page must not show %s", secret).doesNotContain(secret);
        }
        assertThat(html).doesNotContain("<script").doesNotContain("style=").doesNotContain("DEPT-WITHDRAWN");
    }

    @Test
    void a_ledger_not_published_is_not_found_like_one_that_does_not_exist() {
        String unpublished = uniqueLedger("内部台账 Internal ledger");
        register("内部事项", "DEPT-A", today().plusDays(3), Map.of("ledger", unpublished));
        Eventually.until(Duration.ofSeconds(60), () -> auditor.get(ledgerPath(unpublished)).status(), s -> s == 200);

        ApiClient.Response refused = anonymous.get("/public/" + encoded(unpublished));
        ApiClient.Response missing = anonymous.get("/public/" + encoded("没有这个台账 No such ledger"));
        assertThat(refused.status()).isEqualTo(404);
        assertThat(refused.body()).doesNotContain("内部事项").isEqualTo(missing.body());
        assertThat(missing.status()).isEqualTo(404);

        String index = anonymous.get("/public").body();
        assertThat(index).contains(PUBLIC_LEDGER).doesNotContain(unpublished);
    }

    @Test
    void a_crowd_of_readers_is_answered_from_memory_until_the_interval_passes_and_revalidates_by_etag()
            throws Exception {
        long before = registered();
        register("路灯维修", "DEPT-C", today().plusDays(15), Map.of());
        awaitLedger(before + 1);
        clock.advance(Duration.ofMinutes(2)); // whatever an earlier test left cached is stale now
        // The board is held for 60 s by this clock: stopped, so that only the test's own minute passes it,
        // however long a slow machine takes from here to the readers (put back by resetClock)
        clock.freeze();

        ApiClient.Response first = anonymous.get(board());
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.header("Cache-Control")).contains("public").contains("max-age=");
        // a proxy keeps what the board answers for everyone: no visitor's language cookie goes with it
        assertThat(anonymous.get(board() + "?lang=en").header("Set-Cookie")).isNull();
        String etag = first.header("ETag");
        assertThat(etag).isNotBlank();
        double readsAfterFirst = reads();

        register("公交站台修缮", "DEPT-C", today().plusDays(15), Map.of());
        awaitLedger(before + 2);
        for (int reader = 0; reader < 20; reader++) {
            ApiClient.Response again = anonymous.get(board());
            assertThat(again.status()).isEqualTo(200);
            assertThat(again.body()).as("served from memory, the item registered since is not read")
                    .doesNotContain("公交站台修缮");
        }
        assertThat(reads()).isEqualTo(readsAfterFirst);

        HttpResponse<String> notModified = conditionalGet(etag);
        assertThat(notModified.statusCode()).isEqualTo(304);
        assertThat(notModified.body()).isEmpty();
        assertThat(notModified.headers().firstValue("Cache-Control")).hasValueSatisfying(v -> assertThat(v).contains("public"));

        clock.advance(Duration.ofSeconds(61));
        ApiClient.Response refreshed = anonymous.get(board());
        assertThat(refreshed.body()).contains("公交站台修缮");
        assertThat(refreshed.header("ETag")).isNotEqualTo(etag);
        assertThat(reads()).isEqualTo(readsAfterFirst + 1);
        assertThat(conditionalGet(etag).statusCode()).as("a changed board is sent again").isEqualTo(200);
    }

    @Test
    void a_page_past_the_last_is_refused_with_a_readable_page_naming_the_field() {
        ApiClient.Response refused = anonymous.get(board() + "?page=999");
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.contentType()).startsWith("text/html");
        assertThat(refused.body()).contains("请求有误", "page must be between 1 and");
    }

    /** A department's row of the rates table: department, registered, open, closed, closure rate, on-time rate. */
    private static String rates(String department, long registered, long open, long closed, String closureRate,
                                String onTimeRate) {
        StringBuilder row = new StringBuilder(department + "</th>");
        for (Object cell : List.of(registered, open, closed, closureRate, onTimeRate)) {
            row.append("\\s*<td class=\"number\"[^>]*>").append(cell).append("</td>");
        }
        return row.toString();
    }

    private HttpResponse<String> conditionalGet(String etag) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + board()))
                .header("If-None-Match", etag).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
