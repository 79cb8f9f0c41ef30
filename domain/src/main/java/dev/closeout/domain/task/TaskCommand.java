package dev.closeout.domain.task;

import dev.closeout.domain.common.Actor;
import dev.closeout.domain.common.InvalidValueException;
import dev.closeout.domain.common.Limits;
import dev.closeout.domain.common.Text;
import dev.closeout.domain.referral.ReferralNotice;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * What can be asked of a task, in the ledger's words. Each command checks its own fields
 * (a bad one cannot be constructed and names the field); the {@link Task} aggregate checks
 * whether the command is allowed now and for this actor.
 */
public sealed interface TaskCommand {

    TaskId taskId();

    Actor actor();

    /**
     * 挂账: enter a task on a ledger with a lead department and a due date. {@code complaintId}
     * names the complaint a rectification task was converted from, {@code inspection} the inspection
     * finding; each is {@code null} otherwise. {@code category} (项目建设, 民生实事, …) is optional; which
     * categories the office uses is its configuration, checked before the command is sent.
     * {@code milestones} are the task's dated steps (推进时序表), none when {@code null}. {@code referral}
     * is the higher level's referral (省, 市) the task came down with, to be reported back; {@code null} when none.
     */
    record RegisterTask(@TargetAggregateIdentifier TaskId taskId, String ledger, String title, String description,
                        String leadDepartment, List<String> supportingDepartments, String responsibleLeader,
                        TaskSource source, LocalDate dueDate, Actor actor, String complaintId,
                        InspectionLink inspection, String category, List<Milestone.Plan> milestones,
                        ReferralNotice referral)
            implements TaskCommand {
        public RegisterTask {
            Objects.requireNonNull(taskId, "taskId");
            ledger = Text.name(ledger, "ledger");
            title = Text.line(title, "title", Limits.TITLE);
            description = Text.optionalBlock(description, "description", Limits.DESCRIPTION);
            String lead = Text.name(leadDepartment, "leadDepartment");
            leadDepartment = lead;
            if (supportingDepartments != null && supportingDepartments.size() > Limits.SUPPORTING_DEPARTMENTS) {
                throw new InvalidValueException("supportingDepartments",
                        "must name at most " + Limits.SUPPORTING_DEPARTMENTS + " departments");
            }
            supportingDepartments = supportingDepartments == null ? List.of()
                    : supportingDepartments.stream()
                            .map(d -> Text.name(d, "supportingDepartments"))
                            .filter(d -> !d.equals(lead))
                            .distinct()
                            .toList();
            responsibleLeader = Text.optionalLine(responsibleLeader, "responsibleLeader", Limits.NAME);
            source = source == null ? TaskSource.SELF_IDENTIFIED : source;
            dueDate = Limits.requiredDate(dueDate, "dueDate");
            Objects.requireNonNull(actor, "actor");
            complaintId = Text.optionalLine(complaintId, "complaintId", Limits.NAME);
            category = Text.optionalLine(category, "category", Limits.NAME);
            milestones = Milestone.plan(milestones, "milestones");
            referral = ReferralNotice.checked(referral, "referral");
        }

        /** A task not referred by a higher level. */
        public RegisterTask(TaskId taskId, String ledger, String title, String description, String leadDepartment,
                            List<String> supportingDepartments, String responsibleLeader, TaskSource source,
                            LocalDate dueDate, Actor actor, String complaintId, InspectionLink inspection,
                            String category, List<Milestone.Plan> milestones) {
            this(taskId, ledger, title, description, leadDepartment, supportingDepartments, responsibleLeader, source,
                    dueDate, actor, complaintId, inspection, category, milestones, null);
        }

        /** A task of no category and without milestones. */
        public RegisterTask(TaskId taskId, String ledger, String title, String description, String leadDepartment,
                            List<String> supportingDepartments, String responsibleLeader, TaskSource source,
                            LocalDate dueDate, Actor actor, String complaintId, InspectionLink inspection) {
            this(taskId, ledger, title, description, leadDepartment, supportingDepartments, responsibleLeader, source,
                    dueDate, actor, complaintId, inspection, null, null);
        }

        /** A task converted from no inspection finding. */
        public RegisterTask(TaskId taskId, String ledger, String title, String description, String leadDepartment,
                            List<String> supportingDepartments, String responsibleLeader, TaskSource source,
                            LocalDate dueDate, Actor actor, String complaintId) {
            this(taskId, ledger, title, description, leadDepartment, supportingDepartments, responsibleLeader, source,
                    dueDate, actor, complaintId, null);
        }
    }

    /** 认领/签收: the lead department signs for the task. */
    record ClaimTask(@TargetAggregateIdentifier TaskId taskId, Actor actor) implements TaskCommand {
        public ClaimTask {
            Objects.requireNonNull(taskId, "taskId");
            Objects.requireNonNull(actor, "actor");
        }
    }

    /**
     * 推进: a progress report with a note and the share of the work done: of the whole task from the lead
     * department or a supervisor, of its own part from a supporting department (see
     * {@link TaskEvent.TaskProgressReported#isTaskProgress}).
     */
    record ReportProgress(@TargetAggregateIdentifier TaskId taskId, String note, int percentComplete, Actor actor)
            implements TaskCommand {
        public ReportProgress {
            Objects.requireNonNull(taskId, "taskId");
            note = Text.block(note, "note", Limits.REASON);
            if (percentComplete < 0 || percentComplete > 100) {
                throw new InvalidValueException("percentComplete", "must be between 0 and 100");
            }
            Objects.requireNonNull(actor, "actor");
        }
    }

    /** 延期申请: the department asks for a later due date. */
    record RequestExtension(@TargetAggregateIdentifier TaskId taskId, LocalDate newDueDate, String reason, Actor actor)
            implements TaskCommand {
        public RequestExtension {
            Objects.requireNonNull(taskId, "taskId");
            newDueDate = Limits.requiredDate(newDueDate, "newDueDate");
            reason = Text.block(reason, "reason", Limits.REASON);
            Objects.requireNonNull(actor, "actor");
        }
    }

    /**
     * A supervisor grants the pending extension. {@code newDueDate} is the date the supervisor decided on, as
     * the task showed it ({@code pendingExtension.newDueDate}): when given, the task refuses the approval if
     * the extension now pending asks for another date (the department asked again since); {@code null}
     * approves whatever is pending.
     */
    record ApproveExtension(@TargetAggregateIdentifier TaskId taskId, LocalDate newDueDate, Actor actor)
            implements TaskCommand {
        public ApproveExtension {
            Objects.requireNonNull(taskId, "taskId");
            newDueDate = Limits.date(newDueDate, "newDueDate");
            Objects.requireNonNull(actor, "actor");
        }

        /** An approval of whatever extension is pending. */
        public ApproveExtension(TaskId taskId, Actor actor) {
            this(taskId, null, actor);
        }
    }

    /**
     * A supervisor refuses the pending extension, saying why; {@code newDueDate} as for
     * {@link ApproveExtension}.
     */
    record RejectExtension(@TargetAggregateIdentifier TaskId taskId, String reason, LocalDate newDueDate, Actor actor)
            implements TaskCommand {
        public RejectExtension {
            Objects.requireNonNull(taskId, "taskId");
            reason = Text.block(reason, "reason", Limits.REASON);
            newDueDate = Limits.date(newDueDate, "newDueDate");
            Objects.requireNonNull(actor, "actor");
        }

        /** A refusal of whatever extension is pending. */
        public RejectExtension(TaskId taskId, String reason, Actor actor) {
            this(taskId, reason, null, actor);
        }
    }

    /**
     * 申请销号: the department asks for the task to be crossed off, with evidence of completion: a
     * text and, optionally, files stored beforehand (at most {@link Limits#EVIDENCE_FILES}, each once).
     */
    record RequestClosure(@TargetAggregateIdentifier TaskId taskId, String evidence, List<EvidenceFile> evidenceFiles,
                          Actor actor) implements TaskCommand {
        public RequestClosure {
            Objects.requireNonNull(taskId, "taskId");
            evidence = Text.block(evidence, "evidence", Limits.TEXT);
            evidenceFiles = evidenceFiles(evidenceFiles);
            Objects.requireNonNull(actor, "actor");
        }

        /** A closure request with evidence text alone. */
        public RequestClosure(TaskId taskId, String evidence, Actor actor) {
            this(taskId, evidence, List.of(), actor);
        }

        static List<EvidenceFile> evidenceFiles(List<EvidenceFile> files) {
            if (files == null) {
                return List.of();
            }
            if (files.size() > Limits.EVIDENCE_FILES) {
                throw new InvalidValueException("evidenceFiles",
                        "must name at most " + Limits.EVIDENCE_FILES + " files");
            }
            for (int i = 0; i < files.size(); i++) {
                if (files.get(i) == null) {
                    throw new InvalidValueException("evidenceFiles[" + i + "]", "must not be null");
                }
                for (int j = 0; j < i; j++) {
                    if (files.get(j).fileId().equals(files.get(i).fileId())) {
                        throw new InvalidValueException("evidenceFiles[" + i + "]",
                                "names file " + files.get(i).fileId() + " a second time");
                    }
                }
            }
            return List.copyOf(files);
        }
    }

    /**
     * 销号: a supervisor approves the closure request. {@code closureRequestedAt} names the request decided,
     * by the time it was made as the task showed it ({@code closureRequest.requestedAt}): when given, the
     * task refuses the decision if the request now pending was made at another time (it was returned and
     * asked for again since); {@code null} decides whatever request is pending.
     */
    record CloseTask(@TargetAggregateIdentifier TaskId taskId, Instant closureRequestedAt, Actor actor)
            implements TaskCommand {
        public CloseTask {
            Objects.requireNonNull(taskId, "taskId");
            closureRequestedAt = Limits.instant(closureRequestedAt, "closureRequestedAt");
            Objects.requireNonNull(actor, "actor");
        }

        /** A closing of whatever closure request is pending. */
        public CloseTask(TaskId taskId, Actor actor) {
            this(taskId, null, actor);
        }
    }

    /**
     * 退回: a supervisor refuses the closure request; the task goes back to work. {@code closureRequestedAt}
     * as for {@link CloseTask}.
     */
    record ReturnTask(@TargetAggregateIdentifier TaskId taskId, String reason, Instant closureRequestedAt,
                      Actor actor) implements TaskCommand {
        public ReturnTask {
            Objects.requireNonNull(taskId, "taskId");
            reason = Text.block(reason, "reason", Limits.REASON);
            closureRequestedAt = Limits.instant(closureRequestedAt, "closureRequestedAt");
            Objects.requireNonNull(actor, "actor");
        }

        /** A return of whatever closure request is pending. */
        public ReturnTask(TaskId taskId, String reason, Actor actor) {
            this(taskId, reason, null, actor);
        }
    }

    /** 回头看: a later check finds a closed task not really done. */
    record ReopenTask(@TargetAggregateIdentifier TaskId taskId, String reason, Actor actor) implements TaskCommand {
        public ReopenTask {
            Objects.requireNonNull(taskId, "taskId");
            reason = Text.block(reason, "reason", Limits.REASON);
            Objects.requireNonNull(actor, "actor");
        }
    }

    /** 撤销: a supervisor withdraws a task registered by mistake. */
    record WithdrawTask(@TargetAggregateIdentifier TaskId taskId, String reason, Actor actor) implements TaskCommand {
        public WithdrawTask {
            Objects.requireNonNull(taskId, "taskId");
            reason = Text.block(reason, "reason", Limits.REASON);
            Objects.requireNonNull(actor, "actor");
        }
    }

    /** 催办/督办/调度: a supervisor (or the engine) raises the escalation level. */
    record EscalateTask(@TargetAggregateIdentifier TaskId taskId, String level, String reason, Actor actor)
            implements TaskCommand {
        public EscalateTask {
            Objects.requireNonNull(taskId, "taskId");
            level = Text.line(level, "level", Limits.LEVEL);
            reason = Text.block(reason, "reason", Limits.REASON);
            Objects.requireNonNull(actor, "actor");
        }
    }

    /** A supervisor adds dated milestones (推进时序表) to a registered task. */
    record PlanMilestones(@TargetAggregateIdentifier TaskId taskId, List<Milestone.Plan> milestones, Actor actor)
            implements TaskCommand {
        public PlanMilestones {
            Objects.requireNonNull(taskId, "taskId");
            milestones = Milestone.plan(Limits.required(milestones, "milestones"), "milestones");
            if (milestones.isEmpty()) {
                throw new InvalidValueException("milestones", "must list at least one milestone");
            }
            Objects.requireNonNull(actor, "actor");
        }
    }

    /**
     * The department reports a milestone met (报完成), with evidence as for a closure request: a text
     * and, optionally, files stored beforehand.
     */
    record ReportMilestoneMet(@TargetAggregateIdentifier TaskId taskId, String milestoneId, String evidence,
                              List<EvidenceFile> evidenceFiles, Actor actor) implements TaskCommand {
        public ReportMilestoneMet {
            Objects.requireNonNull(taskId, "taskId");
            milestoneId = Text.line(milestoneId, "milestoneId", Limits.NAME);
            evidence = Text.block(evidence, "evidence", Limits.TEXT);
            evidenceFiles = RequestClosure.evidenceFiles(evidenceFiles);
            Objects.requireNonNull(actor, "actor");
        }
    }

    /** A supervisor confirms a milestone reported met (确认). */
    record ConfirmMilestone(@TargetAggregateIdentifier TaskId taskId, String milestoneId, Actor actor)
            implements TaskCommand {
        public ConfirmMilestone {
            Objects.requireNonNull(taskId, "taskId");
            milestoneId = Text.line(milestoneId, "milestoneId", Limits.NAME);
            Objects.requireNonNull(actor, "actor");
        }
    }

    /** A supervisor returns a milestone reported met (退回), saying why: it is planned again. */
    record ReturnMilestone(@TargetAggregateIdentifier TaskId taskId, String milestoneId, String reason, Actor actor)
            implements TaskCommand {
        public ReturnMilestone {
            Objects.requireNonNull(taskId, "taskId");
            milestoneId = Text.line(milestoneId, "milestoneId", Limits.NAME);
            reason = Text.block(reason, "reason", Limits.REASON);
            Objects.requireNonNull(actor, "actor");
        }
    }

    /**
     * 反馈: the lead department (or a supervisor) reports the outcome back to the level that referred
     * the task, once.
     */
    record ReportBackReferral(@TargetAggregateIdentifier TaskId taskId, String outcome, Actor actor)
            implements TaskCommand {
        public ReportBackReferral {
            Objects.requireNonNull(taskId, "taskId");
            outcome = Text.block(outcome, "outcome", Limits.TEXT);
            Objects.requireNonNull(actor, "actor");
        }
    }

    /**
     * The engine asks the task whether a deadline has passed it by {@code today} (in the office's
     * zone): due soon, overdue, or overdue long enough to climb the escalation ladder. Sent by the
     * sweep; a check with nothing to record records nothing.
     */
    record CheckTaskDeadline(@TargetAggregateIdentifier TaskId taskId, LocalDate today, Actor actor)
            implements TaskCommand {
        public CheckTaskDeadline {
            Objects.requireNonNull(taskId, "taskId");
            today = Limits.requiredDate(today, "today");
            Objects.requireNonNull(actor, "actor");
        }
    }
}
