package dev.closeout.application.task;

import dev.closeout.domain.referral.ReferralNotice;
import dev.closeout.domain.task.Milestone;
import dev.closeout.domain.task.TaskSource;

import java.time.Instant;
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

    /**
     * {@code newDueDate?}: the date of the extension approved, as the task showed it
     * ({@code pendingExtension.newDueDate}); when given and the extension now pending asks for another date,
     * the approval is refused with {@code 409} naming {@code newDueDate}.
     */
    record ExtensionApproval(LocalDate newDueDate) {
    }

    /** {@code newDueDate?} as for {@link ExtensionApproval}. */
    record ExtensionRejection(String reason, LocalDate newDueDate) {
    }

    /** {@code evidenceFiles}: ids of files uploaded for the task beforehand, recorded with the request. */
    record ClosureRequest(String evidence, List<String> evidenceFiles) {
    }

    /**
     * {@code closureRequestedAt?}: when the closure request approved was made, as the task showed it
     * ({@code closureRequest.requestedAt}); when given and the request now pending was made at another time,
     * the closing is refused with {@code 409} naming {@code closureRequestedAt}.
     */
    record Closing(Instant closureRequestedAt) {
    }

    /** {@code closureRequestedAt?} as for {@link Closing}. */
    record ClosureReturn(String reason, Instant closureRequestedAt) {
    }

    record Escalation(String level, String reason) {
    }
}
