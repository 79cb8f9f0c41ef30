package dev.closeout.domain.task;

import dev.closeout.domain.common.InvalidValueException;
import dev.closeout.domain.task.TaskCommand.EscalateTask;
import dev.closeout.domain.task.TaskCommand.RegisterTask;
import dev.closeout.domain.task.TaskCommand.RejectExtension;
import dev.closeout.domain.task.TaskCommand.ReportProgress;
import dev.closeout.domain.task.TaskCommand.RequestClosure;
import dev.closeout.domain.task.TaskCommand.RequestExtension;
import dev.closeout.domain.task.TaskCommand.ReturnTask;
import dev.closeout.domain.task.TaskCommand.WithdrawTask;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;

import static dev.closeout.domain.task.TaskExamples.DUE;
import static dev.closeout.domain.task.TaskExamples.LEAD;
import static dev.closeout.domain.task.TaskExamples.LEDGER;
import static dev.closeout.domain.task.TaskExamples.SUPERVISOR;
import static dev.closeout.domain.task.TaskExamples.TASK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A command with a bad field cannot be built, and the refusal names the field for the API. */
class TaskCommandTest {

    private static RegisterTask registerTitled(String title) {
        return new RegisterTask(TASK, LEDGER, title, null, "TRANSPORT", null, null, null, DUE, SUPERVISOR, null);
    }

    private static void assertRejectsField(String field, ThrowingCallable construction) {
        assertThatThrownBy(construction)
                .isInstanceOfSatisfying(InvalidValueException.class, e -> assertThat(e.field()).isEqualTo(field))
                .hasMessageStartingWith(field + " ");
    }

    @Test
    void a_blank_title_names_the_field_title() {
        assertRejectsField("title", () -> registerTitled("   "));
    }

    @Test
    void an_overlong_title_names_the_field_title() {
        assertRejectsField("title", () -> registerTitled("字".repeat(501)));
    }

    @Test
    void a_missing_ledger_names_the_field_ledger() {
        assertRejectsField("ledger", () ->
                new RegisterTask(TASK, null, "Title", null, "TRANSPORT", null, null, null, DUE, SUPERVISOR, null));
    }

    @Test
    void a_missing_lead_department_names_the_field_leadDepartment() {
        assertRejectsField("leadDepartment", () ->
                new RegisterTask(TASK, LEDGER, "Title", null, "", null, null, null, DUE, SUPERVISOR, null));
    }

    @Test
    void a_blank_supporting_department_names_the_field_supportingDepartments() {
        assertRejectsField("supportingDepartments", () ->
                new RegisterTask(TASK, LEDGER, "Title", null, "TRANSPORT", List.of("FINANCE", " "), null, null,
                        DUE, SUPERVISOR, null));
    }

    @Test
    void a_missing_due_date_names_the_field_dueDate() {
        assertRejectsField("dueDate", () ->
                new RegisterTask(TASK, LEDGER, "Title", null, "TRANSPORT", null, null, null, null, SUPERVISOR, null));
    }

    @Test
    void registration_trims_text_and_fills_defaults() {
        RegisterTask command = new RegisterTask(TASK, LEDGER, "  G312 线拓宽改造 ", " ", "TRANSPORT", null, " ",
                null, DUE, SUPERVISOR, null);
        assertThat(command.title()).isEqualTo("G312 线拓宽改造");
        assertThat(command.description()).isNull();
        assertThat(command.responsibleLeader()).isNull();
        assertThat(command.supportingDepartments()).isEmpty();
        assertThat(command.source()).isEqualTo(TaskSource.SELF_IDENTIFIED);
    }

    @Test
    void the_lead_department_and_repeats_are_dropped_from_the_supporting_departments() {
        RegisterTask command = new RegisterTask(TASK, LEDGER, "Title", null, "TRANSPORT",
                List.of("FINANCE", "TRANSPORT", " FINANCE ", "HEALTH"), null, null, DUE, SUPERVISOR, null);
        assertThat(command.supportingDepartments()).containsExactly("FINANCE", "HEALTH");
    }

    @Test
    void a_percentage_above_100_names_the_field_percentComplete() {
        assertRejectsField("percentComplete", () -> new ReportProgress(TASK, "Note", 101, LEAD));
    }

    @Test
    void a_negative_percentage_names_the_field_percentComplete() {
        assertRejectsField("percentComplete", () -> new ReportProgress(TASK, "Note", -1, LEAD));
    }

    @Test
    void zero_and_100_percent_are_both_valid_reports() {
        assertThat(new ReportProgress(TASK, "Not started", 0, LEAD).percentComplete()).isZero();
        assertThat(new ReportProgress(TASK, "Done", 100, LEAD).percentComplete()).isEqualTo(100);
    }

    @Test
    void a_progress_report_without_a_note_names_the_field_note() {
        assertRejectsField("note", () -> new ReportProgress(TASK, "", 50, LEAD));
    }

    @Test
    void an_extension_without_a_new_due_date_names_the_field_newDueDate() {
        assertRejectsField("newDueDate", () -> new RequestExtension(TASK, null, "Rain", LEAD));
    }

    @Test
    void an_extension_without_a_reason_names_the_field_reason() {
        assertRejectsField("reason", () -> new RequestExtension(TASK, LocalDate.of(2023, 12, 31), " ", LEAD));
    }

    @Test
    void a_closure_request_without_evidence_names_the_field_evidence() {
        assertRejectsField("evidence", () -> new RequestClosure(TASK, null, LEAD));
    }

    @Test
    void decisions_against_a_department_must_say_why() {
        assertRejectsField("reason", () -> new RejectExtension(TASK, "", SUPERVISOR));
        assertRejectsField("reason", () -> new ReturnTask(TASK, "", SUPERVISOR));
        assertRejectsField("reason", () -> new TaskCommand.ReopenTask(TASK, "", SUPERVISOR));
        assertRejectsField("reason", () -> new WithdrawTask(TASK, "", SUPERVISOR));
    }

    @Test
    void an_escalation_without_a_level_names_the_field_level() {
        assertRejectsField("level", () -> new EscalateTask(TASK, " ", "Overdue", SUPERVISOR));
    }

    @Test
    void a_task_id_with_characters_unsafe_in_urls_names_the_field_taskId() {
        assertRejectsField("taskId", () -> new TaskId("road/g312"));
        assertRejectsField("taskId", () -> new TaskId(""));
    }

    @Test
    void a_due_date_outside_the_calendar_range_names_the_field_dueDate() {
        assertRejectsField("dueDate", () -> new RegisterTask(TASK, LEDGER, "Title", null, "TRANSPORT", null, null, null,
                LocalDate.MIN, SUPERVISOR, null));
        assertRejectsField("dueDate", () -> new RegisterTask(TASK, LEDGER, "Title", null, "TRANSPORT", null, null, null,
                LocalDate.parse("+99999-12-31"), SUPERVISOR, null));
    }

    @Test
    void an_extension_to_a_date_outside_the_calendar_range_names_the_field_newDueDate() {
        assertRejectsField("newDueDate", () -> new RequestExtension(TASK, LocalDate.of(2200, 1, 1), "reason", SUPERVISOR));
    }

    @Test
    void more_supporting_departments_than_a_county_has_names_the_field_supportingDepartments() {
        List<String> departments = java.util.stream.IntStream.range(0, 101).mapToObj(i -> "DEPT-" + i).toList();
        assertRejectsField("supportingDepartments", () -> new RegisterTask(TASK, LEDGER, "Title", null, "TRANSPORT",
                departments, null, null, DUE, SUPERVISOR, null));
    }

    @Test
    void an_overlong_responsible_leader_or_description_names_its_field() {
        assertRejectsField("responsibleLeader", () -> new RegisterTask(TASK, LEDGER, "Title", null, "TRANSPORT", null,
                "李".repeat(100_000), null, DUE, SUPERVISOR, null));
        assertRejectsField("description", () -> new RegisterTask(TASK, LEDGER, "Title", "x".repeat(20_001), "TRANSPORT",
                null, null, null, DUE, SUPERVISOR, null));
    }

    @Test
    void a_ledger_name_holding_a_control_character_names_the_field_ledger() {
        assertRejectsField("ledger", () -> new RegisterTask(TASK, "COLL\u001fX", "Title", null, "TRANSPORT", null, null,
                null, DUE, SUPERVISOR, null));
        assertRejectsField("leadDepartment", () -> new RegisterTask(TASK, LEDGER, "Title", null, "X\u001fD", null, null,
                null, DUE, SUPERVISOR, null));
    }
}
