package dev.closeout.domain.task;

import dev.closeout.domain.common.CommandRefusedException;
import dev.closeout.domain.common.EscalationLadder;
import dev.closeout.domain.common.RolePolicy;
import dev.closeout.domain.task.TaskCommand.ApproveExtension;
import dev.closeout.domain.task.TaskCommand.CheckTaskDeadline;
import dev.closeout.domain.task.TaskCommand.ClaimTask;
import dev.closeout.domain.task.TaskCommand.ConfirmMilestone;
import dev.closeout.domain.task.TaskCommand.PlanMilestones;
import dev.closeout.domain.task.TaskCommand.ReportBackReferral;
import dev.closeout.domain.task.TaskCommand.ReportMilestoneMet;
import dev.closeout.domain.task.TaskCommand.ReturnMilestone;
import dev.closeout.domain.task.TaskEvent.MilestoneConfirmed;
import dev.closeout.domain.task.TaskEvent.MilestoneMissed;
import dev.closeout.domain.task.TaskEvent.MilestoneReportedMet;
import dev.closeout.domain.task.TaskEvent.MilestoneReturned;
import dev.closeout.domain.task.TaskEvent.MilestonesPlanned;
import dev.closeout.domain.task.TaskEvent.ReferralReportBackOverdue;
import dev.closeout.domain.task.TaskEvent.ReferralReportedBack;
import dev.closeout.domain.task.TaskCommand.CloseTask;
import dev.closeout.domain.task.TaskCommand.EscalateTask;
import dev.closeout.domain.task.TaskCommand.RegisterTask;
import dev.closeout.domain.task.TaskCommand.RejectExtension;
import dev.closeout.domain.task.TaskCommand.ReopenTask;
import dev.closeout.domain.task.TaskCommand.ReportProgress;
import dev.closeout.domain.task.TaskCommand.RequestClosure;
import dev.closeout.domain.task.TaskCommand.RequestExtension;
import dev.closeout.domain.task.TaskCommand.ReturnTask;
import dev.closeout.domain.task.TaskCommand.WithdrawTask;
import dev.closeout.domain.task.TaskEvent.TaskClaimed;
import dev.closeout.domain.task.TaskEvent.TaskClosed;
import dev.closeout.domain.task.TaskEvent.TaskClosureRequested;
import dev.closeout.domain.task.TaskEvent.TaskEscalated;
import dev.closeout.domain.task.TaskEvent.TaskExtensionApproved;
import dev.closeout.domain.task.TaskEvent.TaskExtensionRejected;
import dev.closeout.domain.task.TaskEvent.TaskExtensionRequested;
import dev.closeout.domain.task.TaskEvent.TaskFellDueSoon;
import dev.closeout.domain.task.TaskEvent.TaskWentOverdue;
import dev.closeout.domain.task.TaskEvent.TaskProgressReported;
import dev.closeout.domain.task.TaskEvent.TaskRegistered;
import dev.closeout.domain.task.TaskEvent.TaskReopened;
import dev.closeout.domain.task.TaskEvent.TaskReturned;
import dev.closeout.domain.task.TaskEvent.TaskWithdrawn;
import dev.closeout.domain.referral.ReferralDuty;
import dev.closeout.domain.time.DeadlinePolicy;
import dev.closeout.domain.time.DeadlineWatch;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.AggregateRoot;
import org.axonframework.serialization.Revision;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * One line on a ledger, from 挂账 register to 销号 close. Command handlers decide whether a
 * command is allowed now and for this actor, then record what happened; only the event
 * sourcing handlers change the task, so replaying its history always rebuilds the same state.
 * Who may act is decided by {@link TaskPermissions}; when, by the lifecycle table in
 * {@link TaskStatus#allows}.
 */
@AggregateRoot
// The revision of the fields a snapshot holds: a snapshot of another revision is ignored and the
// task is rebuilt from its events.
@Revision("5")
public class Task {

    @AggregateIdentifier
    private TaskId taskId;
    private String ledger;
    private TaskStatus status;
    private TaskPermissions permissions;
    private final DeadlineWatch deadline = new DeadlineWatch();
    private final TaskMilestones milestones = new TaskMilestones();
    private final ReferralDuty referral = new ReferralDuty();
    /** The due date asked for and not yet decided; {@code null} when none is pending. */
    private LocalDate pendingExtension;
    /**
     * When the closure request awaiting a decision was made, to the millisecond as the event store keeps an
     * event's time (and so as the task view shows it); {@code null} when none awaits.
     */
    private Instant pendingClosureRequestedAt;

    /** Axon creates an empty task and then replays its events into it. */
    Task() {
    }

    @CommandHandler
    Task(RegisterTask command) {
        TaskPermissions.requireSupervisor(command.actor(), "register a task");
        // A due date in the past is accepted on purpose: offices import ledgers already running late.
        apply(new TaskRegistered(command.taskId(), command.ledger(), command.title(), command.description(),
                command.leadDepartment(), command.supportingDepartments(), command.responsibleLeader(),
                command.source(), command.dueDate(), command.actor(), command.complaintId(),
                command.inspection(), command.category(),
                milestones.number(command.milestones(), command.dueDate(), "milestones"), command.referral()));
    }

    /**
     * 反馈: once, by the lead department or a supervisor, while the task is signed for (closed too);
     * on time when made on or before the report-back date, by the office's day. The clock and the
     * policy are the application's, so Axon passes them in as registered resources.
     */
    @CommandHandler
    void handle(ReportBackReferral command, Clock clock, DeadlinePolicy policy) {
        permissions.requireLeadDepartment(command.actor(), "report back on this task's referral");
        require(TaskAction.REPORT_BACK);
        ReferralDuty.ReportBack made = referral.reportBack(policy.dayOf(clock.instant()), policy);
        apply(new ReferralReportedBack(taskId, command.outcome(), made.reportBackDue(), made.reportedBackOn(),
                made.onTime(), command.actor()));
    }

    @CommandHandler
    void handle(PlanMilestones command) {
        TaskPermissions.requireSupervisor(command.actor(), "plan milestones");
        require(TaskAction.PLAN_MILESTONES);
        apply(new MilestonesPlanned(taskId, milestones.number(command.milestones(), deadline.dueDate(), "milestones"),
                command.actor()));
    }

    /** A milestone may be reported met after its due date: it was missed, and is still worth doing. */
    @CommandHandler
    void handle(ReportMilestoneMet command) {
        permissions.requireLeadDepartment(command.actor(), "report a milestone met");
        require(TaskAction.REPORT_MILESTONE);
        milestones.require(command.milestoneId(), MilestoneStatus.Action.REPORT_MET, "reported met");
        apply(new MilestoneReportedMet(taskId, command.milestoneId(), command.evidence(), command.evidenceFiles(),
                command.actor()));
    }

    @CommandHandler
    void handle(ConfirmMilestone command) {
        TaskPermissions.requireSupervisor(command.actor(), "confirm a milestone");
        require(TaskAction.DECIDE_MILESTONE);
        milestones.require(command.milestoneId(), MilestoneStatus.Action.DECIDE, "confirmed");
        apply(new MilestoneConfirmed(taskId, command.milestoneId(), command.actor()));
    }

    @CommandHandler
    void handle(ReturnMilestone command) {
        TaskPermissions.requireSupervisor(command.actor(), "return a milestone");
        require(TaskAction.DECIDE_MILESTONE);
        milestones.require(command.milestoneId(), MilestoneStatus.Action.DECIDE, "returned");
        apply(new MilestoneReturned(taskId, command.milestoneId(), command.reason(), command.actor()));
    }

    @CommandHandler
    void handle(ClaimTask command) {
        permissions.requireLeadDepartment(command.actor(), "claim this task");
        require(TaskAction.CLAIM);
        apply(new TaskClaimed(taskId, command.actor()));
    }

    @CommandHandler
    void handle(ReportProgress command) {
        permissions.requireLeadOrSupportingDepartment(command.actor(), "report progress on this task");
        require(TaskAction.REPORT_PROGRESS);
        // A lower percentage than last time is a correction, and is recorded like any report.
        apply(new TaskProgressReported(taskId, command.note(), command.percentComplete(), command.actor()));
    }

    @CommandHandler
    void handle(RequestExtension command) {
        permissions.requireLeadDepartment(command.actor(), "request an extension");
        require(TaskAction.REQUEST_EXTENSION);
        requireNoPendingExtension("wait for a supervisor to decide it before asking again");
        requireLaterThanDueDate(command.newDueDate());
        apply(new TaskExtensionRequested(taskId, command.newDueDate(), command.reason(), command.actor()));
    }

    @CommandHandler
    void handle(ApproveExtension command) {
        TaskPermissions.requireSupervisor(command.actor(), "approve an extension");
        requirePendingExtension("approve");
        require(TaskAction.DECIDE_EXTENSION);
        requireDecidingPendingExtension(command.newDueDate(), "approve");
        apply(new TaskExtensionApproved(taskId, deadline.dueDate(), pendingExtension, command.actor()));
    }

    @CommandHandler
    void handle(RejectExtension command) {
        TaskPermissions.requireSupervisor(command.actor(), "reject an extension");
        requirePendingExtension("reject");
        require(TaskAction.DECIDE_EXTENSION);
        requireDecidingPendingExtension(command.newDueDate(), "reject");
        apply(new TaskExtensionRejected(taskId, pendingExtension, command.reason(), command.actor()));
    }

    @CommandHandler
    void handle(RequestClosure command) {
        permissions.requireLeadDepartment(command.actor(), "request closure of this task");
        require(TaskAction.REQUEST_CLOSURE);
        requireNoPendingExtension("a supervisor must decide the pending extension first");
        apply(new TaskClosureRequested(taskId, command.evidence(), command.evidenceFiles(), command.actor()));
    }

    /**
     * Closing confirms the milestones reported met and not yet decided: the supervisor approves the task's whole
     * work, its evidence read. Left undecided, a closed task's milestone could be neither confirmed nor returned, and
     * would count as due and neither met nor missed in 季度目标完成率 for good.
     */
    @CommandHandler
    void handle(CloseTask command) {
        TaskPermissions.requireSupervisor(command.actor(), "close a task");
        require(TaskAction.CLOSE);
        requireDecidingPendingClosureRequest(command.closureRequestedAt(), "close the task");
        milestones.awaitingDecision().forEach(milestoneId ->
                apply(new MilestoneConfirmed(taskId, milestoneId, command.actor())));
        apply(new TaskClosed(taskId, command.actor()));
    }

    @CommandHandler
    void handle(ReturnTask command) {
        TaskPermissions.requireSupervisor(command.actor(), "return a closure request");
        require(TaskAction.RETURN);
        requireDecidingPendingClosureRequest(command.closureRequestedAt(), "return it");
        apply(new TaskReturned(taskId, command.reason(), command.actor()));
    }

    @CommandHandler
    void handle(ReopenTask command) {
        TaskPermissions.requireSupervisor(command.actor(), "reopen a task");
        require(TaskAction.REOPEN);
        apply(new TaskReopened(taskId, command.reason(), command.actor()));
    }

    @CommandHandler
    void handle(WithdrawTask command) {
        TaskPermissions.requireSupervisor(command.actor(), "withdraw a task");
        require(TaskAction.WITHDRAW);
        apply(new TaskWithdrawn(taskId, command.reason(), command.actor()));
    }

    /** The ladder is the office's configuration, so Axon passes it in as a registered resource. */
    @CommandHandler
    void handle(EscalateTask command, EscalationLadder ladder) {
        TaskPermissions.requireSupervisorOrEngine(command.actor(), "escalate a task");
        require(TaskAction.ESCALATE);
        EscalationLadder.Level level = deadline.climb(ladder, "Task", command.level());
        apply(new TaskEscalated(taskId, level.code(), level.label(), command.reason(), command.actor()));
    }

    /**
     * Records what the deadline asks for on {@code today}, each fact once per due date: overdue (red)
     * and the schedule's level, as {@link DeadlineWatch#chaseOverdue} decides, or else due soon
     * (yellow). A task found already overdue (registered late, or checked after downtime) goes
     * straight to red and is not warned first. Each milestone past its due date and still waiting on
     * the department is recorded missed (yellow), once per milestone. A referral's report-back date
     * passed without a report-back is recorded once, also on a closed task: closing it does not end the
     * duty to report back (a withdrawn task's referral lapses).
     */
    @CommandHandler
    void handle(CheckTaskDeadline command, DeadlinePolicy policy, EscalationLadder ladder) {
        RolePolicy.requireEngine(command.actor(), "check a task's deadline");
        LocalDate today = command.today();
        referral.newlyOverdue(today, policy).ifPresent(due ->
                apply(new ReferralReportBackOverdue(taskId, due, command.actor())));
        if (!status.isOpen()) {
            return;
        }
        milestones.newlyMissed(today, policy).forEach(missed ->
                apply(new MilestoneMissed(taskId, missed.milestoneId(), missed.dueDate(), command.actor())));
        boolean overdue = deadline.chaseOverdue(today, policy, ladder,
                dueDate -> apply(new TaskWentOverdue(taskId, dueDate, command.actor())),
                up -> apply(new TaskEscalated(taskId, up.level().code(), up.level().label(), up.reason(),
                        command.actor())));
        if (!overdue) {
            deadline.newlyDueSoon(today, policy, ledger).ifPresent(workingDays ->
                    apply(new TaskFellDueSoon(taskId, deadline.dueDate(), workingDays, command.actor())));
        }
    }

    private void require(TaskAction action) {
        if (!status.allows(action)) {
            throw CommandRefusedException.state(action.refusal(status));
        }
    }

    private void requireNoPendingExtension(String advice) {
        if (pendingExtension != null) {
            throw CommandRefusedException.state("An extension to " + pendingExtension + " is pending; " + advice);
        }
    }

    private void requirePendingExtension(String decision) {
        if (pendingExtension == null) {
            throw CommandRefusedException.state("There is no pending extension to " + decision);
        }
    }

    /**
     * A decision names the extension the supervisor saw by its date, when it names one: between opening the
     * desk and deciding, another supervisor may have decided that request and the department asked for
     * another date, which this decision was never about.
     */
    private void requireDecidingPendingExtension(LocalDate decided, String decision) {
        if (decided != null && !decided.equals(pendingExtension)) {
            throw new CommandRefusedException(CommandRefusedException.Reason.STATE, "newDueDate",
                    "The extension pending asks for " + pendingExtension + ", not " + decided
                            + " as the decision names: the department asked again since; read the task again to "
                            + decision + " the extension now pending");
        }
    }

    /** As {@link #requireDecidingPendingExtension}, for a closure request named by when it was made. */
    private void requireDecidingPendingClosureRequest(Instant decided, String decision) {
        if (decided != null && !decided.truncatedTo(ChronoUnit.MILLIS).equals(pendingClosureRequestedAt)) {
            throw new CommandRefusedException(CommandRefusedException.Reason.STATE, "closureRequestedAt",
                    "The closure request pending was made at " + pendingClosureRequestedAt + ", not " + decided
                            + " as the decision names: it was returned and asked for again since; read the task "
                            + "again to decide the request now pending before you " + decision);
        }
    }

    private void requireLaterThanDueDate(LocalDate newDueDate) {
        if (!newDueDate.isAfter(deadline.dueDate())) {
            throw CommandRefusedException.invalid("newDueDate", "The new due date " + newDueDate
                    + " must be after the current due date " + deadline.dueDate());
        }
    }

    @EventSourcingHandler
    void on(TaskRegistered event) {
        taskId = event.taskId();
        ledger = event.ledger();
        status = TaskStatus.REGISTERED;
        permissions = new TaskPermissions(event.leadDepartment(), event.supportingDepartments());
        deadline.due(event.dueDate());
        milestones.planned(event.milestones());
        referral.referred(event.referral());
    }

    @EventSourcingHandler
    void on(ReferralReportedBack event) {
        referral.reportedBack();
    }

    @EventSourcingHandler
    void on(ReferralReportBackOverdue event) {
        referral.recordedOverdue();
    }

    @EventSourcingHandler
    void on(MilestonesPlanned event) {
        milestones.planned(event.milestones());
    }

    @EventSourcingHandler
    void on(MilestoneReportedMet event) {
        milestones.standing(event.milestoneId(), MilestoneStatus.REPORTED);
    }

    @EventSourcingHandler
    void on(MilestoneConfirmed event) {
        milestones.standing(event.milestoneId(), MilestoneStatus.MET);
    }

    @EventSourcingHandler
    void on(MilestoneReturned event) {
        milestones.standing(event.milestoneId(), MilestoneStatus.PLANNED);
    }

    @EventSourcingHandler
    void on(MilestoneMissed event) {
        milestones.missed(event.milestoneId());
    }

    @EventSourcingHandler
    void on(TaskClaimed event) {
        status = TaskStatus.CLAIMED;
    }

    @EventSourcingHandler
    void on(TaskProgressReported event) {
        status = TaskStatus.IN_PROGRESS;
    }

    @EventSourcingHandler
    void on(TaskExtensionRequested event) {
        pendingExtension = event.newDueDate();
    }

    @EventSourcingHandler
    void on(TaskExtensionApproved event) {
        deadline.due(event.newDueDate());
        pendingExtension = null;
    }

    @EventSourcingHandler
    void on(TaskExtensionRejected event) {
        pendingExtension = null;
    }

    @EventSourcingHandler
    void on(TaskClosureRequested event, @Timestamp Instant at) {
        status = TaskStatus.CLOSURE_REQUESTED;
        pendingClosureRequestedAt = at.truncatedTo(ChronoUnit.MILLIS);
    }

    /** A closed task needs no more time: an extension still pending lapses. */
    @EventSourcingHandler
    void on(TaskClosed event) {
        status = TaskStatus.CLOSED;
        pendingExtension = null;
        pendingClosureRequestedAt = null;
    }

    @EventSourcingHandler
    void on(TaskReturned event) {
        status = TaskStatus.IN_PROGRESS;
        pendingClosureRequestedAt = null;
    }

    /** The escalation level stays: a task found not done is no less urgent than before. */
    @EventSourcingHandler
    void on(TaskReopened event) {
        status = TaskStatus.IN_PROGRESS;
    }

    /** A withdrawn task needs no more time: an extension still pending lapses, and so does its referral. */
    @EventSourcingHandler
    void on(TaskWithdrawn event) {
        status = TaskStatus.WITHDRAWN;
        pendingExtension = null;
        pendingClosureRequestedAt = null;
        referral.lapsed();
    }

    @EventSourcingHandler
    void on(TaskEscalated event) {
        deadline.escalated(event.level());
    }

    @EventSourcingHandler
    void on(TaskFellDueSoon event) {
        deadline.recordedDueSoon(event.dueDate());
    }

    @EventSourcingHandler
    void on(TaskWentOverdue event) {
        deadline.recordedOverdue(event.dueDate());
    }
}
