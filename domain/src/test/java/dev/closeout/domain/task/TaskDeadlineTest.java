package dev.closeout.domain.task;

import dev.closeout.domain.task.TaskCommand.CheckTaskDeadline;
import dev.closeout.domain.task.TaskEvent.TaskEscalated;
import dev.closeout.domain.task.TaskEvent.TaskFellDueSoon;
import dev.closeout.domain.task.TaskEvent.TaskWentOverdue;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;

import java.time.LocalDate;

import static dev.closeout.domain.common.CommandRefusedException.Reason.PERMISSION;
import static dev.closeout.domain.common.Refusal.expectRefused;
import static dev.closeout.domain.task.TaskExamples.ENGINE;
import static dev.closeout.domain.task.TaskExamples.SUPERVISOR;
import static dev.closeout.domain.task.TaskExamples.TASK;
import static dev.closeout.domain.task.TaskExamples.claimed;
import static dev.closeout.domain.task.TaskExamples.closed;
import static dev.closeout.domain.task.TaskExamples.closureRequested;
import static dev.closeout.domain.task.TaskExamples.escalated;
import static dev.closeout.domain.task.TaskExamples.extensionApproved;
import static dev.closeout.domain.task.TaskExamples.extensionRequested;
import static dev.closeout.domain.task.TaskExamples.registered;
import static dev.closeout.domain.task.TaskExamples.reopened;
import static dev.closeout.domain.task.TaskExamples.withdrawn;

/**
 * The engine's deadline check on a task due Tuesday 10 June 2025, a plain week on the shipped
 * calendar: due soon (3 working days) from Thursday 5 June, overdue from 11 June, 催办 at 1 working
 * day overdue, 督办 at 5 (17 June), 专题调度 at 10 (24 June).
 */
// Axon's fixture stamps events by a clock it swaps in a static field: fixture classes take turns
@ResourceLock("axon-event-clock")
class TaskDeadlineTest {

    private static final LocalDate DUE = LocalDate.of(2025, 6, 10);

    private FixtureConfiguration<Task> fixture;

    @BeforeEach
    void fixture() {
        fixture = TaskExamples.fixtureWithDeadlines();
    }

    private static CheckTaskDeadline check(LocalDate today) {
        return new CheckTaskDeadline(TASK, today, ENGINE);
    }

    private static TaskEscalated automatically(String level, String label, int workingDaysOverdue) {
        return new TaskEscalated(TASK, level, label, workingDaysOverdue + " working days overdue", ENGINE);
    }

    @Test
    void a_task_far_from_its_due_date_records_nothing() {
        fixture.given(registered(DUE), claimed()).when(check(LocalDate.of(2025, 6, 4))).expectNoEvents();
    }

    @Test
    void a_task_within_three_working_days_of_its_due_date_falls_due_soon() {
        fixture.given(registered(DUE), claimed()).when(check(LocalDate.of(2025, 6, 5)))
                .expectEvents(new TaskFellDueSoon(TASK, DUE, 3, ENGINE));
    }

    @Test
    void a_task_falls_due_soon_only_once_per_due_date() {
        fixture.given(registered(DUE), new TaskFellDueSoon(TASK, DUE, 3, ENGINE))
                .when(check(LocalDate.of(2025, 6, 9))).expectNoEvents();
    }

    @Test
    void a_task_past_its_due_date_goes_overdue_and_gets_a_reminder() {
        fixture.given(registered(DUE), claimed(), new TaskFellDueSoon(TASK, DUE, 3, ENGINE))
                .when(check(LocalDate.of(2025, 6, 11)))
                .expectEvents(new TaskWentOverdue(TASK, DUE, ENGINE), automatically("REMINDER", "催办", 1));
    }

    @Test
    void a_task_due_today_is_not_overdue() {
        fixture.given(registered(DUE), new TaskFellDueSoon(TASK, DUE, 3, ENGINE))
                .when(check(DUE)).expectNoEvents();
    }

    @Test
    void a_task_already_overdue_when_first_checked_goes_straight_to_red_without_a_warning() {
        fixture.given(registered(DUE)).when(check(LocalDate.of(2025, 6, 11)))
                .expectEvents(new TaskWentOverdue(TASK, DUE, ENGINE), automatically("REMINDER", "催办", 1));
    }

    @Test
    void a_task_goes_overdue_only_once_per_due_date() {
        fixture.given(registered(DUE), new TaskWentOverdue(TASK, DUE, ENGINE), automatically("REMINDER", "催办", 1))
                .when(check(LocalDate.of(2025, 6, 12))).expectNoEvents();
    }

    @Test
    void a_task_overdue_five_working_days_climbs_to_a_supervision_notice() {
        fixture.given(registered(DUE), new TaskWentOverdue(TASK, DUE, ENGINE), automatically("REMINDER", "催办", 1))
                .when(check(LocalDate.of(2025, 6, 17)))
                .expectEvents(automatically("NOTICE", "督办", 5));
    }

    @Test
    void after_downtime_only_the_highest_level_reached_is_recorded() {
        fixture.given(registered(DUE)).when(check(LocalDate.of(2025, 6, 24)))
                .expectEvents(new TaskWentOverdue(TASK, DUE, ENGINE), automatically("SPECIAL_DISPATCH", "专题调度", 10));
    }

    @Test
    void automatic_escalation_never_goes_below_a_level_a_supervisor_chose() {
        fixture.given(registered(DUE), escalated("SPECIAL_DISPATCH", "专题调度"))
                .when(check(LocalDate.of(2025, 6, 17)))
                .expectEvents(new TaskWentOverdue(TASK, DUE, ENGINE));
    }

    @Test
    void an_approved_extension_re_arms_the_warning_and_the_overdue_record() {
        LocalDate extended = LocalDate.of(2025, 7, 10);
        fixture.given(registered(DUE), claimed(), new TaskWentOverdue(TASK, DUE, ENGINE),
                        automatically("REMINDER", "催办", 1), extensionRequested(extended),
                        extensionApproved(DUE, extended))
                .when(check(LocalDate.of(2025, 7, 7)))
                .expectEvents(new TaskFellDueSoon(TASK, extended, 3, ENGINE));
    }

    @Test
    void an_extended_task_going_overdue_again_is_recorded_again_but_does_not_repeat_its_level() {
        LocalDate extended = LocalDate.of(2025, 7, 10);
        fixture.given(registered(DUE), claimed(), new TaskWentOverdue(TASK, DUE, ENGINE),
                        automatically("REMINDER", "催办", 1), extensionRequested(extended),
                        extensionApproved(DUE, extended))
                .when(check(LocalDate.of(2025, 7, 11)))
                .expectEvents(new TaskWentOverdue(TASK, extended, ENGINE));
    }

    @Test
    void a_closed_task_records_nothing() {
        fixture.given(registered(DUE), claimed(), TaskExamples.progressReported(100), closureRequested(), closed())
                .when(check(LocalDate.of(2025, 6, 30))).expectNoEvents();
    }

    @Test
    void a_withdrawn_task_records_nothing() {
        fixture.given(registered(DUE), withdrawn()).when(check(LocalDate.of(2025, 6, 30))).expectNoEvents();
    }

    @Test
    void a_reopened_task_still_overdue_climbs_on_from_where_it_was() {
        fixture.given(registered(DUE), claimed(), new TaskWentOverdue(TASK, DUE, ENGINE),
                        automatically("REMINDER", "催办", 1), closureRequested(), closed(), reopened())
                .when(check(LocalDate.of(2025, 6, 17)))
                .expectEvents(automatically("NOTICE", "督办", 5));
    }

    @Test
    void only_the_engine_checks_deadlines() {
        expectRefused(fixture.given(registered(DUE)).when(new CheckTaskDeadline(TASK, DUE, SUPERVISOR)),
                PERMISSION, "Only the engine");
    }
}
