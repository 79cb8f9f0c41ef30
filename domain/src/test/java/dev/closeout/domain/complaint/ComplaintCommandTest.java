package dev.closeout.domain.complaint;

import dev.closeout.domain.common.InvalidValueException;
import dev.closeout.domain.complaint.ComplaintCommand.AssignComplaint;
import dev.closeout.domain.complaint.ComplaintCommand.ConvertComplaintToTask;
import dev.closeout.domain.complaint.ComplaintCommand.EscalateComplaint;
import dev.closeout.domain.complaint.ComplaintCommand.ReceiveComplaint;
import dev.closeout.domain.complaint.ComplaintCommand.RecordSatisfaction;
import dev.closeout.domain.complaint.ComplaintCommand.RejectTransfer;
import dev.closeout.domain.complaint.ComplaintCommand.ReopenComplaint;
import dev.closeout.domain.complaint.ComplaintCommand.ReplyToComplaint;
import dev.closeout.domain.complaint.ComplaintCommand.RequestTransfer;
import dev.closeout.domain.complaint.ComplaintCommand.TransferComplaint;
import dev.closeout.domain.task.TaskId;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static dev.closeout.domain.complaint.ComplaintExamples.COMPLAINANT;
import static dev.closeout.domain.complaint.ComplaintExamples.COMPLAINT;
import static dev.closeout.domain.complaint.ComplaintExamples.DUE;
import static dev.closeout.domain.complaint.ComplaintExamples.HOUSING;
import static dev.closeout.domain.complaint.ComplaintExamples.SUPERVISOR;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A command with a bad field cannot be built, and the refusal names the field for the API. */
class ComplaintCommandTest {

    private static final String LEDGER = "2023 三抓三促 攻坚任务台账";
    private static final TaskId TASK = new TaskId("roof-repair-block-3");

    private static ReceiveComplaint receive(ComplaintChannel channel, String subject, String content,
                                            String category) {
        return new ReceiveComplaint(COMPLAINT, channel, Referral.CITY, subject, content, COMPLAINANT, category,
                null, SUPERVISOR);
    }

    private static void assertRejectsField(String field, ThrowingCallable construction) {
        assertThatThrownBy(construction)
                .isInstanceOfSatisfying(InvalidValueException.class, e -> assertThat(e.field()).isEqualTo(field))
                .hasMessageStartingWith(field + " ");
    }

    @Test
    void a_complaint_without_a_channel_names_the_field_channel() {
        assertRejectsField("channel", () -> receive(null, "Subject", "Content", null));
    }

    @Test
    void a_blank_subject_names_the_field_subject() {
        assertRejectsField("subject", () -> receive(ComplaintChannel.ONLINE, " ", "Content", null));
    }

    @Test
    void an_overlong_subject_names_the_field_subject() {
        assertRejectsField("subject", () -> receive(ComplaintChannel.ONLINE, "字".repeat(501), "Content", null));
    }

    @Test
    void a_complaint_without_content_names_the_field_content() {
        assertRejectsField("content", () -> receive(ComplaintChannel.VISIT, "Subject", null, null));
    }

    @Test
    void an_overlong_category_names_the_field_category() {
        assertRejectsField("category", () -> receive(ComplaintChannel.VISIT, "Subject", "Content", "类".repeat(201)));
    }

    @Test
    void receipt_trims_text_and_fills_defaults() {
        ReceiveComplaint command = new ReceiveComplaint(COMPLAINT, ComplaintChannel.PUBLIC_SUPERVISION, null,
                " 安置小区屋顶漏水 ", " Leaks ", null, "  ", null, SUPERVISOR);
        assertThat(command.subject()).isEqualTo("安置小区屋顶漏水");
        assertThat(command.content()).isEqualTo("Leaks");
        assertThat(command.category()).isNull();
        assertThat(command.referredBy()).isEqualTo(Referral.NONE);
        assertThat(command.complainant()).isNull();
        assertThat(command.receivedAt()).isNull();
    }

    @Test
    void a_given_receipt_time_is_kept() {
        Instant arrived = Instant.parse("2023-05-30T08:00:00Z");
        ReceiveComplaint command = new ReceiveComplaint(COMPLAINT, ComplaintChannel.PETITION, Referral.PROVINCE,
                "Subject", "Content", null, null, arrived, SUPERVISOR);
        assertThat(command.receivedAt()).isEqualTo(arrived);
    }

    @Test
    void an_assignment_without_a_department_names_the_field_department() {
        assertRejectsField("department", () -> new AssignComplaint(COMPLAINT, " ", DUE, SUPERVISOR));
    }

    @Test
    void an_assignment_without_a_due_date_names_the_field_dueDate() {
        assertRejectsField("dueDate", () -> new AssignComplaint(COMPLAINT, "HOUSING", null, SUPERVISOR));
    }

    @Test
    void a_transfer_without_a_department_names_the_api_field_department() {
        assertRejectsField("department", () -> new TransferComplaint(COMPLAINT, "", DUE, "Water main", SUPERVISOR));
    }

    @Test
    void transfers_and_their_decisions_must_say_why() {
        assertRejectsField("reason", () -> new RequestTransfer(COMPLAINT, " ", HOUSING));
        assertRejectsField("reason", () -> new RejectTransfer(COMPLAINT, null, SUPERVISOR));
        assertRejectsField("reason", () -> new TransferComplaint(COMPLAINT, "WATER", DUE, "", SUPERVISOR));
    }

    @Test
    void a_reply_without_content_names_the_field_content() {
        assertRejectsField("content", () -> new ReplyToComplaint(COMPLAINT, "\t", HOUSING));
    }

    @Test
    void an_overlong_reply_names_the_field_content() {
        assertRejectsField("content", () -> new ReplyToComplaint(COMPLAINT, "字".repeat(8001), HOUSING));
    }

    @Test
    void a_satisfaction_record_without_a_rating_names_the_field_rating() {
        assertRejectsField("rating", () -> new RecordSatisfaction(COMPLAINT, null, "No answer", SUPERVISOR));
    }

    @Test
    void a_satisfaction_note_is_optional() {
        assertThat(new RecordSatisfaction(COMPLAINT, Satisfaction.SATISFIED, " ", SUPERVISOR).note()).isNull();
    }

    @Test
    void a_reopening_without_a_reason_names_the_field_reason() {
        assertRejectsField("reason", () -> new ReopenComplaint(COMPLAINT, "", DUE, SUPERVISOR));
    }

    @Test
    void a_reopening_without_a_new_due_date_names_the_field_dueDate() {
        assertRejectsField("dueDate", () -> new ReopenComplaint(COMPLAINT, "Still leaking", null, SUPERVISOR));
    }

    @Test
    void an_escalation_without_a_level_names_the_field_level() {
        assertRejectsField("level", () -> new EscalateComplaint(COMPLAINT, " ", "Overdue", SUPERVISOR));
    }

    @Test
    void a_conversion_without_a_task_id_names_the_field_newTaskId() {
        assertRejectsField("newTaskId", () ->
                new ConvertComplaintToTask(COMPLAINT, null, LEDGER, null, null, DUE, SUPERVISOR));
    }

    @Test
    void a_conversion_without_a_ledger_names_the_field_ledger() {
        assertRejectsField("ledger", () ->
                new ConvertComplaintToTask(COMPLAINT, TASK, " ", null, null, DUE, SUPERVISOR));
    }

    @Test
    void a_conversion_without_a_due_date_names_the_field_dueDate() {
        assertRejectsField("dueDate", () ->
                new ConvertComplaintToTask(COMPLAINT, TASK, LEDGER, null, null, null, SUPERVISOR));
    }

    @Test
    void a_conversion_with_an_overlong_title_names_the_field_title() {
        assertRejectsField("title", () ->
                new ConvertComplaintToTask(COMPLAINT, TASK, LEDGER, "字".repeat(501), null, DUE, SUPERVISOR));
    }

    @Test
    void a_conversion_leaves_blank_title_and_lead_department_to_the_complaint() {
        ConvertComplaintToTask command = new ConvertComplaintToTask(COMPLAINT, TASK, LEDGER, " ", "", DUE,
                SUPERVISOR);
        assertThat(command.title()).isNull();
        assertThat(command.leadDepartment()).isNull();
    }

    @Test
    void a_complaint_id_with_characters_unsafe_in_urls_names_the_field_complaintId() {
        assertRejectsField("complaintId", () -> new ComplaintId("xf/2023"));
        assertRejectsField("complaintId", () -> new ComplaintId(""));
    }
}
