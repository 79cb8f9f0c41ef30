package dev.closeout.domain.referral;

import dev.closeout.domain.common.CommandRefusedException;
import dev.closeout.domain.time.DeadlinePolicy;

import java.time.LocalDate;
import java.util.Optional;

/**
 * An item's duty to report back to the level that referred it, as its aggregate (a task, a
 * complaint) keeps it: the notice, where the duty stands, and whether its report-back date was
 * already recorded passed, so that fact is recorded once. Changed only from the aggregate's event
 * sourcing handlers; the aggregate records what this decides in its own events.
 */
public final class ReferralDuty {

    /** {@code null} for an item that was not referred. */
    private ReferralNotice notice;
    private ReferralStatus status;
    private boolean overdueRecorded;

    public void referred(ReferralNotice referral) {
        if (referral != null) {
            notice = referral;
            status = ReferralStatus.AWAITING;
        }
    }

    public void reportedBack() {
        status = ReferralStatus.REPORTED_BACK;
    }

    public void recordedOverdue() {
        overdueRecorded = true;
    }

    /** The item was withdrawn: nobody owes a report-back on an item registered by mistake. */
    public void lapsed() {
        if (notice != null && status == ReferralStatus.AWAITING) {
            status = ReferralStatus.LAPSED;
        }
    }

    /** What a report-back on {@code today} records, once allowed; refuses an item not referred or already reported back. */
    public ReportBack reportBack(LocalDate today, DeadlinePolicy policy) {
        if (notice == null) {
            throw CommandRefusedException.state("This item was not referred by a higher level; there is nothing to "
                    + "report back");
        }
        if (!status.allowsReportBack()) {
            throw CommandRefusedException.state("The referral " + notice.documentNumber() + " is " + status
                    + "; only an AWAITING referral can be reported back, once");
        }
        return new ReportBack(notice.reportBackDue(), today, !policy.overdue(notice.reportBackDue(), today));
    }

    /**
     * The report-back date passed on {@code today} and not yet recorded so, while the referral is
     * still awaited, as the policy's one overdue rule decides; empty otherwise.
     */
    public Optional<LocalDate> newlyOverdue(LocalDate today, DeadlinePolicy policy) {
        if (notice == null || !status.awaited() || overdueRecorded || !policy.overdue(notice.reportBackDue(), today)) {
            return Optional.empty();
        }
        return Optional.of(notice.reportBackDue());
    }

    /** A report-back as recorded: the date it was due, the day it was made, and whether that was on time. */
    public record ReportBack(LocalDate reportBackDue, LocalDate reportedBackOn, boolean onTime) {
    }
}
