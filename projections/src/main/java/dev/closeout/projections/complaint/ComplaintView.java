package dev.closeout.projections.complaint;

import dev.closeout.domain.common.Actor;
import dev.closeout.domain.complaint.Complainant;
import dev.closeout.domain.complaint.ComplaintChannel;
import dev.closeout.domain.complaint.ComplaintEvent;
import dev.closeout.domain.complaint.ComplaintStatus;
import dev.closeout.domain.complaint.Referral;
import dev.closeout.domain.complaint.Satisfaction;
import dev.closeout.domain.time.DueDates;
import dev.closeout.projections.referral.ReferralView;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The current state of one complaint. The complainant is stored in full: who may see it
 * depends on who reads, so masking is the reader's job ({@link #withComplainantMasked()}).
 * Each method returns the view after one event, named after what happened; {@code version} is
 * the sequence number of the last event folded in, which makes replaying an event a no-op.
 *
 * @param department       the department the complaint is assigned to now; {@code null} before assignment
 * @param transferRequest  the department's pending transfer request; {@code null} when none is pending
 * @param latestReply      the newest reply; {@code replies} counts them all
 * @param satisfaction     the latest rating, kept after a new reply until that one is rated
 * @param referral         the higher level's referral (省, 市) and its report-back (反馈); {@code null} when none
 */
public record ComplaintView(String complaintId, ComplaintChannel channel, Referral referredBy, String subject,
                            String content, Person complainant, String category, Instant receivedAt,
                            Actor receivedBy, String department, LocalDate dueDate, ComplaintStatus status,
                            Note transferRequest, Reply latestReply, int replies, Rating satisfaction,
                            Escalation escalation, int reopenCount, Note lastReopen, List<String> convertedTaskIds,
                            Instant closedAt, ReferralView referral, long version, Instant updatedAt) {

    /** A complainant as stored or as shown: unlike {@link Complainant}, it can hold masked values. */
    public record Person(String name, String phone) {

        static Person of(Complainant complainant) {
            return complainant == null ? null : new Person(complainant.name(), complainant.phone());
        }

        public Person masked() {
            Complainant full = new Complainant(name, phone);
            return new Person(full.maskedName(), full.maskedPhone());
        }

        /**
         * Hidden entirely, like {@link Complainant#toString()} hides them: a view printed in a log must
         * not expose them, and a person already masked could not be masked again.
         */
        @Override
        public String toString() {
            return "Person[name=" + (name == null ? null : "***") + ", phone=" + (phone == null ? null : "***") + "]";
        }
    }

    public record Note(String reason, Instant at, Actor by) {

        Note masked(UnaryOperator<String> mask) {
            return new Note(mask.apply(reason), at, by);
        }
    }

    public record Reply(String content, Instant at, Actor by) {
    }

    public record Rating(Satisfaction rating, String note, Instant at, Actor by) {
    }

    public record Escalation(String level, String label, String reason, Instant at, Actor by) {
    }

    static ComplaintView received(ComplaintEvent.ComplaintReceived e, long version, Instant at) {
        return new ComplaintView(e.complaintId().value(), e.channel(), e.referredBy(), e.subject(), e.content(),
                Person.of(e.complainant()), e.category(), e.receivedAt(), e.actor(), null, null,
                ComplaintStatus.RECEIVED, null, null, 0, null, null, 0, null, List.of(), null, ReferralView.of(e.referral()), version, at);
    }

    /**
     * The same view with the complainant's name and phone masked, for readers who may not see them: in its own
     * field, and wherever the subject, the content, the latest reply, a note or the report-back's outcome repeats them
     * ({@link Complainant#maskedIn}).
     */
    public ComplaintView withComplainantMasked() {
        if (complainant == null) {
            return this;
        }
        UnaryOperator<String> mask = new Complainant(complainant.name(), complainant.phone()).masking();
        return new ComplaintView(complaintId, channel, referredBy, mask.apply(subject), mask.apply(content),
                complainant.masked(), category, receivedAt, receivedBy, department, dueDate, status,
                transferRequest == null ? null : transferRequest.masked(mask),
                latestReply == null ? null : new Reply(mask.apply(latestReply.content()), latestReply.at(),
                        latestReply.by()),
                replies, satisfaction == null ? null : new Rating(satisfaction.rating(),
                        mask.apply(satisfaction.note()), satisfaction.at(), satisfaction.by()),
                escalation == null ? null : new Escalation(escalation.level(), escalation.label(),
                        mask.apply(escalation.reason()), escalation.at(), escalation.by()),
                reopenCount, lastReopen == null ? null : lastReopen.masked(mask), convertedTaskIds, closedAt,
                referral == null ? null : new ReferralView(referral.level(), referral.referringBody(),
                        referral.documentNumber(), referral.reportBackDue(), referral.status(),
                        mask.apply(referral.outcome()), referral.reportedBackOn(), referral.reportedBackAt(),
                        referral.reportedBackBy(), referral.onTime(), referral.overdueRecorded()),
                version, updatedAt);
    }

    /** Assigned first, or moved by a transfer: either way a new department starts afresh and no request is pending. */
    ComplaintView assigned(String toDepartment, LocalDate newDueDate, long v, Instant at) {
        return new ComplaintView(complaintId, channel, referredBy, subject, content, complainant, category,
                receivedAt, receivedBy, toDepartment, newDueDate, ComplaintStatus.ASSIGNED, null, latestReply,
                replies, satisfaction, escalation, reopenCount, lastReopen, convertedTaskIds, closedAt, referral, v, at);
    }

    ComplaintView transferRequested(Note request, long v, Instant at) {
        return new ComplaintView(complaintId, channel, referredBy, subject, content, complainant, category,
                receivedAt, receivedBy, department, dueDate, status, request, latestReply, replies, satisfaction,
                escalation, reopenCount, lastReopen, convertedTaskIds, closedAt, referral, v, at);
    }

    ComplaintView transferRejected(long v, Instant at) {
        return transferRequested(null, v, at);
    }

    ComplaintView accepted(long v, Instant at) {
        return new ComplaintView(complaintId, channel, referredBy, subject, content, complainant, category,
                receivedAt, receivedBy, department, dueDate, ComplaintStatus.ACCEPTED, transferRequest, latestReply,
                replies, satisfaction, escalation, reopenCount, lastReopen, convertedTaskIds, closedAt, referral, v, at);
    }

    ComplaintView replied(Reply reply, long v, Instant at) {
        return new ComplaintView(complaintId, channel, referredBy, subject, content, complainant, category,
                receivedAt, receivedBy, department, dueDate, ComplaintStatus.REPLIED, transferRequest, reply,
                replies + 1, satisfaction, escalation, reopenCount, lastReopen, convertedTaskIds, closedAt, referral, v, at);
    }

    ComplaintView rated(Rating rating, long v, Instant at) {
        return new ComplaintView(complaintId, channel, referredBy, subject, content, complainant, category,
                receivedAt, receivedBy, department, dueDate, status, transferRequest, latestReply, replies, rating,
                escalation, reopenCount, lastReopen, convertedTaskIds, closedAt, referral, v, at);
    }

    ComplaintView closed(long v, Instant at) {
        return new ComplaintView(complaintId, channel, referredBy, subject, content, complainant, category,
                receivedAt, receivedBy, department, dueDate, ComplaintStatus.CLOSED, transferRequest, latestReply,
                replies, satisfaction, escalation, reopenCount, lastReopen, convertedTaskIds, at, referral, v, at);
    }

    /** Back to the same department, which must accept again; no longer closed. */
    ComplaintView reopened(Note note, LocalDate newDueDate, long v, Instant at) {
        return new ComplaintView(complaintId, channel, referredBy, subject, content, complainant, category,
                receivedAt, receivedBy, department, newDueDate, ComplaintStatus.ASSIGNED, transferRequest,
                latestReply, replies, satisfaction, escalation, reopenCount + 1, note, convertedTaskIds, null, referral, v, at);
    }

    ComplaintView escalated(Escalation raised, long v, Instant at) {
        return new ComplaintView(complaintId, channel, referredBy, subject, content, complainant, category,
                receivedAt, receivedBy, department, dueDate, status, transferRequest, latestReply, replies,
                satisfaction, raised, reopenCount, lastReopen, convertedTaskIds, closedAt, referral, v, at);
    }

    ComplaintView convertedToTask(String taskId, long v, Instant at) {
        List<String> tasks = new ArrayList<>(convertedTaskIds);
        tasks.add(taskId);
        return new ComplaintView(complaintId, channel, referredBy, subject, content, complainant, category,
                receivedAt, receivedBy, department, dueDate, status, transferRequest, latestReply, replies,
                satisfaction, escalation, reopenCount, lastReopen, List.copyOf(tasks), closedAt, referral, v, at);
    }

    /** The referral changed as {@code change} says. */
    ComplaintView referral(UnaryOperator<ReferralView> change, long v, Instant at) {
        return new ComplaintView(complaintId, channel, referredBy, subject, content, complainant, category,
                receivedAt, receivedBy, department, dueDate, status, transferRequest, latestReply, replies,
                satisfaction, escalation, reopenCount, lastReopen, convertedTaskIds, closedAt,
                referral == null ? null : change.apply(referral), v, at);
    }

    /** Open and past its due date on {@code today}; a complaint not yet assigned has no due date to miss. */
    public boolean isOverdueOn(LocalDate today) {
        return status.isOpen() && dueDate != null && DueDates.overdue(dueDate, today);
    }
}
