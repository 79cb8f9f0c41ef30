package dev.closeout.application.referral;

import dev.closeout.domain.common.Actor;
import dev.closeout.domain.referral.ReferralLevel;
import dev.closeout.domain.time.DueDates;
import dev.closeout.projections.referral.ReferralView;

import java.time.Instant;
import java.time.LocalDate;

/**
 * A task's or complaint's referral (省, 市) as the API shows it: {@code status} is {@code AWAITING}
 * (待反馈), {@code OVERDUE} (逾期未反馈: awaited and past its report-back date today, as
 * {@link DueDates#overdue} decides), {@code REPORTED_BACK} (已反馈, {@code onTime} says how) or
 * {@code LAPSED} (the task was withdrawn). {@code overdueRecorded} says the engine recorded it overdue
 * (and alerted), and stays after a late report-back.
 */
public record ReferralResponse(ReferralLevel level, String referringBody, String documentNumber,
                               LocalDate reportBackDue, String status, String outcome, LocalDate reportedBackOn,
                               Instant reportedBackAt, Actor reportedBackBy, Boolean onTime,
                               boolean overdueRecorded) {

    /** {@code referral} as it stands on {@code today}; {@code null} for an item not referred. */
    public static ReferralResponse of(ReferralView referral, LocalDate today) {
        if (referral == null) {
            return null;
        }
        return new ReferralResponse(referral.level(), referral.referringBody(), referral.documentNumber(),
                referral.reportBackDue(), referral.standingOn(today),
                referral.outcome(), referral.reportedBackOn(), referral.reportedBackAt(), referral.reportedBackBy(),
                referral.onTime(), referral.overdueRecorded());
    }
}
