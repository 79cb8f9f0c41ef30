package dev.closeout.application.workspace;

import dev.closeout.application.support.ApiClient.Response;
import dev.closeout.application.support.IntegrationTest;
import dev.closeout.application.support.PageSession;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 转办反馈 over plain HTTP: a task the province referred, past its report-back date, is listed under the
 * province with its 文号, referring body and standing, red and linked to its task; a complaint the city
 * referred, not yet due, under the city, linked to its complaint. The referral ledger is shared by every
 * test, so each item is found by its own document number.
 */
class ReferralsPageTest extends IntegrationTest {

    private static Map<String, Object> referral(String level, String body, String documentNumber, LocalDate due) {
        return Map.of("level", level, "referringBody", body, "documentNumber", documentNumber,
                "reportBackDue", due.toString());
    }

    /** The table row that holds {@code text}. */
    private static String row(String page, String text) {
        int at = page.indexOf(text);
        assertThat(at).as("the page lists " + text).isNotNegative();
        return page.substring(page.lastIndexOf("<tr", at), page.indexOf("</tr>", at));
    }

    @Test
    void each_level_lists_its_referred_items_with_document_number_and_standing_the_overdue_red() {
        String ledger = uniqueLedger("转办反馈 Referrals page");
        String provincial = "甘督字〔2026〕" + ledger.hashCode() + "号";
        String municipal = "张信转〔2026〕" + ledger.hashCode() + "号";
        Map<String, Object> task = new HashMap<>(Map.of("ledger", ledger, "title", "农村供水保障工程",
                "leadDepartment", "DEPT-A", "dueDate", today().plusDays(90).toString()));
        task.put("referral", referral("PROVINCE", "省委督查室", provincial, today().minusDays(1)));
        Map<String, Object> complaint = Map.of("channel", "PUBLIC_SUPERVISION", "subject", "小区供暖不热",
                "content", "3 号楼室温不足 16 度",
                "referral", referral("CITY", "市信访局", municipal, today().plusDays(10)));
        CompletableFuture<Response> taskPosted = CompletableFuture.supplyAsync(() -> supervisor.post("/api/tasks", task));
        Response complaintPosted = supervisor.post("/api/complaints", complaint);
        assertThat(taskPosted.join().status()).as(taskPosted.join().body()).isEqualTo(201);
        assertThat(complaintPosted.status()).as(complaintPosted.body()).isEqualTo(201);
        String taskId = taskPosted.join().json().get("taskId").asText();
        String complaintId = complaintPosted.json().get("complaintId").asText();
        awaitProjectionsCaughtUp();

        PageSession deptPages = new PageSession(port);
        deptPages.signIn("dept-a", "dept-a");
        Response page = deptPages.get("/referrals");
        assertThat(page.status()).isEqualTo(200);
        String body = page.body();
        int province = body.indexOf("id=\"referrals-PROVINCE\"");
        int city = body.indexOf("id=\"referrals-CITY\"");
        assertThat(province).isNotNegative().isLessThan(city);

        String overdue = row(body, provincial);
        assertThat(body.indexOf(provincial)).as("under the province").isBetween(province, city);
        assertThat(overdue).contains("class=\"colour-red\"", "href=\"/tasks/" + taskId + "\"", "农村供水保障工程",
                "省委督查室", today().minusDays(1).toString(), "逾期未反馈");
        String awaiting = row(body, municipal);
        assertThat(body.indexOf(municipal)).as("under the city").isGreaterThan(city);
        assertThat(awaiting).contains("href=\"/complaints/" + complaintId + "\"", "市信访局",
                today().plusDays(10).toString(), "待反馈").doesNotContain("colour-red");

        assertThat(row(deptPages.get("/referrals?lang=en").body(), provincial)).contains("Report-back overdue");
    }

    /** A page number past any page (its first item past what an int counts) shows the last page, not a 500. */
    @Test
    void a_page_number_past_every_page_shows_the_last() {
        PageSession pages = new PageSession(port);
        pages.signIn("dept-a", "dept-a");

        Response last = pages.get("/referrals?level=PROVINCE&page=" + Integer.MAX_VALUE);

        assertThat(last.status()).as(last.toString()).isEqualTo(200);
        assertThat(last.body()).contains("id=\"referrals-PROVINCE\"");
    }
}
