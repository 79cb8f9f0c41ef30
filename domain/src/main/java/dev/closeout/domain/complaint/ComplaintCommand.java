package dev.closeout.domain.complaint;

import dev.closeout.domain.common.Actor;
import dev.closeout.domain.common.InvalidValueException;
import dev.closeout.domain.common.Limits;
import dev.closeout.domain.common.Text;
import dev.closeout.domain.referral.ReferralNotice;
import dev.closeout.domain.task.TaskId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;

/**
 * What can be asked of a complaint, in the office's words. Each command checks its own fields
 * (a bad one cannot be constructed and names the field); the {@link Complaint} aggregate checks
 * whether the command is allowed now and for this actor.
 */
public sealed interface ComplaintCommand {

    ComplaintId complaintId();

    Actor actor();

    /**
     * 受理/登记: enter a complaint as it arrived. Without a complainant it is anonymous. Without
     * {@code receivedAt} it counts as received when the command is handled; give it when the
     * complaint arrived earlier, e.g. a petition referred down by the province. {@code referral} is the
     * notice it came down with when a higher level (省, 市) awaits a report-back (反馈); its level gives
     * {@code referredBy} when that is not given, and must agree with it when it is.
     */
    record ReceiveComplaint(@TargetAggregateIdentifier ComplaintId complaintId, ComplaintChannel channel,
                            Referral referredBy, String subject, String content, Complainant complainant,
                            String category, Instant receivedAt, Actor actor, ReferralNotice referral)
            implements ComplaintCommand {
        public ReceiveComplaint {
            Objects.requireNonNull(complaintId, "complaintId");
            Limits.required(channel, "channel");
            referral = ReferralNotice.checked(referral, "referral");
            referredBy = referredBy(referredBy, referral);
            subject = Text.line(subject, "subject", Limits.TITLE);
            content = Text.block(content, "content", Limits.TEXT);
            category = Text.optionalLine(category, "category", Limits.NAME);
            receivedAt = Limits.instant(receivedAt, "receivedAt");
            Objects.requireNonNull(actor, "actor");
        }

        /** A complaint no higher level awaits a report-back on. */
        public ReceiveComplaint(ComplaintId complaintId, ComplaintChannel channel, Referral referredBy, String subject,
                                String content, Complainant complainant, String category, Instant receivedAt,
                                Actor actor) {
            this(complaintId, channel, referredBy, subject, content, complainant, category, receivedAt, actor, null);
        }

        private static Referral referredBy(Referral given, ReferralNotice referral) {
            if (referral == null) {
                return given == null ? Referral.NONE : given;
            }
            Referral level = Referral.valueOf(referral.level().name());
            if (given != null && given != Referral.NONE && given != level) {
                throw new InvalidValueException("referral.level", "is " + referral.level()
                        + " but referredBy says " + given + "; give one level, or leave referredBy out");
            }
            return level;
        }
    }

    /** 反馈: the outcome reported back to the level that referred the complaint, once. */
    record ReportBackComplaintReferral(@TargetAggregateIdentifier ComplaintId complaintId, String outcome, Actor actor)
            implements ComplaintCommand {
        public ReportBackComplaintReferral {
            Objects.requireNonNull(complaintId, "complaintId");
            outcome = Text.block(outcome, "outcome", Limits.TEXT);
            Objects.requireNonNull(actor, "actor");
        }
    }

    /** 交办: hand a received complaint to a department with a time limit. */
    record AssignComplaint(@TargetAggregateIdentifier ComplaintId complaintId, String department, LocalDate dueDate,
                           Actor actor) implements ComplaintCommand {
        public AssignComplaint {
            Objects.requireNonNull(complaintId, "complaintId");
            department = Text.name(department, "department");
            dueDate = Limits.requiredDate(dueDate, "dueDate");
            Objects.requireNonNull(actor, "actor");
        }
    }

    /** 申请转办: the assigned department says the complaint is not theirs to handle, and why. */
    record RequestTransfer(@TargetAggregateIdentifier ComplaintId complaintId, String reason, Actor actor)
            implements ComplaintCommand {
        public RequestTransfer {
            Objects.requireNonNull(complaintId, "complaintId");
            reason = Text.block(reason, "reason", Limits.REASON);
            Objects.requireNonNull(actor, "actor");
        }
    }

    /** A supervisor refuses the pending transfer request, saying why; the department keeps the complaint. */
    record RejectTransfer(@TargetAggregateIdentifier ComplaintId complaintId, String reason, Actor actor)
            implements ComplaintCommand {
        public RejectTransfer {
            Objects.requireNonNull(complaintId, "complaintId");
            reason = Text.block(reason, "reason", Limits.REASON);
            Objects.requireNonNull(actor, "actor");
        }
    }

    /**
     * 转办: a supervisor moves the complaint to {@code department}, another one, either granting the department's
     * pending request or on their own initiative. Without a {@code dueDate} the current time limit stands
     * if it has not passed.
     */
    record TransferComplaint(@TargetAggregateIdentifier ComplaintId complaintId, String department,
                             LocalDate dueDate, String reason, Actor actor) implements ComplaintCommand {
        public TransferComplaint {
            Objects.requireNonNull(complaintId, "complaintId");
            department = Text.name(department, "department");
            dueDate = Limits.date(dueDate, "dueDate");
            reason = Text.block(reason, "reason", Limits.REASON);
            Objects.requireNonNull(actor, "actor");
        }
    }

    /** 签收: the assigned department signs for the complaint. */
    record AcceptComplaint(@TargetAggregateIdentifier ComplaintId complaintId, Actor actor)
            implements ComplaintCommand {
        public AcceptComplaint {
            Objects.requireNonNull(complaintId, "complaintId");
            Objects.requireNonNull(actor, "actor");
        }
    }

    /** 答复/反馈结果: the department's answer to the complainant. */
    record ReplyToComplaint(@TargetAggregateIdentifier ComplaintId complaintId, String content, Actor actor)
            implements ComplaintCommand {
        public ReplyToComplaint {
            Objects.requireNonNull(complaintId, "complaintId");
            content = Text.block(content, "content", Limits.TEXT);
            Objects.requireNonNull(actor, "actor");
        }
    }

    /** 满意度回访: a supervisor records how the complainant rated the reply, with an optional note. */
    record RecordSatisfaction(@TargetAggregateIdentifier ComplaintId complaintId, Satisfaction rating, String note,
                              Actor actor) implements ComplaintCommand {
        public RecordSatisfaction {
            Objects.requireNonNull(complaintId, "complaintId");
            Limits.required(rating, "rating");
            note = Text.optionalBlock(note, "note", Limits.REASON);
            Objects.requireNonNull(actor, "actor");
        }
    }

    /** 办结: a supervisor closes a replied complaint. */
    record CloseComplaint(@TargetAggregateIdentifier ComplaintId complaintId, Actor actor)
            implements ComplaintCommand {
        public CloseComplaint {
            Objects.requireNonNull(complaintId, "complaintId");
            Objects.requireNonNull(actor, "actor");
        }
    }

    /**
     * 重办: a supervisor sends the complaint back to its department, saying why, with a new time limit: the
     * old one has run out or nearly, and the department starts again.
     */
    record ReopenComplaint(@TargetAggregateIdentifier ComplaintId complaintId, String reason, LocalDate dueDate,
                           Actor actor) implements ComplaintCommand {
        public ReopenComplaint {
            Objects.requireNonNull(complaintId, "complaintId");
            reason = Text.block(reason, "reason", Limits.REASON);
            dueDate = Limits.requiredDate(dueDate, "dueDate");
            Objects.requireNonNull(actor, "actor");
        }
    }

    /** 催办/督办/调度: a supervisor (or the engine) raises the escalation level. */
    record EscalateComplaint(@TargetAggregateIdentifier ComplaintId complaintId, String level, String reason,
                             Actor actor) implements ComplaintCommand {
        public EscalateComplaint {
            Objects.requireNonNull(complaintId, "complaintId");
            level = Text.line(level, "level", Limits.LEVEL);
            reason = Text.block(reason, "reason", Limits.REASON);
            Objects.requireNonNull(actor, "actor");
        }
    }

    /**
     * 转为整改任务: a supervisor decides the complaint needs a rectification task on a ledger. The
     * task's id is chosen by the caller so that it can register the task under it. Without a
     * title the task takes the complaint's subject; without a lead department, the department
     * the complaint is assigned to.
     */
    record ConvertComplaintToTask(@TargetAggregateIdentifier ComplaintId complaintId, TaskId newTaskId,
                                  String ledger, String title, String leadDepartment, LocalDate dueDate,
                                  Actor actor) implements ComplaintCommand {
        public ConvertComplaintToTask {
            Objects.requireNonNull(complaintId, "complaintId");
            if (newTaskId == null) {
                throw new InvalidValueException("newTaskId", "is required");
            }
            ledger = Text.name(ledger, "ledger");
            title = Text.optionalLine(title, "title", Limits.TITLE);
            leadDepartment = Text.optionalName(leadDepartment, "leadDepartment");
            dueDate = Limits.requiredDate(dueDate, "dueDate");
            Objects.requireNonNull(actor, "actor");
        }
    }

    /**
     * The engine asks the complaint whether a time limit has passed it by {@code today} (in the
     * office's zone): not accepted in time, not answered in time, overdue long enough to escalate.
     */
    record CheckComplaintDeadline(@TargetAggregateIdentifier ComplaintId complaintId, LocalDate today, Actor actor)
            implements ComplaintCommand {
        public CheckComplaintDeadline {
            Objects.requireNonNull(complaintId, "complaintId");
            today = Limits.requiredDate(today, "today");
            Objects.requireNonNull(actor, "actor");
        }
    }
}
