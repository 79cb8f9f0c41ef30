package dev.closeout.projections.complaint;

import dev.closeout.domain.complaint.ComplaintChannel;
import dev.closeout.domain.complaint.ComplaintStatus;
import dev.closeout.domain.complaint.Referral;
import dev.closeout.domain.complaint.Satisfaction;
import dev.closeout.domain.time.DueDates;
import org.bson.Document;

import java.time.LocalDate;

/**
 * One complaint's line in the document of the month it was received in: what the complaint
 * ledger counts and nothing more. It never holds the complainant.
 *
 * @param seq        sequence number of the last event reflected
 * @param receivedOn the date of receipt in the ledger zone, which places the line in a period
 * @param department the department the complaint is assigned to now; {@code null} before assignment
 * @param replied    whether the complaint was ever replied to
 * @param rating     the latest rating recorded; {@code null} while never rated
 * @param reopened   whether the complaint was ever reopened
 */
record ComplaintLedgerLine(long seq, ComplaintChannel channel, Referral referredBy, LocalDate receivedOn,
                           String department, LocalDate dueDate, ComplaintStatus status, boolean replied,
                           Satisfaction rating, boolean reopened) {

    static ComplaintLedgerLine received(long seq, ComplaintChannel channel, Referral referredBy, LocalDate on) {
        return new ComplaintLedgerLine(seq, channel, referredBy, on, null, null, ComplaintStatus.RECEIVED, false,
                null, false);
    }

    ComplaintLedgerLine assigned(String toDepartment, LocalDate newDueDate) {
        return new ComplaintLedgerLine(seq, channel, referredBy, receivedOn, toDepartment, newDueDate,
                ComplaintStatus.ASSIGNED, replied, rating, reopened);
    }

    ComplaintLedgerLine withStatus(ComplaintStatus next) {
        return new ComplaintLedgerLine(seq, channel, referredBy, receivedOn, department, dueDate, next, replied,
                rating, reopened);
    }

    ComplaintLedgerLine withReply() {
        return new ComplaintLedgerLine(seq, channel, referredBy, receivedOn, department, dueDate,
                ComplaintStatus.REPLIED, true, rating, reopened);
    }

    ComplaintLedgerLine rated(Satisfaction next) {
        return new ComplaintLedgerLine(seq, channel, referredBy, receivedOn, department, dueDate, status, replied,
                next, reopened);
    }

    ComplaintLedgerLine reopened(LocalDate newDueDate) {
        return new ComplaintLedgerLine(seq, channel, referredBy, receivedOn, department, newDueDate,
                ComplaintStatus.ASSIGNED, replied, rating, true);
    }

    boolean isOverdueOn(LocalDate today) {
        return status.isOpen() && dueDate != null && DueDates.overdue(dueDate, today);
    }

    Document toDocument() {
        Document d = new Document("seq", seq).append("channel", channel.name())
                .append("referredBy", referredBy.name()).append("on", receivedOn.toString())
                .append("status", status.name()).append("replied", replied).append("reopened", reopened);
        if (department != null) {
            d.append("department", department).append("due", dueDate.toString());
        }
        if (rating != null) {
            d.append("rating", rating.name());
        }
        return d;
    }

    static ComplaintLedgerLine fromDocument(Document d) {
        String due = d.getString("due");
        String rating = d.getString("rating");
        return new ComplaintLedgerLine(((Number) d.get("seq")).longValue(),
                ComplaintChannel.valueOf(d.getString("channel")), Referral.valueOf(d.getString("referredBy")),
                LocalDate.parse(d.getString("on")), d.getString("department"), due == null ? null : LocalDate.parse(due),
                ComplaintStatus.valueOf(d.getString("status")), d.getBoolean("replied"),
                rating == null ? null : Satisfaction.valueOf(rating), d.getBoolean("reopened"));
    }
}
