package dev.closeout.application.complaint;

import com.fasterxml.jackson.databind.JsonNode;
import dev.closeout.application.support.ApiClient;
import dev.closeout.application.support.Eventually;
import dev.closeout.application.support.IntegrationTest;
import dev.closeout.application.support.PageSession;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static dev.closeout.application.complaint.ComplaintApiTest.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/** The complainant's name and phone, read by each role through each read path. */
class ComplainantMaskingTest extends IntegrationTest {

    private static final String NAME = "欧阳娜娜";
    private static final String PHONE = "13812345678";
    private static final String MASKED_NAME = "欧***";
    private static final String MASKED_PHONE = "138****5678";

    private String path;

    @BeforeEach
    void aComplaintAssignedToDeptA() {
        String id = supervisor.post("/api/complaints", Map.of("channel", "PETITION", "referredBy", "PROVINCE",
                // as hotline tickets are written: the text repeats the complainant
                "subject", NAME + "反映征地补偿未到位", "content", "村民" + NAME + "（138-1234-5678）反映补偿款未发放",
                "complainant", Map.of("name", NAME, "phone", PHONE))).json().get("complaintId").asText();
        path = "/api/complaints/" + id;
        supervisor.post(path + "/assign", Map.of("department", "DEPT-A",
                "dueDate", today().plusDays(10).toString()));
    }

    private JsonNode viewed(ApiClient reader) {
        return reader.get(path).json();
    }

    private JsonNode historyReceipt(ApiClient reader) {
        JsonNode history = reader.get(path + "/history").json();
        if (history.get(0).path("complainantMasked").asBoolean()) {
            assertThat(history.toString()).as("the whole history").doesNotContain(NAME).doesNotContain("1234");
        }
        return history.get(0);
    }

    private static void assertFull(JsonNode holder) {
        assertThat(holder.get("complainant").get("name").asText()).isEqualTo(NAME);
        assertThat(holder.get("complainant").get("phone").asText()).isEqualTo(PHONE);
    }

    private static void assertMasked(JsonNode holder) {
        assertThat(holder.get("complainant").get("name").asText()).isEqualTo(MASKED_NAME);
        assertThat(holder.get("complainant").get("phone").asText()).isEqualTo(MASKED_PHONE);
        assertThat(holder.get("complainantMasked").asBoolean()).isTrue();
        assertThat(holder.toString()).doesNotContain(NAME).doesNotContain(PHONE).doesNotContain("1234");
        assertThat(holder.get("subject").asText()).isEqualTo(MASKED_NAME + "反映征地补偿未到位");
    }

    @Test
    void a_supervisor_sees_the_complainant_in_the_view_and_the_history() {
        assertFull(viewed(supervisor));
        assertThat(viewed(supervisor).get("complainantMasked").asBoolean()).isFalse();
        assertFull(historyReceipt(supervisor));
    }

    @Test
    void the_assigned_department_sees_the_complainant_in_the_view_and_the_history() {
        assertFull(viewed(deptA));
        assertFull(historyReceipt(deptA));
    }

    @Test
    void another_department_sees_the_complainant_masked_in_the_view_and_the_history() {
        assertMasked(viewed(deptB));
        assertMasked(historyReceipt(deptB));
    }

    @Test
    void an_auditor_sees_the_complainant_masked_in_the_view_and_the_history() {
        assertMasked(viewed(auditor));
        assertMasked(historyReceipt(auditor));
    }

    /**
     * A department that is not the complaint's reads the complainant masked on the complaint's page too, where the
     * subject, the content and a reply repeat them.
     */
    @Test
    void the_complaint_page_shows_another_department_the_text_with_the_complainant_masked() {
        deptA.post(path + "/accept");
        assertThat(deptA.post(path + "/reply", Map.of("content", "已电话联系" + NAME + "，13812345678 已接通"))
                .status()).isEqualTo(200);
        assertThat(viewed(deptB).get("latestReply").get("content").asText())
                .isEqualTo("已电话联系" + MASKED_NAME + "，" + MASKED_PHONE + " 已接通");

        PageSession page = new PageSession(port);
        page.signIn("dept-b", "dept-b");
        String shown = page.get(path.replace("/api", "")).body();
        assertThat(shown).contains(MASKED_NAME + "反映征地补偿未到位").doesNotContain(NAME).doesNotContain("1234");
    }

    /** Every reader may search every item: a complaint's title in the results holds the complainant masked. */
    @Test
    void search_results_show_a_complaints_title_with_the_complainant_masked() {
        JsonNode found = Eventually.until(Duration.ofSeconds(60),
                () -> auditor.get("/api/search?q=" + encoded("征地补偿未到位") + "&limit=100").json(),
                results -> results.toString().contains(MASKED_NAME + "反映征地补偿未到位"));
        assertThat(found.toString()).contains(MASKED_NAME + "反映征地补偿未到位").doesNotContain(NAME);
    }

    /** The referral ledger (转办交办台账) is read by every department and the auditors: its titles hold no complainant. */
    @Test
    void the_referral_ledger_shows_a_complaints_title_with_the_complainant_masked() {
        String documentNumber = "张信转〔2026〕" + System.nanoTime() + "号";
        Map<String, Object> complaint = new java.util.HashMap<>(Map.of("channel", "HOTLINE_12345",
                "subject", NAME + "反映供暖不热", "content", "小区供暖温度不达标",
                "complainant", Map.of("name", NAME, "phone", PHONE)));
        complaint.put("referral", Map.of("level", "CITY", "referringBody", "市信访局", "documentNumber",
                documentNumber, "reportBackDue", today().plusDays(10).toString()));
        assertThat(supervisor.post("/api/complaints", complaint).status()).isEqualTo(201);
        JsonNode listed = Eventually.until(Duration.ofSeconds(60),
                () -> deptB.get("/api/referrals?level=CITY&limit=500").json(),
                page -> page.toString().contains(documentNumber));
        assertThat(listed.get("items")).filteredOn(i -> i.get("documentNumber").asText().equals(documentNumber))
                .extracting(i -> i.get("title").asText()).containsExactly(MASKED_NAME + "反映供暖不热");
    }

    @Test
    void an_alert_consumer_reads_neither_the_view_nor_the_history() {
        assertProblem(alerts.get(path), 403);
        assertProblem(alerts.get(path + "/history"), 403);
    }

    @Test
    void after_a_transfer_the_new_department_sees_the_complainant_and_the_former_one_no_longer_does() {
        supervisor.post(path + "/transfer", Map.of("department", "DEPT-B", "reason", "属地管理"));
        assertFull(viewed(deptB));
        assertFull(historyReceipt(deptB));
        assertMasked(viewed(deptA));
        assertMasked(historyReceipt(deptA));
    }

    @Test
    void the_answer_to_a_command_of_the_newly_assigned_department_shows_it_the_complainant() {
        supervisor.post(path + "/transfer", Map.of("department", "DEPT-B", "reason", "属地管理"));
        deptB.post(path + "/accept");
        JsonNode answer = deptB.post(path + "/transfer-request", Map.of("reason", "不属于本单位")).json();
        assertFull(answer);
    }

    @Test
    void the_complaint_ledger_never_contains_the_complainant() {
        String tomorrow = today().plusDays(1).toString();
        String yesterday = today().minusDays(1).toString();
        String body = supervisor.get("/api/complaint-ledger?from=" + yesterday + "&to=" + tomorrow).body();
        assertThat(body).contains("received").doesNotContain(NAME).doesNotContain(PHONE).doesNotContain(MASKED_NAME);
    }
}
