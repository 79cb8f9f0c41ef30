package dev.closeout.domain.task;

import dev.closeout.domain.common.InvalidValueException;
import dev.closeout.domain.common.Limits;
import dev.closeout.domain.task.TaskCommand.CheckTaskDeadline;
import dev.closeout.domain.task.TaskCommand.CloseTask;
import dev.closeout.domain.task.TaskCommand.ConfirmMilestone;
import dev.closeout.domain.task.TaskCommand.PlanMilestones;
import dev.closeout.domain.task.TaskCommand.RegisterTask;
import dev.closeout.domain.task.TaskCommand.ReportMilestoneMet;
import dev.closeout.domain.task.TaskCommand.ReturnMilestone;
import dev.closeout.domain.task.TaskEvent.MilestoneConfirmed;
import dev.closeout.domain.task.TaskEvent.MilestoneMissed;
import dev.closeout.domain.task.TaskEvent.MilestoneReportedMet;
import dev.closeout.domain.task.TaskEvent.MilestoneReturned;
import dev.closeout.domain.task.TaskEvent.MilestonesPlanned;
import dev.closeout.domain.task.TaskEvent.TaskClosed;
import dev.closeout.domain.task.TaskEvent.TaskRegistered;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;

import java.time.LocalDate;
import java.util.Collections;
import java.util.List;

import static dev.closeout.domain.common.CommandRefusedException.Reason.PERMISSION;
import static dev.closeout.domain.common.CommandRefusedException.Reason.STATE;
import static dev.closeout.domain.common.Refusal.expectInvalid;
import static dev.closeout.domain.common.Refusal.expectRefused;
import static dev.closeout.domain.task.TaskExamples.ENGINE;
import static dev.closeout.domain.task.TaskExamples.LEAD;
import static dev.closeout.domain.task.TaskExamples.SUPERVISOR;
import static dev.closeout.domain.task.TaskExamples.SUPPORTING;
import static dev.closeout.domain.task.TaskExamples.TASK;
import static dev.closeout.domain.task.TaskExamples.claimed;
import static dev.closeout.domain.task.TaskExamples.closed;
import static dev.closeout.domain.task.TaskExamples.closureRequested;
import static dev.closeout.domain.task.TaskExamples.progressReported;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Milestones (推进时序表, 季度目标) of a task due 31 December 2025: the first quarter's target due 31
 * March, the second's 30 June. A milestone is missed from the day after its due date, as the task
 * itself is overdue, by the same rule.
 */
// Axon's fixture stamps events by a clock it swaps in a static field: fixture classes take turns
@ResourceLock("axon-event-clock")
class TaskMilestonesTest {

    private static final LocalDate DUE = LocalDate.of(2025, 12, 31);
    private static final LocalDate Q1 = LocalDate.of(2025, 3, 31);
    private static final LocalDate Q2 = LocalDate.of(2025, 6, 30);
    private static final List<Milestone> PLANNED = List.of(
            new Milestone("M1", "一季度: 完成征地", Q1), new Milestone("M2", "二季度: 路基完工", Q2));

    private FixtureConfiguration<Task> fixture;

    @BeforeEach
    void fixture() {
        fixture = TaskExamples.fixtureWithDeadlines();
    }

    private static List<Milestone.Plan> plans(List<Milestone> milestones) {
        return milestones.stream().map(m -> new Milestone.Plan(m.title(), m.dueDate())).toList();
    }

    private static RegisterTask register(String category, List<Milestone.Plan> milestones) {
        RegisterTask plain = TaskExamples.register(SUPERVISOR, DUE);
        return new RegisterTask(TASK, plain.ledger(), plain.title(), plain.description(), plain.leadDepartment(),
                plain.supportingDepartments(), plain.responsibleLeader(), plain.source(), DUE, SUPERVISOR, null, null,
                category, milestones);
    }

    private static TaskRegistered registeredWith(List<Milestone> milestones) {
        TaskRegistered plain = TaskExamples.registered(DUE);
        return new TaskRegistered(TASK, plain.ledger(), plain.title(), plain.description(), plain.leadDepartment(),
                plain.supportingDepartments(), plain.responsibleLeader(), plain.source(), DUE, SUPERVISOR, null, null,
                "项目建设", milestones);
    }

    private static MilestoneReportedMet reportedMet(String id) {
        return new MilestoneReportedMet(TASK, id, "征地协议 12 份", List.of(), LEAD);
    }

    private static CheckTaskDeadline check(LocalDate today) {
        return new CheckTaskDeadline(TASK, today, ENGINE);
    }

    @Test
    void a_task_is_registered_with_its_category_and_milestones_numbered_in_order() {
        fixture.givenNoPriorActivity().when(register("项目建设", plans(PLANNED)))
                .expectEvents(registeredWith(PLANNED));
    }

    @Test
    void a_milestone_due_after_the_task_is_refused_naming_it() {
        expectInvalid(fixture.givenNoPriorActivity().when(register("项目建设",
                        List.of(new Milestone.Plan("一季度", Q1), new Milestone.Plan("明年", DUE.plusDays(1))))),
                "milestones[1].dueDate", "after the task's due date");
    }

    @Test
    void a_milestone_without_a_title_cannot_be_asked_for() {
        assertThatThrownBy(() -> register(null, List.of(new Milestone.Plan(" ", Q1))))
                .isInstanceOf(InvalidValueException.class).hasMessageContaining("milestones[0].title");
    }

    @Test
    void a_milestone_without_a_date_cannot_be_asked_for() {
        assertThatThrownBy(() -> register(null, List.of(new Milestone.Plan("一季度", null))))
                .isInstanceOf(InvalidValueException.class).hasMessageContaining("milestones[0].dueDate");
    }

    @Test
    void more_milestones_than_the_limit_cannot_be_asked_for() {
        List<Milestone.Plan> many = Collections.nCopies(Limits.MILESTONES + 1, new Milestone.Plan("月度", Q1));
        assertThatThrownBy(() -> register(null, many))
                .isInstanceOf(InvalidValueException.class).hasMessageContaining("milestones");
    }

    @Test
    void a_supervisor_plans_more_milestones_numbered_after_the_first() {
        LocalDate q3 = LocalDate.of(2025, 9, 30);
        fixture.given(registeredWith(PLANNED), claimed())
                .when(new PlanMilestones(TASK, List.of(new Milestone.Plan("三季度: 路面铺设", q3)), SUPERVISOR))
                .expectEvents(new MilestonesPlanned(TASK, List.of(new Milestone("M3", "三季度: 路面铺设", q3)),
                        SUPERVISOR));
    }

    @Test
    void planning_past_the_limit_is_refused_counting_the_milestones_already_planned() {
        List<Milestone.Plan> more = Collections.nCopies(Limits.MILESTONES - 1, new Milestone.Plan("月度", Q1));
        expectInvalid(fixture.given(registeredWith(PLANNED)).when(new PlanMilestones(TASK, more, SUPERVISOR)),
                "milestones", "at most " + Limits.MILESTONES);
    }

    @Test
    void only_a_supervisor_plans_milestones() {
        expectRefused(fixture.given(registeredWith(PLANNED), claimed())
                        .when(new PlanMilestones(TASK, plans(PLANNED), LEAD)),
                PERMISSION, "plan milestones");
    }

    @Test
    void a_closed_task_takes_no_more_milestones() {
        expectRefused(fixture.given(registeredWith(PLANNED), claimed(), closureRequested(), closed())
                        .when(new PlanMilestones(TASK, plans(PLANNED), SUPERVISOR)),
                STATE, "only an open task can be given milestones");
    }

    @Test
    void the_lead_department_reports_a_milestone_met_with_evidence() {
        fixture.given(registeredWith(PLANNED), claimed())
                .when(new ReportMilestoneMet(TASK, "M1", "征地协议 12 份", List.of(), LEAD))
                .expectEvents(reportedMet("M1"));
    }

    @Test
    void a_supporting_department_does_not_report_a_milestone_met() {
        expectRefused(fixture.given(registeredWith(PLANNED), claimed())
                        .when(new ReportMilestoneMet(TASK, "M1", "done", List.of(), SUPPORTING)),
                PERMISSION, "report a milestone met");
    }

    @Test
    void a_milestone_cannot_be_reported_met_before_the_task_is_claimed() {
        expectRefused(fixture.given(registeredWith(PLANNED))
                        .when(new ReportMilestoneMet(TASK, "M1", "done", List.of(), LEAD)),
                STATE, "claim it first");
    }

    @Test
    void an_unknown_milestone_is_refused_naming_it() {
        expectInvalid(fixture.given(registeredWith(PLANNED), claimed())
                        .when(new ReportMilestoneMet(TASK, "M9", "done", List.of(), LEAD)),
                "milestoneId", "no milestone M9");
    }

    @Test
    void a_milestone_reported_met_awaits_the_supervisor_before_another_report() {
        expectRefused(fixture.given(registeredWith(PLANNED), claimed(), reportedMet("M1"))
                        .when(new ReportMilestoneMet(TASK, "M1", "again", List.of(), LEAD)),
                STATE, "Milestone M1 is REPORTED");
    }

    @Test
    void a_supervisor_confirms_a_milestone_reported_met() {
        fixture.given(registeredWith(PLANNED), claimed(), reportedMet("M1"))
                .when(new ConfirmMilestone(TASK, "M1", SUPERVISOR))
                .expectEvents(new MilestoneConfirmed(TASK, "M1", SUPERVISOR));
    }

    @Test
    void a_milestone_not_reported_cannot_be_confirmed() {
        expectRefused(fixture.given(registeredWith(PLANNED), claimed())
                        .when(new ConfirmMilestone(TASK, "M1", SUPERVISOR)),
                STATE, "only a REPORTED milestone can be confirmed");
    }

    @Test
    void only_a_supervisor_confirms_a_milestone() {
        expectRefused(fixture.given(registeredWith(PLANNED), claimed(), reportedMet("M1"))
                        .when(new ConfirmMilestone(TASK, "M1", LEAD)),
                PERMISSION, "confirm a milestone");
    }

    @Test
    void a_supervisor_returns_a_milestone_reported_met_and_it_can_be_reported_again() {
        fixture.given(registeredWith(PLANNED), claimed(), reportedMet("M1"))
                .when(new ReturnMilestone(TASK, "M1", "协议缺 3 份", SUPERVISOR))
                .expectEvents(new MilestoneReturned(TASK, "M1", "协议缺 3 份", SUPERVISOR));
        fixture.given(registeredWith(PLANNED), claimed(), reportedMet("M1"),
                        new MilestoneReturned(TASK, "M1", "协议缺 3 份", SUPERVISOR))
                .when(new ReportMilestoneMet(TASK, "M1", "征地协议 12 份", List.of(), LEAD))
                .expectEvents(reportedMet("M1"));
    }

    @Test
    void a_confirmed_milestone_is_final() {
        expectRefused(fixture.given(registeredWith(PLANNED), claimed(), reportedMet("M1"),
                                new MilestoneConfirmed(TASK, "M1", SUPERVISOR))
                        .when(new ReturnMilestone(TASK, "M1", "late doubt", SUPERVISOR)),
                STATE, "Milestone M1 is MET");
    }

    @Test
    void a_milestone_due_today_is_not_missed() {
        fixture.given(registeredWith(PLANNED), claimed()).when(check(Q1)).expectNoEvents();
    }

    @Test
    void a_milestone_past_its_date_and_not_reported_is_missed() {
        fixture.given(registeredWith(PLANNED), claimed()).when(check(Q1.plusDays(1)))
                .expectEvents(new MilestoneMissed(TASK, "M1", Q1, ENGINE));
    }

    @Test
    void a_milestone_is_recorded_missed_only_once() {
        fixture.given(registeredWith(PLANNED), claimed(), new MilestoneMissed(TASK, "M1", Q1, ENGINE))
                .when(check(Q1.plusDays(5))).expectNoEvents();
    }

    @Test
    void a_milestone_reported_met_in_time_is_not_missed_while_the_supervisor_decides() {
        fixture.given(registeredWith(PLANNED), claimed(), progressReported(25), reportedMet("M1"))
                .when(check(Q1.plusDays(1))).expectNoEvents();
    }

    @Test
    void a_milestone_returned_after_its_date_is_missed_then() {
        fixture.given(registeredWith(PLANNED), claimed(), reportedMet("M1"),
                        new MilestoneReturned(TASK, "M1", "协议缺 3 份", SUPERVISOR))
                .when(check(Q1.plusDays(3)))
                .expectEvents(new MilestoneMissed(TASK, "M1", Q1, ENGINE));
    }

    @Test
    void a_milestone_missed_returned_and_still_late_is_not_recorded_missed_twice() {
        fixture.given(registeredWith(PLANNED), claimed(), new MilestoneMissed(TASK, "M1", Q1, ENGINE),
                        reportedMet("M1"), new MilestoneReturned(TASK, "M1", "协议缺 3 份", SUPERVISOR))
                .when(check(Q1.plusDays(9))).expectNoEvents();
    }

    @Test
    void after_downtime_every_milestone_passed_is_recorded_missed() {
        fixture.given(registeredWith(PLANNED), claimed()).when(check(Q2.plusDays(1)))
                .expectEvents(new MilestoneMissed(TASK, "M1", Q1, ENGINE), new MilestoneMissed(TASK, "M2", Q2, ENGINE));
    }

    /**
     * Closing confirms a milestone reported met and undecided: left so, it could be neither confirmed nor returned
     * once the task closed, and would count as due, neither met nor missed, in 季度目标完成率 for good.
     */
    @Test
    void closing_confirms_the_milestones_reported_met_and_undecided() {
        fixture.given(registeredWith(PLANNED), claimed(), reportedMet("M1"), closureRequested())
                .when(new CloseTask(TASK, SUPERVISOR))
                .expectEvents(new MilestoneConfirmed(TASK, "M1", SUPERVISOR), new TaskClosed(TASK, SUPERVISOR));
        fixture.given(registeredWith(PLANNED), claimed(), reportedMet("M1"), closureRequested(),
                        new MilestoneConfirmed(TASK, "M1", SUPERVISOR))
                .when(new CloseTask(TASK, SUPERVISOR))
                .expectEvents(new TaskClosed(TASK, SUPERVISOR));
    }

    @Test
    void a_closed_task_misses_no_milestone() {
        fixture.given(registeredWith(PLANNED), claimed(), closureRequested(), closed())
                .when(check(Q2.plusDays(1))).expectNoEvents();
    }
}
