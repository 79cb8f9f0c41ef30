package dev.closeout.projections.task;

import dev.closeout.domain.common.Actor;
import dev.closeout.domain.task.EvidenceFile;
import dev.closeout.domain.task.InspectionLink;
import dev.closeout.domain.task.TaskEvent;
import dev.closeout.domain.task.TaskSource;
import dev.closeout.domain.task.TaskStatus;
import dev.closeout.domain.time.DueDates;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * The current state of one task as departments and supervisors see it. Each method returns
 * the view after one event, named after what happened; {@code version} is the sequence
 * number of the last event folded in, which makes replaying an event a no-op. {@code everOverdue}
 * says the task was once recorded overdue (red), and stays after an extension or closure: a task
 * closed after it went red was closed late. {@code inspection} names the inspection round and finding
 * the task was converted from, {@code null} for other tasks.
 */
public record TaskView(String taskId, String ledger, String title, String description, String leadDepartment,
                       List<String> supportingDepartments, String responsibleLeader, TaskSource source,
                       TaskStatus status, LocalDate dueDate, LocalDate originalDueDate, Instant registeredAt,
                       Actor registeredBy, Instant claimedAt, Actor claimedBy, Progress latestProgress,
                       PendingExtension pendingExtension, int extensionsGranted, ClosureRequest closureRequest,
                       Instant closedAt, Actor closedBy, Boolean closedOnTime, Note lastReturn, Note lastReopen,
                       Note withdrawal, Escalation escalation, boolean everOverdue, InspectionLink inspection,
                       long version, Instant updatedAt) {

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
                null, 0, null, null, null, null, null, null, null, null, false, e.inspection(), version, at);
    }

    TaskView claimed(Actor by, long v, Instant at) {
        return new TaskView(taskId, ledger, title, description, leadDepartment, supportingDepartments,
                responsibleLeader, source, TaskStatus.CLAIMED, dueDate, originalDueDate, registeredAt, registeredBy,
                at, by, latestProgress, pendingExtension, extensionsGranted, closureRequest, closedAt, closedBy,
                closedOnTime, lastReturn, lastReopen, withdrawal, escalation, everOverdue, inspection, v, at);
    }

    TaskView progressReported(Progress progress, long v, Instant at) {
        return new TaskView(taskId, ledger, title, description, leadDepartment, supportingDepartments,
                responsibleLeader, source, TaskStatus.IN_PROGRESS, dueDate, originalDueDate, registeredAt,
                registeredBy, claimedAt, claimedBy, progress, pendingExtension, extensionsGranted, closureRequest,
                closedAt, closedBy, closedOnTime, lastReturn, lastReopen, withdrawal, escalation,
                everOverdue, inspection, v, at);
    }

    TaskView extensionRequested(PendingExtension extension, long v, Instant at) {
        return new TaskView(taskId, ledger, title, description, leadDepartment, supportingDepartments,
                responsibleLeader, source, status, dueDate, originalDueDate, registeredAt, registeredBy, claimedAt,
                claimedBy, latestProgress, extension, extensionsGranted, closureRequest, closedAt, closedBy,
                closedOnTime, lastReturn, lastReopen, withdrawal, escalation, everOverdue, inspection, v, at);
    }

    TaskView extensionApproved(LocalDate newDueDate, long v, Instant at) {
        return new TaskView(taskId, ledger, title, description, leadDepartment, supportingDepartments,
                responsibleLeader, source, status, newDueDate, originalDueDate, registeredAt, registeredBy, claimedAt,
                claimedBy, latestProgress, null, extensionsGranted + 1, closureRequest, closedAt, closedBy,
                closedOnTime, lastReturn, lastReopen, withdrawal, escalation, everOverdue, inspection, v, at);
    }

    TaskView extensionRejected(long v, Instant at) {
        return new TaskView(taskId, ledger, title, description, leadDepartment, supportingDepartments,
                responsibleLeader, source, status, dueDate, originalDueDate, registeredAt, registeredBy, claimedAt,
                claimedBy, latestProgress, null, extensionsGranted, closureRequest, closedAt, closedBy, closedOnTime,
                lastReturn, lastReopen, withdrawal, escalation, everOverdue, inspection, v, at);
    }

    TaskView closureRequested(ClosureRequest request, long v, Instant at) {
        return new TaskView(taskId, ledger, title, description, leadDepartment, supportingDepartments,
                responsibleLeader, source, TaskStatus.CLOSURE_REQUESTED, dueDate, originalDueDate, registeredAt,
                registeredBy, claimedAt, claimedBy, latestProgress, pendingExtension, extensionsGranted, request,
                closedAt, closedBy, closedOnTime, lastReturn, lastReopen, withdrawal, escalation,
                everOverdue, inspection, v, at);
    }

    TaskView closed(Actor by, boolean onTime, long v, Instant at) {
        return new TaskView(taskId, ledger, title, description, leadDepartment, supportingDepartments,
                responsibleLeader, source, TaskStatus.CLOSED, dueDate, originalDueDate, registeredAt, registeredBy,
                claimedAt, claimedBy, latestProgress, null, extensionsGranted, closureRequest, at, by, onTime,
                lastReturn, lastReopen, withdrawal, escalation, everOverdue, inspection, v, at);
    }

    TaskView returned(Note note, long v, Instant at) {
        return new TaskView(taskId, ledger, title, description, leadDepartment, supportingDepartments,
                responsibleLeader, source, TaskStatus.IN_PROGRESS, dueDate, originalDueDate, registeredAt,
                registeredBy, claimedAt, claimedBy, latestProgress, pendingExtension, extensionsGranted, null,
                closedAt, closedBy, closedOnTime, note, lastReopen, withdrawal, escalation,
                everOverdue, inspection, v, at);
    }

    TaskView reopened(Note note, long v, Instant at) {
        return new TaskView(taskId, ledger, title, description, leadDepartment, supportingDepartments,
                responsibleLeader, source, TaskStatus.IN_PROGRESS, dueDate, originalDueDate, registeredAt,
                registeredBy, claimedAt, claimedBy, latestProgress, null, extensionsGranted, null, null, null, null,
                lastReturn, note, withdrawal, escalation, everOverdue, inspection, v, at);
    }

    TaskView withdrawn(Note note, long v, Instant at) {
        return new TaskView(taskId, ledger, title, description, leadDepartment, supportingDepartments,
                responsibleLeader, source, TaskStatus.WITHDRAWN, dueDate, originalDueDate, registeredAt,
                registeredBy, claimedAt, claimedBy, latestProgress, null, extensionsGranted, closureRequest,
                closedAt, closedBy, closedOnTime, lastReturn, lastReopen, note, escalation,
                everOverdue, inspection, v, at);
    }

    TaskView escalated(Escalation raised, long v, Instant at) {
        return new TaskView(taskId, ledger, title, description, leadDepartment, supportingDepartments,
                responsibleLeader, source, status, dueDate, originalDueDate, registeredAt, registeredBy, claimedAt,
                claimedBy, latestProgress, pendingExtension, extensionsGranted, closureRequest, closedAt, closedBy,
                closedOnTime, lastReturn, lastReopen, withdrawal, raised, everOverdue, inspection, v, at);
    }

    /** A deadline check recorded a warning or, with {@code overdue}, that the task went red. */
    TaskView deadlineRecorded(boolean overdue, long v, Instant at) {
        return new TaskView(taskId, ledger, title, description, leadDepartment, supportingDepartments,
                responsibleLeader, source, status, dueDate, originalDueDate, registeredAt, registeredBy, claimedAt,
                claimedBy, latestProgress, pendingExtension, extensionsGranted, closureRequest, closedAt, closedBy,
                closedOnTime, lastReturn, lastReopen, withdrawal, escalation, everOverdue || overdue,
                inspection, v, at);
    }

    /** Open (neither closed nor withdrawn) and past its due date on {@code today}. */
    public boolean isOverdueOn(LocalDate today) {
        return status.isOpen() && DueDates.overdue(dueDate, today);
    }
}
