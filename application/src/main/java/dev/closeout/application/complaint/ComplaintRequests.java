package dev.closeout.application.complaint;

import dev.closeout.domain.complaint.Complainant;
import dev.closeout.domain.complaint.ComplaintChannel;
import dev.closeout.domain.complaint.Referral;
import dev.closeout.domain.complaint.Satisfaction;

import java.time.Instant;
import java.time.LocalDate;

/** Request bodies of the complaint API. Fields are checked when the command is built from them. */
final class ComplaintRequests {

    private ComplaintRequests() {
    }

    record Receive(ComplaintChannel channel, Referral referredBy, String subject, String content,
                   Complainant complainant, String category, Instant receivedAt) {
    }

    record Assign(String department, LocalDate dueDate) {
    }

    /** Without a {@code dueDate} the complaint keeps its current time limit. */
    record Transfer(String department, LocalDate dueDate, String reason) {
    }

    record Reason(String reason) {
    }

    record Reply(String content) {
    }

    record Rating(Satisfaction rating, String note) {
    }

    /** Without a {@code dueDate} the current time limit stands. */
    record Reopen(String reason, LocalDate dueDate) {
    }

    record Escalation(String level, String reason) {
    }

    record Conversion(String ledger, LocalDate dueDate, String title, String leadDepartment) {
    }
}
