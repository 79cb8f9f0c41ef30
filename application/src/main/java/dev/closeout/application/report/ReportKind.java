package dev.closeout.application.report;

/** The cadence of the reports (周跟进 · 月调度 · 季总结), each in the words the offices use. */
public enum ReportKind {
    /** 周跟进: per department, who reported progress this week, who did not, what turned red. */
    WEEKLY("周跟进"),
    /** 月调度: what the monthly dispatch meeting discusses: reds, escalations, pending decisions. */
    MONTHLY("月调度"),
    /** 季总结: the quarter's figures, milestones (季度目标) and the scorecard's deadlines. */
    QUARTERLY("季总结");

    private final String label;

    ReportKind(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
