package dev.closeout.domain.inspection;

/**
 * What can be done to an inspection round, for the lifecycle table in {@link InspectionStatus#allows}:
 * each action says, in the words of a refusal, which statuses it needs.
 */
public enum InspectionAction {
    /** 发现问题: record a problem found at a unit. */
    RECORD_FINDING("findings are recorded only while the round is open"),
    /** 已检查: a unit was visited and checked. */
    MARK_UNIT_INSPECTED("units are marked inspected only while the round is open"),
    /** 转为整改任务 */
    CONVERT_FINDING("findings can always be converted into tasks"),
    /** 结束督查 */
    CLOSE("only an open round can be closed");

    private final String rule;

    InspectionAction(String rule) {
        this.rule = rule;
    }

    /** Why a round in {@code status} may not take this action. */
    String refusal(InspectionStatus status) {
        return "Inspection round is " + status + "; " + rule;
    }
}
