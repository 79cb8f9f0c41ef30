package dev.closeout.domain.time;

import java.time.LocalDate;
import java.util.Optional;

/**
 * Red while a higher level's referral (省, 市) is past its report-back date and nothing was reported
 * back (逾期未反馈): late by the one overdue rule, {@link DueDates#overdue}, as the item's deadline check
 * records it. Red, as any deadline passed: the referring level counts it late however the work goes.
 */
final class ReferralReportBackOverdueRule implements ColourRule {

    @Override
    public Optional<Finding> assess(ItemTimeline item, LocalDate today) {
        return Finding.when(item.reportBackDue() != null && DueDates.overdue(item.reportBackDue(), today),
                Colour.RED, ColourReason.REFERRAL_REPORT_BACK_OVERDUE);
    }
}
