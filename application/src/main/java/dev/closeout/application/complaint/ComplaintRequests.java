package dev.closeout.application.complaint;

import dev.closeout.domain.complaint.Complainant;
import dev.closeout.domain.complaint.ComplaintChannel;
import dev.closeout.domain.complaint.Referral;
import dev.closeout.domain.complaint.Satisfaction;
import dev.closeout.domain.referral.ReferralNotice;

import java.time.Instant;
import java.time.LocalDate;

/** Request bodies of the complaint API. Fields are checked when the command is built from them. */
final class ComplaintRequests {

    private ComplaintRequests() {
    }

    /** {@code referral}: the notice of a higher level (省, 市) that awaits a report-back, optional. */
    record Receive(ComplaintChannel channel, Referral referredBy, String subject, String content,
                   Person complainant, String category, Instant receivedAt, ReferralNotice referral) {

        /** {@code null} for an anonymous complaint. */
        Complainant toComplainant() {
            return complainant == null ? null : new Complainant(complainant.name(), complainant.phone());
        }
    }

    /**
     * The complainant as sent, checked only when the {@link Complainant} is built from it, so that a
     * refusal names the field ({@code complainant.phone}) rather than the whole object.
     */
    record Person(String name, String phone) {

        /** Hidden: a request printed in a log must not expose the complainant. */
        @Override
        public String toString() {
            return "Person[name=" + (name == null ? null : "***") + ", phone=" + (phone == null ? null : "***") + "]";
        }
    }

    /** Exactly one of {@code dueDate} and {@code dueInWorkingDays} (counted from today). */
    record Assign(String department, LocalDate dueDate, Integer dueInWorkingDays) {
    }

    /**
     * At most one of {@code dueDate} and {@code dueInWorkingDays} (counted from today); without either the complaint keeps
     * its current time limit, unless that has passed.
     */
    record Transfer(String department, LocalDate dueDate, Integer dueInWorkingDays, String reason) {

        boolean keepsTimeLimit() {
            return dueDate == null && dueInWorkingDays == null;
        }
    }

    record Reason(String reason) {
    }

    record Reply(String content) {
    }

    record Rating(Satisfaction rating, String note) {
    }

    /** Exactly one of {@code dueDate} and {@code dueInWorkingDays} (counted from today): the new time limit. */
    record Reopen(String reason, LocalDate dueDate, Integer dueInWorkingDays) {
    }

    record Escalation(String level, String reason) {
    }

    record Conversion(String ledger, LocalDate dueDate, String title, String leadDepartment) {
    }
}
