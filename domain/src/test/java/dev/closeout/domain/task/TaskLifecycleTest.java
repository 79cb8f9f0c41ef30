package dev.closeout.domain.task;

import dev.closeout.domain.common.EscalationLadder;
import dev.closeout.domain.common.LifecycleTable;
import dev.closeout.domain.task.TaskCommand.ApproveExtension;
import dev.closeout.domain.task.TaskCommand.ClaimTask;
import dev.closeout.domain.task.TaskCommand.CloseTask;
import dev.closeout.domain.task.TaskCommand.EscalateTask;
import dev.closeout.domain.task.TaskCommand.ReopenTask;
import dev.closeout.domain.task.TaskCommand.ReportProgress;
import dev.closeout.domain.task.TaskCommand.RequestClosure;
import dev.closeout.domain.task.TaskCommand.RequestExtension;
import dev.closeout.domain.task.TaskCommand.ReturnTask;
import dev.closeout.domain.task.TaskCommand.WithdrawTask;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.axonframework.test.aggregate.ResultValidator;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static dev.closeout.domain.common.CommandRefusedException.Reason.STATE;
import static dev.closeout.domain.common.Refusal.expectRefused;
import static dev.closeout.domain.task.TaskExamples.DUE;
import static dev.closeout.domain.task.TaskExamples.LEAD;
import static dev.closeout.domain.task.TaskExamples.SUPERVISOR;
import static dev.closeout.domain.task.TaskExamples.TASK;
import static dev.closeout.domain.task.TaskExamples.claimed;
import static dev.closeout.domain.task.TaskExamples.closed;
import static dev.closeout.domain.task.TaskExamples.closureRequested;
import static dev.closeout.domain.task.TaskExamples.extensionRequested;
import static dev.closeout.domain.task.TaskExamples.progressReported;
import static dev.closeout.domain.task.TaskExamples.registered;
import static dev.closeout.domain.task.TaskExamples.withdrawn;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The task lifecycle as a table, every status against every action: the table below is the
 * specification, {@link TaskStatus#allows} must say the same, and the aggregate must record the
 * action exactly where the table says yes and refuse it for the task's state everywhere else.
 */
// Axon's fixture stamps events by a clock it swaps in a static field: fixture classes take turns
@ResourceLock("axon-event-clock")
class TaskLifecycleTest {

    private static final String TABLE = """
            status             CLAIM REPORT_PROGRESS REQUEST_EXTENSION DECIDE_EXTENSION REQUEST_CLOSURE CLOSE RETURN REOPEN WITHDRAW ESCALATE PLAN_MILESTONES REPORT_MILESTONE DECIDE_MILESTONE REPORT_BACK
            REGISTERED         yes   -               -                 -                -               -     -      -      yes      yes      yes             -                -                -
            CLAIMED            -     yes             yes               yes              yes             -     -      -      yes      yes      yes             yes              yes              yes
            IN_PROGRESS        -     yes             yes               yes              yes             -     -      -      yes      yes      yes             yes              yes              yes
            CLOSURE_REQUESTED  -     -               -                 -                -               yes   yes    -      yes      yes      yes             -                yes              yes
            CLOSED             -     -               -                 -                -               -     -      yes    -        -        -               -                -                yes
            WITHDRAWN          -     -               -                 -                -               -     -      -      -        -        -               -                -                -
            """;

    /** A history leading to each status. */
    private static final Map<TaskStatus, List<Object>> HISTORIES = Map.of(
            TaskStatus.REGISTERED, List.of(registered()),
            TaskStatus.CLAIMED, List.of(registered(), claimed()),
            TaskStatus.IN_PROGRESS, List.of(registered(), claimed(), progressReported(40)),
            TaskStatus.CLOSURE_REQUESTED, List.of(registered(), claimed(), closureRequested()),
            TaskStatus.CLOSED, List.of(registered(), claimed(), closureRequested(), closed()),
            TaskStatus.WITHDRAWN, List.of(registered(), claimed(), withdrawn()));

    static Stream<Arguments> table() {
        return LifecycleTable.cells(TABLE, TaskStatus.class, TaskAction.class);
    }

    @ParameterizedTest(name = "a {0} task may {1}: {2}")
    @MethodSource("table")
    void the_status_allows_exactly_the_actions_the_table_gives_it(TaskStatus status, TaskAction action, boolean allowed) {
        assertThat(status.allows(action)).isEqualTo(allowed);
    }

    @ParameterizedTest(name = "a {0} task, asked to {1}, records it: {2}")
    @MethodSource("table")
    void the_aggregate_records_an_action_only_where_the_table_allows_it(TaskStatus status, TaskAction action,
                                                                       boolean allowed) {
        FixtureConfiguration<Task> fixture = new AggregateTestFixture<>(Task.class);
        fixture.registerInjectableResource(EscalationLadder.DEFAULT);
        fixture.registerInjectableResource(TaskExamples.CLOCK);
        fixture.registerInjectableResource(TaskExamples.POLICY);
        List<Object> history = new ArrayList<>(HISTORIES.get(status));
        if (action == TaskAction.REPORT_BACK) {
            // A referred task, so that only the status can stand in the way of reporting back.
            history.set(0, TaskExamples.registeredReferred());
        }
        if (action == TaskAction.DECIDE_EXTENSION && status != TaskStatus.WITHDRAWN) {
            // A decision needs a pending request, so that only the status can stand in its way.
            // (Withdrawing drops the pending request, which is then the refusal's reason.)
            history.add(extensionRequested(DUE.plusMonths(1)));
        }
        if (action == TaskAction.REPORT_MILESTONE || action == TaskAction.DECIDE_MILESTONE) {
            // A milestone to report (and, to decide, one reported), so that only the status can refuse.
            history.add(new TaskEvent.MilestonesPlanned(TASK, List.of(new Milestone("M1", "一季度", DUE)), SUPERVISOR));
            if (action == TaskAction.DECIDE_MILESTONE) {
                history.add(new TaskEvent.MilestoneReportedMet(TASK, "M1", "验收", List.of(), LEAD));
            }
        }
        ResultValidator<Task> result = fixture.given(history).when(command(action));
        if (allowed) {
            result.expectSuccessfulHandlerExecution();
        } else {
            boolean nothingToDecide = action == TaskAction.DECIDE_EXTENSION && status == TaskStatus.WITHDRAWN;
            expectRefused(result, STATE, nothingToDecide ? "no pending extension" : "Task is " + status);
        }
    }

    private static TaskCommand command(TaskAction action) {
        return switch (action) {
            case CLAIM -> new ClaimTask(TASK, LEAD);
            case REPORT_PROGRESS -> new ReportProgress(TASK, "进展", 50, LEAD);
            case REQUEST_EXTENSION -> new RequestExtension(TASK, DUE.plusMonths(2), "雨季", LEAD);
            case DECIDE_EXTENSION -> new ApproveExtension(TASK, SUPERVISOR);
            case REQUEST_CLOSURE -> new RequestClosure(TASK, "验收报告", LEAD);
            case CLOSE -> new CloseTask(TASK, SUPERVISOR);
            case RETURN -> new ReturnTask(TASK, "材料不全", SUPERVISOR);
            case REOPEN -> new ReopenTask(TASK, "回头看", SUPERVISOR);
            case WITHDRAW -> new WithdrawTask(TASK, "重复", SUPERVISOR);
            case ESCALATE -> new EscalateTask(TASK, "NOTICE", "滞后", SUPERVISOR);
            case PLAN_MILESTONES -> new TaskCommand.PlanMilestones(TASK, List.of(new Milestone.Plan("一季度", DUE)),
                    SUPERVISOR);
            case REPORT_MILESTONE -> new TaskCommand.ReportMilestoneMet(TASK, "M1", "验收", List.of(), LEAD);
            case DECIDE_MILESTONE -> new TaskCommand.ConfirmMilestone(TASK, "M1", SUPERVISOR);
            case REPORT_BACK -> new TaskCommand.ReportBackReferral(TASK, "已完成拓宽，报省委督查室", LEAD);
        };
    }
}
