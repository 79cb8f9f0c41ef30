package dev.closeout.domain.task;

/**
 * What can be done to a task, for the lifecycle table in {@link TaskStatus#allows}: each action
 * says, in the words of a refusal, which statuses it needs.
 */
public enum TaskAction {
    /** 认领/签收 */
    CLAIM("only a task nobody has signed for yet can be claimed", null),
    /** 推进 */
    REPORT_PROGRESS(null, "report progress"),
    /** 延期申请 */
    REQUEST_EXTENSION(null, "request an extension"),
    /** A supervisor approves or rejects the pending extension. */
    DECIDE_EXTENSION("only a task being worked on has an extension to decide", null),
    /** 申请销号 */
    REQUEST_CLOSURE(null, "request closure"),
    /** 销号 */
    CLOSE("only a task awaiting closure can be closed", null),
    /** 退回 */
    RETURN("only a task awaiting closure can be returned", null),
    /** 回头看 */
    REOPEN("only a closed task can be reopened", null),
    /** 撤销 */
    WITHDRAW("only an open task can be withdrawn", null),
    /** 催办/督办/调度 */
    ESCALATE("only an open task can be escalated", null),
    /** A supervisor adds milestones (推进时序表). */
    PLAN_MILESTONES("only an open task can be given milestones", null),
    /** 报完成: the department reports a milestone met. */
    REPORT_MILESTONE(null, "report a milestone met"),
    /** A supervisor confirms or returns a milestone reported met. */
    DECIDE_MILESTONE("only a task being worked on has milestones to decide", null),
    /** 反馈: the outcome reported back to the level that referred the task; after closure too. */
    REPORT_BACK("only a task signed for and not withdrawn can be reported back on", null);

    private final String rule;
    /** For the department's own work, allowed while it holds the task: what the department would do. */
    private final String work;

    TaskAction(String rule, String work) {
        this.rule = rule;
        this.work = work;
    }

    /** Why a task in {@code status} may not take this action. */
    String refusal(TaskStatus status) {
        if (this == REPORT_BACK && status == TaskStatus.REGISTERED) {
            return "Task is REGISTERED; claim it first, then report back";
        }
        if (work == null) {
            return "Task is " + status + "; " + rule;
        }
        if (status == TaskStatus.REGISTERED) {
            return "Task is REGISTERED; claim it first, then " + work;
        }
        return "Task is " + status + "; you can " + work + " only while the task is claimed or in progress";
    }
}
