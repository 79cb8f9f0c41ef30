package dev.closeout.projections.referral;

import dev.closeout.domain.common.Actor;
import dev.closeout.domain.referral.ReferralLevel;
import dev.closeout.domain.referral.ReferralNotice;
import dev.closeout.domain.referral.ReferralStatus;
import dev.closeout.domain.time.DueDates;

import java.time.Instant;
import java.time.LocalDate;

/**
 * A task's or complaint's referral (省, 市) as recorded: the notice it came down with and its
 * report-back (反馈). {@code status} is the standing as recorded; whether an awaited report-back is
 * overdue is judged at read time ({@link #standingOn}), as colours are. {@code overdueRecorded} says the
 * deadline check recorded it overdue (and alerted), and stays after a late report-back.
 */
public record ReferralView(ReferralLevel level, String referringBody, String documentNumber, LocalDate reportBackDue,
                           ReferralStatus status, String outcome, LocalDate reportedBackOn, Instant reportedBackAt,
                           Actor reportedBackBy, Boolean onTime, boolean overdueRecorded) {

    /** The view of an item's referral as it came, {@code null} for an item not referred. */
    public static ReferralView of(ReferralNotice notice) {
        return notice == null ? null : new ReferralView(notice.level(), notice.referringBody(),
                notice.documentNumber(), notice.reportBackDue(), ReferralStatus.AWAITING, null, null, null, null, null,
                false);
    }

    public ReferralView reportedBack(String text, LocalDate on, boolean inTime, Instant at, Actor by) {
        return new ReferralView(level, referringBody, documentNumber, reportBackDue, ReferralStatus.REPORTED_BACK, text,
                on, at, by, inTime, overdueRecorded);
    }

    public ReferralView recordedOverdue() {
        return new ReferralView(level, referringBody, documentNumber, reportBackDue, status, outcome, reportedBackOn,
                reportedBackAt, reportedBackBy, onTime, true);
    }

    /** The item was withdrawn: the duty lapses with it, unless it was already reported back. */
    public ReferralView lapsed() {
        return status != ReferralStatus.AWAITING ? this : new ReferralView(level, referringBody, documentNumber,
                reportBackDue, ReferralStatus.LAPSED, outcome, reportedBackOn, reportedBackAt, reportedBackBy, onTime,
                overdueRecorded);
    }

    /** The report-back date still owed, for the colour rules; {@code null} once reported back or lapsed. */
    public LocalDate awaitedBy() {
        return status.awaited() ? reportBackDue : null;
    }

    /**
     * Where the referral stands on {@code today}: its status, or {@code OVERDUE} (逾期未反馈) when awaited
     * and past its report-back date by the one overdue rule.
     */
    public String standingOn(LocalDate today) {
        return standing(status, reportBackDue, today);
    }

    /** The standing of a referral in {@code status}, due back on {@code reportBackDue}, as read on {@code today}. */
    static String standing(ReferralStatus status, LocalDate reportBackDue, LocalDate today) {
        return status.awaited() && DueDates.overdue(reportBackDue, today) ? "OVERDUE" : status.name();
    }
}
