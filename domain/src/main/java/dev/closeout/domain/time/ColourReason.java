package dev.closeout.domain.time;

/** Why an item has its colour: one code per colour rule, stable for events, the API and alerts. */
public enum ColourReason {
    OVERDUE("逾期"),
    DUE_SOON("临期"),
    NO_RECENT_PROGRESS("久未报送进展"),
    LAGGING("进度滞后"),
    MILESTONE_MISSED("节点未完成"),
    REFERRAL_REPORT_BACK_OVERDUE("逾期未反馈");

    private final String label;

    ColourReason(String label) {
        this.label = label;
    }

    /** The words shown beside the colour. */
    public String label() {
        return label;
    }
}
