package dev.closeout.application.complaint;

import com.fasterxml.jackson.databind.JsonNode;
import dev.closeout.application.support.ApiClient;
import dev.closeout.application.support.IntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

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
                "subject", "征地补偿未到位", "content", "村民反映补偿款未发放",
                "complainant", Map.of("name", NAME, "phone", PHONE))).json().get("complaintId").asText();
        path = "/api/complaints/" + id;
        supervisor.post(path + "/assign", Map.of("department", "DEPT-A",
                "dueDate", today().plusDays(10).toString()));
    }

    private JsonNode viewed(ApiClient reader) {
        return reader.get(path).json();
    }

    private JsonNode historyReceipt(ApiClient reader) {
        return reader.get(path + "/history").json().get(0);
    }

    private static void assertFull(JsonNode holder) {
        assertThat(holder.get("complainant").get("name").asText()).isEqualTo(NAME);
        assertThat(holder.get("complainant").get("phone").asText()).isEqualTo(PHONE);
    }

    private static void assertMasked(JsonNode holder) {
        assertThat(holder.get("complainant").get("name").asText()).isEqualTo(MASKED_NAME);
        assertThat(holder.get("complainant").get("phone").asText()).isEqualTo(MASKED_PHONE);
        assertThat(holder.get("complainantMasked").asBoolean()).isTrue();
        assertThat(holder.toString()).doesNotContain(NAME).doesNotContain(PHONE);
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
