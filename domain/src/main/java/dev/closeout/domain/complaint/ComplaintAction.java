package dev.closeout.domain.complaint;

/**
 * What can be done to a complaint, for the lifecycle table in {@link ComplaintStatus#allows}: each
 * action says, in the words of a refusal, which statuses it needs.
 */
public enum ComplaintAction {
    /** 交办 */
    ASSIGN("only a complaint not yet assigned can be assigned, and an assigned one moves to another "
            + "department by transfer"),
    /** 签收 */
    ACCEPT("only a complaint assigned and not yet signed for can be accepted"),
    /** 答复 */
    REPLY("only an accepted complaint can be replied to"),
    /** 申请转办 */
    REQUEST_TRANSFER("only a complaint assigned or accepted, and not yet replied to, can be transferred"),
    /** A supervisor rejects the pending transfer request (granting it is {@link #TRANSFER}). */
    DECIDE_TRANSFER("only a complaint assigned or accepted has a transfer request to decide"),
    /** 转办 */
    TRANSFER("only a complaint assigned or accepted, and not yet replied to, can be transferred"),
    /** 满意度回访 */
    RECORD_SATISFACTION("satisfaction can be recorded only once the complaint has been replied to"),
    /** 办结 */
    CLOSE("only a complaint that has been replied to can be closed"),
    /** 重办 */
    REOPEN("only a replied or closed complaint can be reopened"),
    /** 催办/督办/调度 */
    ESCALATE("only an open complaint can be escalated"),
    /** 转为整改任务 */
    CONVERT_TO_TASK("only an open complaint can be converted into a task"),
    /** 反馈: the outcome reported back to the level that referred the complaint; after closure too. */
    REPORT_BACK("only a complaint accepted by its department, replied to or closed can be reported back on");

    private final String rule;

    ComplaintAction(String rule) {
        this.rule = rule;
    }

    /** Why a complaint in {@code status} may not take this action, with the step it needs first where there is one. */
    String refusal(ComplaintStatus status) {
        if (this == REPLY && status == ComplaintStatus.ASSIGNED) {
            return "Complaint is ASSIGNED; accept it first, then reply";
        }
        if ((this == TRANSFER || this == REQUEST_TRANSFER) && status == ComplaintStatus.RECEIVED) {
            return "Complaint is RECEIVED; assign it to a department rather than transfer it";
        }
        return "Complaint is " + status + "; " + rule;
    }
}
