package dev.closeout.domain.referral;

/**
 * The level of government that referred an item down to this office and awaits its report-back
 * (反馈): "10 referred by the province and 14 accepted by the city" (Zhangye). The office itself is
 * the county, so nothing below the city refers here.
 */
public enum ReferralLevel {
    /** 省: 省上转办 / 省级督办 */
    PROVINCE("省"),
    /** 市: 市级交办 / 市级受理 */
    CITY("市");

    private final String label;

    ReferralLevel(String label) {
        this.label = label;
    }

    /** The word shown beside the code. */
    public String label() {
        return label;
    }
}
