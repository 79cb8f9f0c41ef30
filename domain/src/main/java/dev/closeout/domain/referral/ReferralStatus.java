package dev.closeout.domain.referral;

/**
 * Where an item's duty to report back (反馈) stands, as recorded, and what each standing allows: a
 * table, like the items' own statuses. Whether the report-back is overdue is not a standing but a
 * deadline fact judged on a day ({@code DueDates}): an {@link #AWAITING} referral past its
 * report-back date.
 */
public enum ReferralStatus {
    /** 待反馈: the referring level still waits for the outcome. */
    AWAITING,
    /** 已反馈: the outcome was reported back, on time or late. */
    REPORTED_BACK,
    /** 已失效: the item was withdrawn as registered by mistake, and the duty with it. */
    LAPSED;

    /** Only a referral still awaited may be reported back, and only once. */
    public boolean allowsReportBack() {
        return this == AWAITING;
    }

    /** Still owed to the referring level: the only standing a report-back date can pass by. */
    public boolean awaited() {
        return this == AWAITING;
    }
}
