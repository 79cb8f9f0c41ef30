package dev.closeout.domain.task;

import dev.closeout.domain.common.EscalationLadder;
import dev.closeout.domain.common.InvalidValueException;
import dev.closeout.domain.referral.ReferralLevel;
import dev.closeout.domain.referral.ReferralNotice;
import dev.closeout.domain.task.TaskCommand.CheckTaskDeadline;
import dev.closeout.domain.task.TaskCommand.RegisterTask;
import dev.closeout.domain.task.TaskCommand.ReportBackReferral;
import dev.closeout.domain.task.TaskEvent.ReferralReportBackOverdue;
import dev.closeout.domain.task.TaskEvent.ReferralReportedBack;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.List;

import static dev.closeout.domain.common.CommandRefusedException.Reason.PERMISSION;
import static dev.closeout.domain.common.CommandRefusedException.Reason.STATE;
import static dev.closeout.domain.common.Refusal.expectRefused;
import static dev.closeout.domain.task.TaskExamples.ENGINE;
import static dev.closeout.domain.task.TaskExamples.LEAD;
import static dev.closeout.domain.task.TaskExamples.POLICY;
import static dev.closeout.domain.task.TaskExamples.REFERRAL;
import static dev.closeout.domain.task.TaskExamples.SUPERVISOR;
import static dev.closeout.domain.task.TaskExamples.SUPPORTING;
import static dev.closeout.domain.task.TaskExamples.TASK;
import static dev.closeout.domain.task.TaskExamples.ZONE;
import static dev.closeout.domain.task.TaskExamples.claimed;
import static dev.closeout.domain.task.TaskExamples.closed;
import static dev.closeout.domain.task.TaskExamples.closureRequested;
import static dev.closeout.domain.task.TaskExamples.registered;
import static dev.closeout.domain.task.TaskExamples.registeredReferred;
import static dev.closeout.domain.task.TaskExamples.withdrawn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A task referred by the province (省上督办) and its report-back (反馈): once, by the lead department,
 * on time or late by the office's day, and, when the date passes without it, recorded overdue once by
 * the deadline check, also after the task is closed.
 */
// Axon's fixture stamps events by a clock it swaps in a static field: fixture classes take turns
@ResourceLock("axon-event-clock")
class TaskReferralTest {

    private static final LocalDate DUE = REFERRAL.reportBackDue();

    /** A fixture whose clock reads {@code hour}:00 in Beijing on {@code day}. */
    private static FixtureConfiguration<Task> on(LocalDate day, int hour) {
        FixtureConfiguration<Task> fixture = new AggregateTestFixture<>(Task.class);
        fixture.registerInjectableResource(EscalationLadder.DEFAULT);
        fixture.registerInjectableResource(POLICY);
        fixture.registerInjectableResource(Clock.fixed(ZonedDateTime.of(day.atTime(hour, 0), ZONE).toInstant(), ZONE));
        return fixture;
    }

    @Test
    void registering_a_referred_task_records_its_referral() {
        RegisterTask register = TaskExamples.register(SUPERVISOR, TaskExamples.DUE);
        on(DUE, 10).givenNoPriorActivity()
                .when(new RegisterTask(TASK, register.ledger(), register.title(), register.description(),
                        register.leadDepartment(), register.supportingDepartments(), register.responsibleLeader(),
                        register.source(), register.dueDate(), SUPERVISOR, null, null, null, null, REFERRAL))
                .expectEvents(registeredReferred());
    }

    @Test
    void the_lead_department_reports_back_on_the_last_day_on_time() {
        on(DUE, 23).given(registeredReferred(), claimed())
                .when(new ReportBackReferral(TASK, "拓宽完成 8 公里", LEAD))
                .expectEvents(new ReferralReportedBack(TASK, "拓宽完成 8 公里", DUE, DUE, true, LEAD));
    }

    @Test
    void a_report_back_the_day_after_the_date_is_recorded_late() {
        on(DUE.plusDays(1), 0).given(registeredReferred(), claimed())
                .when(new ReportBackReferral(TASK, "拓宽完成 8 公里", LEAD))
                .expectEvents(new ReferralReportedBack(TASK, "拓宽完成 8 公里", DUE, DUE.plusDays(1), false, LEAD));
    }

    @Test
    void a_closed_task_is_still_reported_back_on() {
        on(DUE, 10).given(registeredReferred(), claimed(), closureRequested(), closed())
                .when(new ReportBackReferral(TASK, "已销号", SUPERVISOR))
                .expectEvents(new ReferralReportedBack(TASK, "已销号", DUE, DUE, true, SUPERVISOR));
    }

    @Test
    void a_referral_is_reported_back_once() {
        expectRefused(on(DUE, 10).given(registeredReferred(), claimed(),
                        new ReferralReportedBack(TASK, "第一次", DUE, DUE, true, LEAD))
                .when(new ReportBackReferral(TASK, "第二次", LEAD)), STATE, "is REPORTED_BACK");
    }

    @Test
    void a_supporting_department_may_not_report_back() {
        expectRefused(on(DUE, 10).given(registeredReferred(), claimed())
                .when(new ReportBackReferral(TASK, "配合单位反馈", SUPPORTING)), PERMISSION, "only the lead department");
    }

    @Test
    void a_task_no_higher_level_referred_has_nothing_to_report_back() {
        expectRefused(on(DUE, 10).given(registered(), claimed())
                .when(new ReportBackReferral(TASK, "反馈", LEAD)), STATE, "not referred");
    }

    @Test
    void a_task_not_yet_claimed_is_claimed_before_reporting_back() {
        expectRefused(on(DUE, 10).given(registeredReferred())
                .when(new ReportBackReferral(TASK, "反馈", LEAD)), STATE, "claim it first");
    }

    @Test
    void the_check_records_the_report_back_overdue_once_from_the_day_after_the_date() {
        on(DUE, 10).given(registeredReferred(), claimed())
                .when(new CheckTaskDeadline(TASK, DUE, ENGINE))
                .expectNoEvents();
        on(DUE, 10).given(registeredReferred(), claimed())
                .when(new CheckTaskDeadline(TASK, DUE.plusDays(1), ENGINE))
                .expectEvents(new ReferralReportBackOverdue(TASK, DUE, ENGINE));
        on(DUE, 10).given(registeredReferred(), claimed(), new ReferralReportBackOverdue(TASK, DUE, ENGINE))
                .when(new CheckTaskDeadline(TASK, DUE.plusDays(2), ENGINE))
                .expectNoEvents();
    }

    @Test
    void closing_the_task_does_not_end_the_duty_to_report_back() {
        on(DUE, 10).given(registeredReferred(), claimed(), closureRequested(), closed())
                .when(new CheckTaskDeadline(TASK, DUE.plusDays(1), ENGINE))
                .expectEvents(new ReferralReportBackOverdue(TASK, DUE, ENGINE));
    }

    @Test
    void a_referral_reported_back_or_lapsed_with_its_withdrawn_task_is_not_chased() {
        on(DUE, 10).given(registeredReferred(), claimed(), new ReferralReportedBack(TASK, "已反馈", DUE, DUE, true, LEAD))
                .when(new CheckTaskDeadline(TASK, DUE.plusDays(1), ENGINE))
                .expectNoEvents();
        on(DUE, 10).given(registeredReferred(), claimed(), withdrawn())
                .when(new CheckTaskDeadline(TASK, DUE.plusDays(1), ENGINE))
                .expectNoEvents();
    }

    @Test
    void a_referral_missing_a_field_is_refused_naming_it() {
        RegisterTask register = TaskExamples.register(SUPERVISOR, TaskExamples.DUE);
        List.of("referral.level", "referral.referringBody", "referral.documentNumber", "referral.reportBackDue")
                .forEach(field -> assertThatThrownBy(() -> new RegisterTask(TASK, register.ledger(), register.title(),
                        null, "TRANSPORT", null, null, null, TaskExamples.DUE, SUPERVISOR, null, null, null, null,
                        without(field)))
                        .isInstanceOfSatisfying(InvalidValueException.class, e -> assertThat(e.field()).isEqualTo(field)));
    }

    private static ReferralNotice without(String field) {
        return new ReferralNotice(field.endsWith("level") ? null : ReferralLevel.PROVINCE,
                field.endsWith("referringBody") ? " " : "省委督查室",
                field.endsWith("documentNumber") ? "" : "甘督字〔2023〕12号",
                field.endsWith("reportBackDue") ? null : DUE);
    }
}
