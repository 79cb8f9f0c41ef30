package dev.closeout.projections.task;

import dev.closeout.domain.common.Actor;
import dev.closeout.domain.task.EvidenceFile;
import dev.closeout.domain.task.InspectionLink;
import dev.closeout.domain.task.Milestone;
import dev.closeout.domain.task.MilestoneStatus;
import dev.closeout.domain.task.TaskEvent;
import dev.closeout.domain.task.TaskSource;
import dev.closeout.domain.task.TaskStatus;
import dev.closeout.domain.time.DueDates;
import dev.closeout.projections.referral.ReferralView;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The current state of one task as departments and supervisors see it. Each method returns
 * the view after one event, named after what happened; {@code version} is the sequence
 * number of the last event folded in, which makes replaying an event a no-op. {@code everOverdue}
 * says the task was once recorded overdue (red), and stays after an extension or closure: a task
 * closed after it went red was closed late. {@code inspection} names the inspection round and finding
 * the task was converted from, {@code null} for other tasks. {@code referral} is the higher level's referral
 * (省, 市) and its report-back (反馈), {@code null} for a task not referred. {@code latestProgress} is the task's
 * progress as the lead department (牵头单位) or a supervisor last reported it; a supporting department's (配合单位)
 * report is on its own share, kept in the history only.
 */
public record TaskView(String taskId, String ledger, String title, String description, String leadDepartment,
                       List<String> supportingDepartments, String responsibleLeader, TaskSource source,
                       TaskStatus status, LocalDate dueDate, LocalDate originalDueDate, Instant registeredAt,
                       Actor registeredBy, Instant claimedAt, Actor claimedBy, Progress latestProgress,
                       PendingExtension pendingExtension, int extensionsGranted, ClosureRequest closureRequest,
                       Instant closedAt, Actor closedBy, Boolean closedOnTime, Note lastReturn, Note lastReopen,
                       Note withdrawal, Escalation escalation, boolean everOverdue, InspectionLink inspection,
                       String category, List<MilestoneView> milestones, ReferralView referral, long version,
                       Instant updatedAt) {

    /** Views stored before milestones existed read back with none. */
    public TaskView {
        milestones = milestones == null ? List.of() : milestones;
    }

    /**
     * One milestone (推进时序表) as recorded: {@code status} is its standing (planned, reported met,
     * met); whether it is missed is judged at read time, as colours are. {@code missedRecorded} says
     * the deadline check recorded it missed, and stays after it was met late.
     */
    public record MilestoneView(String milestoneId, String title, LocalDate dueDate, MilestoneStatus status,
                                ClosureRequest report, Note lastReturn, Instant confirmedAt, Actor confirmedBy,
                                boolean missedRecorded) {

        static MilestoneView planned(Milestone m) {
            return new MilestoneView(m.milestoneId(), m.title(), m.dueDate(), MilestoneStatus.PLANNED, null, null,
                    null, null, false);
        }

        MilestoneView reported(ClosureRequest evidence) {
            return new MilestoneView(milestoneId, title, dueDate, MilestoneStatus.REPORTED, evidence, lastReturn,
                    null, null, missedRecorded);
        }

        MilestoneView returned(Note note) {
            return new MilestoneView(milestoneId, title, dueDate, MilestoneStatus.PLANNED, report, note, null, null,
                    missedRecorded);
        }

        MilestoneView confirmed(Actor by, Instant at) {
            return new MilestoneView(milestoneId, title, dueDate, MilestoneStatus.MET, report, lastReturn, at, by,
                    missedRecorded);
        }

        MilestoneView missed() {
            return new MilestoneView(milestoneId, title, dueDate, status, report, lastReturn, confirmedAt, confirmedBy,
                    true);
        }
    }

    public record Progress(String note, int percentComplete, Instant reportedAt, Actor reportedBy) {
    }

    public record PendingExtension(LocalDate newDueDate, String reason, Instant requestedAt, Actor requestedBy) {
    }

    /** {@code evidenceFiles}: the files named with the request; empty in views stored before files existed. */
    public record ClosureRequest(String evidence, List<EvidenceFile> evidenceFiles, Instant requestedAt,
                                 Actor requestedBy) {
        public ClosureRequest {
            evidenceFiles = evidenceFiles == null ? List.of() : evidenceFiles;
        }
    }

    /** A reasoned act by a supervisor: a return, a reopening or a withdrawal. */
    public record Note(String reason, Instant at, Actor by) {
    }

    public record Escalation(String level, String label, String reason, Instant at, Actor by) {
    }

    static TaskView registered(TaskEvent.TaskRegistered e, long version, Instant at) {
        return new TaskView(e.taskId().value(), e.ledger(), e.title(), e.description(), e.leadDepartment(),
                e.supportingDepartments() == null ? List.of() : e.supportingDepartments(), e.responsibleLeader(),
                e.source(), TaskStatus.REGISTERED, e.dueDate(), e.dueDate(), at, e.actor(), null, null, null,
                null, 0, null, null, null, null, null, null, null, null, false, e.inspection(), e.category(),
                e.milestones() == null ? List.of() : e.milestones().stream().map(MilestoneView::planned).toList(),
                ReferralView.of(e.referral()), version, at);
    }

    TaskView claimed(Actor by, long v, Instant at) {
        return new TaskView(taskId, ledger, title, description, leadDepartment, supportingDepartments,
                responsibleLeader, source, TaskStatus.CLAIMED, dueDate, originalDueDate, registeredAt, registeredBy,
                at, by, latestProgress, pendingExtension, extensionsGranted, closureRequest, closedAt, closedBy,
                closedOnTime, lastReturn, lastReopen, withdrawal, escalation, everOverdue, inspection, category, milestones, referral, v, at);
    }

    TaskView progressReported(Progress progress, long v, Instant at) {
        return new TaskView(taskId, ledger, title, description, leadDepartment, supportingDepartments,
                responsibleLeader, source, TaskStatus.IN_PROGRESS, dueDate, originalDueDate, registeredAt,
                registeredBy, claimedAt, claimedBy, progress, pendingExtension, extensionsGranted, closureRequest,
                closedAt, closedBy, closedOnTime, lastReturn, lastReopen, withdrawal, escalation,
                everOverdue, inspection, category, milestones, referral, v, at);
    }

    TaskView extensionRequested(PendingExtension extension, long v, Instant at) {
        return new TaskView(taskId, ledger, title, description, leadDepartment, supportingDepartments,
                responsibleLeader, source, status, dueDate, originalDueDate, registeredAt, registeredBy, claimedAt,
                claimedBy, latestProgress, extension, extensionsGranted, closureRequest, closedAt, closedBy,
                closedOnTime, lastReturn, lastReopen, withdrawal, escalation, everOverdue, inspection, category, milestones, referral, v, at);
    }

    TaskView extensionApproved(LocalDate newDueDate, long v, Instant at) {
        return new TaskView(taskId, ledger, title, description, leadDepartment, supportingDepartments,
                responsibleLeader, source, status, newDueDate, originalDueDate, registeredAt, registeredBy, claimedAt,
                claimedBy, latestProgress, null, extensionsGranted + 1, closureRequest, closedAt, closedBy,
                closedOnTime, lastReturn, lastReopen, withdrawal, escalation, everOverdue, inspection, category, milestones, referral, v, at);
    }

    TaskView extensionRejected(long v, Instant at) {
        return new TaskView(taskId, ledger, title, description, leadDepartment, supportingDepartments,
                responsibleLeader, source, status, dueDate, originalDueDate, registeredAt, registeredBy, claimedAt,
                claimedBy, latestProgress, null, extensionsGranted, closureRequest, closedAt, closedBy, closedOnTime,
                lastReturn, lastReopen, withdrawal, escalation, everOverdue, inspection, category, milestones, referral, v, at);
    }

    TaskView closureRequested(ClosureRequest request, long v, Instant at) {
        return new TaskView(taskId, ledger, title, description, leadDepartment, supportingDepartments,
                responsibleLeader, source, TaskStatus.CLOSURE_REQUESTED, dueDate, originalDueDate, registeredAt,
                registeredBy, claimedAt, claimedBy, latestProgress, pendingExtension, extensionsGranted, request,
                closedAt, closedBy, closedOnTime, lastReturn, lastReopen, withdrawal, escalation,
                everOverdue, inspection, category, milestones, referral, v, at);
    }

    TaskView closed(Actor by, boolean onTime, long v, Instant at) {
        return new TaskView(taskId, ledger, title, description, leadDepartment, supportingDepartments,
                responsibleLeader, source, TaskStatus.CLOSED, dueDate, originalDueDate, registeredAt, registeredBy,
                claimedAt, claimedBy, latestProgress, null, extensionsGranted, closureRequest, at, by, onTime,
                lastReturn, lastReopen, withdrawal, escalation, everOverdue, inspection, category, milestones, referral, v, at);
    }

    TaskView returned(Note note, long v, Instant at) {
        return new TaskView(taskId, ledger, title, description, leadDepartment, supportingDepartments,
                responsibleLeader, source, TaskStatus.IN_PROGRESS, dueDate, originalDueDate, registeredAt,
                registeredBy, claimedAt, claimedBy, latestProgress, pendingExtension, extensionsGranted, null,
                closedAt, closedBy, closedOnTime, note, lastReopen, withdrawal, escalation,
                everOverdue, inspection, category, milestones, referral, v, at);
    }

    TaskView reopened(Note note, long v, Instant at) {
        return new TaskView(taskId, ledger, title, description, leadDepartment, supportingDepartments,
                responsibleLeader, source, TaskStatus.IN_PROGRESS, dueDate, originalDueDate, registeredAt,
                registeredBy, claimedAt, claimedBy, latestProgress, null, extensionsGranted, null, null, null, null,
                lastReturn, note, withdrawal, escalation, everOverdue, inspection, category, milestones, referral, v, at);
    }

    TaskView withdrawn(Note note, long v, Instant at) {
        return new TaskView(taskId, ledger, title, description, leadDepartment, supportingDepartments,
                responsibleLeader, source, TaskStatus.WITHDRAWN, dueDate, originalDueDate, registeredAt,
                registeredBy, claimedAt, claimedBy, latestProgress, null, extensionsGranted, closureRequest,
                closedAt, closedBy, closedOnTime, lastReturn, lastReopen, note, escalation,
                everOverdue, inspection, category, milestones, referral == null ? null : referral.lapsed(), v, at);
    }

    TaskView escalated(Escalation raised, long v, Instant at) {
        return new TaskView(taskId, ledger, title, description, leadDepartment, supportingDepartments,
                responsibleLeader, source, status, dueDate, originalDueDate, registeredAt, registeredBy, claimedAt,
                claimedBy, latestProgress, pendingExtension, extensionsGranted, closureRequest, closedAt, closedBy,
                closedOnTime, lastReturn, lastReopen, withdrawal, raised, everOverdue, inspection, category, milestones, referral, v, at);
    }

    /** A deadline check recorded a warning or, with {@code overdue}, that the task went red. */
    TaskView deadlineRecorded(boolean overdue, long v, Instant at) {
        return new TaskView(taskId, ledger, title, description, leadDepartment, supportingDepartments,
                responsibleLeader, source, status, dueDate, originalDueDate, registeredAt, registeredBy, claimedAt,
                claimedBy, latestProgress, pendingExtension, extensionsGranted, closureRequest, closedAt, closedBy,
                closedOnTime, lastReturn, lastReopen, withdrawal, escalation, everOverdue || overdue,
                inspection, category, milestones, referral, v, at);
    }

    TaskView milestonesPlanned(List<Milestone> planned, long v, Instant at) {
        List<MilestoneView> all = new ArrayList<>(milestones);
        planned.forEach(m -> all.add(MilestoneView.planned(m)));
        return withMilestones(all, v, at);
    }

    /** The milestone {@code milestoneId} changed as {@code change} says, the others as they were. */
    TaskView milestone(String milestoneId, UnaryOperator<MilestoneView> change, long v, Instant at) {
        return withMilestones(milestones.stream()
                .map(m -> m.milestoneId().equals(milestoneId) ? change.apply(m) : m).toList(), v, at);
    }

    private TaskView withMilestones(List<MilestoneView> next, long v, Instant at) {
        return new TaskView(taskId, ledger, title, description, leadDepartment, supportingDepartments,
                responsibleLeader, source, status, dueDate, originalDueDate, registeredAt, registeredBy, claimedAt,
                claimedBy, latestProgress, pendingExtension, extensionsGranted, closureRequest, closedAt, closedBy,
                closedOnTime, lastReturn, lastReopen, withdrawal, escalation, everOverdue, inspection, category, next,
                referral, v, at);
    }

    /** The referral changed as {@code change} says. */
    TaskView referral(UnaryOperator<ReferralView> change, long v, Instant at) {
        return new TaskView(taskId, ledger, title, description, leadDepartment, supportingDepartments,
                responsibleLeader, source, status, dueDate, originalDueDate, registeredAt, registeredBy, claimedAt,
                claimedBy, latestProgress, pendingExtension, extensionsGranted, closureRequest, closedAt, closedBy,
                closedOnTime, lastReturn, lastReopen, withdrawal, escalation, everOverdue, inspection, category,
                milestones, referral == null ? null : change.apply(referral), v, at);
    }

    /**
     * The earliest due date of the milestones still waiting on the department (planned, not reported
     * met), for the colour rules; {@code null} when none waits.
     */
    public LocalDate nextMilestoneOn() {
        return milestones.stream().filter(m -> m.status().awaitsDepartment()).map(MilestoneView::dueDate)
                .min(LocalDate::compareTo).orElse(null);
    }

    /** Open (neither closed nor withdrawn) and past its due date on {@code today}. */
    public boolean isOverdueOn(LocalDate today) {
        return status.isOpen() && DueDates.overdue(dueDate, today);
    }
}
