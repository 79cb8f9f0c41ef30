package dev.closeout.application.referral;

/** Request bodies of the referral API. Fields are checked when the command is built from them. */
public final class ReferralRequests {

    private ReferralRequests() {
    }

    /** 反馈: the outcome reported back to the level that referred the item. */
    public record ReportBack(String outcome) {
    }
}
