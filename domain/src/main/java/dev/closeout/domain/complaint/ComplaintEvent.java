package dev.closeout.domain.complaint;

import dev.closeout.domain.common.Actor;
import dev.closeout.domain.referral.ReferralNotice;
import dev.closeout.domain.task.TaskId;

import java.time.Instant;
import java.time.LocalDate;

/**
 * Everything that can happen to a complaint, oldest step first. Events are facts already
 * recorded: they do no validation, so every stored event can always be read back. Each
 * names the actor; the time is the event message's timestamp.
 */
public sealed interface ComplaintEvent {

    ComplaintId complaintId();

    Actor actor();

    /**
     * {@code complainant} is {@code null} for an anonymous complaint; {@code receivedAt} is always set.
     * {@code referral} is {@code null} when no higher level awaits a report-back, also in events stored
     * before referrals.
     */
    record ComplaintReceived(ComplaintId complaintId, ComplaintChannel channel, Referral referredBy, String subject,
                             String content, Complainant complainant, String category, Instant receivedAt,
                             Actor actor, ReferralNotice referral) implements ComplaintEvent {

        /** A complaint no higher level awaits a report-back on. */
        public ComplaintReceived(ComplaintId complaintId, ComplaintChannel channel, Referral referredBy, String subject,
                                 String content, Complainant complainant, String category, Instant receivedAt,
                                 Actor actor) {
            this(complaintId, channel, referredBy, subject, content, complainant, category, receivedAt, actor, null);
        }

        /**
         * The subject as every reader may read it, a task converted from the complaint, search results and the referral
         * ledger: with the complainant masked where it repeats them ({@link Complainant#maskedIn}).
         */
        public String maskedSubject() {
            return complainant == null ? subject : complainant.maskedIn(subject);
        }
    }

    record ComplaintAssigned(ComplaintId complaintId, String department, LocalDate dueDate, Actor actor)
            implements ComplaintEvent {
    }

    record ComplaintTransferRequested(ComplaintId complaintId, String reason, Actor actor) implements ComplaintEvent {
    }

    record ComplaintTransferRejected(ComplaintId complaintId, String reason, Actor actor) implements ComplaintEvent {
    }

    /** {@code answersRequest} tells a granted department request from a supervisor's own transfer. */
    record ComplaintTransferred(ComplaintId complaintId, String fromDepartment, String toDepartment,
                                LocalDate dueDate, String reason, boolean answersRequest, Actor actor)
            implements ComplaintEvent {
    }

    record ComplaintAccepted(ComplaintId complaintId, Actor actor) implements ComplaintEvent {
    }

    record ComplaintReplied(ComplaintId complaintId, String content, Actor actor) implements ComplaintEvent {
    }

    record ComplaintSatisfactionRecorded(ComplaintId complaintId, Satisfaction rating, String note, Actor actor)
            implements ComplaintEvent {
    }

    record ComplaintClosed(ComplaintId complaintId, Actor actor) implements ComplaintEvent {
    }

    /** {@code dueDate} is the time limit from now on: the new one, or the unchanged one. */
    record ComplaintReopened(ComplaintId complaintId, String reason, LocalDate dueDate, Actor actor)
            implements ComplaintEvent {
    }

    record ComplaintEscalated(ComplaintId complaintId, String level, String levelLabel, String reason, Actor actor)
            implements ComplaintEvent {
    }

    /** Everything the task needs to be registered: its title and lead department are already resolved. */
    record ComplaintConvertedToTask(ComplaintId complaintId, TaskId taskId, String ledger, String title,
                                    String leadDepartment, LocalDate dueDate, Actor actor) implements ComplaintEvent {
    }

    /** The department did not sign for the complaint (签收) by {@code acceptBy}: once per assignment. */
    record ComplaintNotAcceptedInTime(ComplaintId complaintId, String department, LocalDate acceptBy, Actor actor)
            implements ComplaintEvent {
    }

    /** The department did not reply by the due date: once per due date. */
    record ComplaintNotAnsweredInTime(ComplaintId complaintId, String department, LocalDate dueDate, Actor actor)
            implements ComplaintEvent {
    }

    /**
     * The outcome was reported back (反馈) to the level that referred the complaint, on
     * {@code reportedBackOn} (the day in the office's zone); {@code onTime} when on or before {@code reportBackDue}.
     */
    record ComplaintReferralReportedBack(ComplaintId complaintId, String outcome, LocalDate reportBackDue,
                                         LocalDate reportedBackOn, boolean onTime, Actor actor)
            implements ComplaintEvent {
    }

    /** The report-back date passed and nothing was reported back (逾期未反馈): recorded once. */
    record ComplaintReferralReportBackOverdue(ComplaintId complaintId, LocalDate reportBackDue, Actor actor)
            implements ComplaintEvent {
    }
}
