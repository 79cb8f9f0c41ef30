package dev.closeout.domain.task;

import dev.closeout.domain.common.Actor;
import dev.closeout.domain.referral.ReferralNotice;

import java.time.LocalDate;
import java.util.List;

/**
 * Everything that can happen to a task, oldest step first. Events are facts already
 * recorded: they do no validation, so every stored event can always be read back. Each
 * names the actor; the time is the event message's timestamp.
 */
public sealed interface TaskEvent {

    TaskId taskId();

    Actor actor();

    /**
     * {@code complaintId} names the complaint the task was converted from, {@code inspection} the
     * inspection finding; each is {@code null} for other tasks, and in events stored before it
     * existed, which therefore still read back. {@code category} is {@code null} when none was given;
     * {@code milestones} are empty when none were planned, also in events stored before milestones.
     * {@code referral} is {@code null} for a task no higher level referred, also in events stored before
     * referrals.
     */
    record TaskRegistered(TaskId taskId, String ledger, String title, String description, String leadDepartment,
                          List<String> supportingDepartments, String responsibleLeader, TaskSource source,
                          LocalDate dueDate, Actor actor, String complaintId, InspectionLink inspection,
                          String category, List<Milestone> milestones, ReferralNotice referral)
            implements TaskEvent {

        public TaskRegistered {
            milestones = milestones == null ? List.of() : milestones;
        }

        /** A task not referred by a higher level. */
        public TaskRegistered(TaskId taskId, String ledger, String title, String description, String leadDepartment,
                              List<String> supportingDepartments, String responsibleLeader, TaskSource source,
                              LocalDate dueDate, Actor actor, String complaintId, InspectionLink inspection,
                              String category, List<Milestone> milestones) {
            this(taskId, ledger, title, description, leadDepartment, supportingDepartments, responsibleLeader, source,
                    dueDate, actor, complaintId, inspection, category, milestones, null);
        }

        /** A task of no category and without milestones. */
        public TaskRegistered(TaskId taskId, String ledger, String title, String description, String leadDepartment,
                              List<String> supportingDepartments, String responsibleLeader, TaskSource source,
                              LocalDate dueDate, Actor actor, String complaintId, InspectionLink inspection) {
            this(taskId, ledger, title, description, leadDepartment, supportingDepartments, responsibleLeader, source,
                    dueDate, actor, complaintId, inspection, null, List.of(), null);
        }

        /** A task converted from no inspection finding. */
        public TaskRegistered(TaskId taskId, String ledger, String title, String description, String leadDepartment,
                              List<String> supportingDepartments, String responsibleLeader, TaskSource source,
                              LocalDate dueDate, Actor actor, String complaintId) {
            this(taskId, ledger, title, description, leadDepartment, supportingDepartments, responsibleLeader, source,
                    dueDate, actor, complaintId, null);
        }
    }

    record TaskClaimed(TaskId taskId, Actor actor) implements TaskEvent {
    }

    /**
     * A progress report (推进). The lead department (牵头单位) answers for the task: its report, or a
     * supervisor's, gives the task's percent complete. A supporting department (配合单位) reports on its own
     * share of the work; its report and percentage are kept in the history, and the task's progress stays as
     * the lead department last reported it.
     */
    record TaskProgressReported(TaskId taskId, String note, int percentComplete, Actor actor) implements TaskEvent {

        /**
         * Whether this report gives the progress of the task as a whole (its percent complete, and the day it
         * was last reported): {@code true} for the lead department's or a supervisor's, {@code false} for a
         * supporting department's. Judged by the actor recorded, so reports stored before this was asked read
         * the same way.
         */
        public boolean isTaskProgress(String leadDepartment) {
            return actor.isSupervisor() || actor.actsFor(leadDepartment);
        }
    }

    record TaskExtensionRequested(TaskId taskId, LocalDate newDueDate, String reason, Actor actor)
            implements TaskEvent {
    }

    record TaskExtensionApproved(TaskId taskId, LocalDate previousDueDate, LocalDate newDueDate, Actor actor)
            implements TaskEvent {
    }

    record TaskExtensionRejected(TaskId taskId, LocalDate requestedDueDate, String reason, Actor actor)
            implements TaskEvent {
    }

    /**
     * {@code evidenceFiles} lists the files submitted with the request, each with its size and
     * SHA-256; empty for a request with text alone, and in events stored before files could be
     * submitted, which therefore still read back.
     */
    record TaskClosureRequested(TaskId taskId, String evidence, List<EvidenceFile> evidenceFiles, Actor actor)
            implements TaskEvent {
        public TaskClosureRequested {
            evidenceFiles = evidenceFiles == null ? List.of() : evidenceFiles;
        }

        public TaskClosureRequested(TaskId taskId, String evidence, Actor actor) {
            this(taskId, evidence, List.of(), actor);
        }
    }

    record TaskClosed(TaskId taskId, Actor actor) implements TaskEvent {
    }

    record TaskReturned(TaskId taskId, String reason, Actor actor) implements TaskEvent {
    }

    record TaskReopened(TaskId taskId, String reason, Actor actor) implements TaskEvent {
    }

    record TaskWithdrawn(TaskId taskId, String reason, Actor actor) implements TaskEvent {
    }

    record TaskEscalated(TaskId taskId, String level, String levelLabel, String reason, Actor actor)
            implements TaskEvent {
    }

    /** The due date came within the due-soon window (黄牌): recorded once per due date. */
    record TaskFellDueSoon(TaskId taskId, LocalDate dueDate, int workingDaysLeft, Actor actor) implements TaskEvent {
    }

    /** The due date passed with the task open (红牌): recorded once per due date. */
    record TaskWentOverdue(TaskId taskId, LocalDate dueDate, Actor actor) implements TaskEvent {
    }

    /** A supervisor added milestones (推进时序表) to the task, numbered after those it had. */
    record MilestonesPlanned(TaskId taskId, List<Milestone> milestones, Actor actor) implements TaskEvent {
    }

    /** The department reported a milestone met (报完成), with evidence as for a closure request. */
    record MilestoneReportedMet(TaskId taskId, String milestoneId, String evidence, List<EvidenceFile> evidenceFiles,
                                Actor actor) implements TaskEvent {
        public MilestoneReportedMet {
            evidenceFiles = evidenceFiles == null ? List.of() : evidenceFiles;
        }
    }

    /** A supervisor confirmed the milestone met (确认). */
    record MilestoneConfirmed(TaskId taskId, String milestoneId, Actor actor) implements TaskEvent {
    }

    /** A supervisor returned the milestone's report (退回): it is planned again. */
    record MilestoneReturned(TaskId taskId, String milestoneId, String reason, Actor actor) implements TaskEvent {
    }

    /** The milestone's due date passed and it was not reported met (黄牌): recorded once per milestone. */
    record MilestoneMissed(TaskId taskId, String milestoneId, LocalDate dueDate, Actor actor) implements TaskEvent {
    }

    /**
     * The outcome was reported back (反馈) to the level that referred the task, on
     * {@code reportedBackOn} (the day in the office's zone); {@code onTime} when that was on or before
     * {@code reportBackDue}.
     */
    record ReferralReportedBack(TaskId taskId, String outcome, LocalDate reportBackDue, LocalDate reportedBackOn,
                                boolean onTime, Actor actor) implements TaskEvent {
    }

    /** The report-back date passed and nothing was reported back (逾期未反馈): recorded once. */
    record ReferralReportBackOverdue(TaskId taskId, LocalDate reportBackDue, Actor actor) implements TaskEvent {
    }
}
