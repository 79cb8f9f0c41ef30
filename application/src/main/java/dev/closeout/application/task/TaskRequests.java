package dev.closeout.application.task;

import dev.closeout.domain.referral.ReferralNotice;
import dev.closeout.domain.task.Milestone;
import dev.closeout.domain.task.TaskSource;

import java.time.LocalDate;
import java.util.List;

/** Request bodies of the task API. Fields are checked when the command is built from them. */
final class TaskRequests {

    private TaskRequests() {
    }

    /**
     * Exactly one of {@code dueDate} and {@code dueInWorkingDays} (counted from today); {@code category}
     * from the office's list, {@code milestones} (推进时序表) and {@code referral} (a higher level's, to report
     * back on), all optional.
     */
    record Register(String ledger, String title, String description, String leadDepartment,
                    List<String> supportingDepartments, String responsibleLeader, TaskSource source,
                    LocalDate dueDate, Integer dueInWorkingDays, String category,
                    List<Milestone.Plan> milestones, ReferralNotice referral) {
    }

    /** Milestones to add to a task. */
    record Milestones(List<Milestone.Plan> milestones) {
    }

    record Progress(String note, Integer percentComplete) {
    }

    record Extension(LocalDate newDueDate, String reason) {
    }

    record Reason(String reason) {
    }

    /** {@code evidenceFiles}: ids of files uploaded for the task beforehand, recorded with the request. */
    record ClosureRequest(String evidence, List<String> evidenceFiles) {
    }

    record Escalation(String level, String reason) {
    }
}
