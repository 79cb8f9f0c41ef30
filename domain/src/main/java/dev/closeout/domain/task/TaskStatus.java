package dev.closeout.domain.task;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

import static dev.closeout.domain.task.TaskAction.CLAIM;
import static dev.closeout.domain.task.TaskAction.CLOSE;
import static dev.closeout.domain.task.TaskAction.DECIDE_EXTENSION;
import static dev.closeout.domain.task.TaskAction.DECIDE_MILESTONE;
import static dev.closeout.domain.task.TaskAction.ESCALATE;
import static dev.closeout.domain.task.TaskAction.PLAN_MILESTONES;
import static dev.closeout.domain.task.TaskAction.REOPEN;
import static dev.closeout.domain.task.TaskAction.REPORT_BACK;
import static dev.closeout.domain.task.TaskAction.REPORT_MILESTONE;
import static dev.closeout.domain.task.TaskAction.REPORT_PROGRESS;
import static dev.closeout.domain.task.TaskAction.REQUEST_CLOSURE;
import static dev.closeout.domain.task.TaskAction.REQUEST_EXTENSION;
import static dev.closeout.domain.task.TaskAction.RETURN;
import static dev.closeout.domain.task.TaskAction.WITHDRAW;

/** Where a task stands on the ledger, and what each standing allows ({@link #allows}). */
public enum TaskStatus {
    /** 挂账: entered on the ledger, not yet signed for. */
    REGISTERED,
    /** 认领/签收: the lead department has signed for it. */
    CLAIMED,
    /** 推进: progress reported, or returned/reopened for more work. */
    IN_PROGRESS,
    /** 申请销号: the department asks for it to be crossed off. */
    CLOSURE_REQUESTED,
    /** 销号: crossed off by a supervisor. */
    CLOSED,
    /** 撤销: withdrawn as registered by mistake. */
    WITHDRAWN;

    private static final Map<TaskStatus, Set<TaskAction>> ALLOWED = new EnumMap<>(TaskStatus.class);

    // The lifecycle as a table: what a task in each status may have done to it. Who may do it is
    // TaskPermissions' question; pending extensions add their own rule (one at a time), and a
    // referral's report-back its own (once, and only on a referred task).
    static {
        ALLOWED.put(REGISTERED, EnumSet.of(CLAIM, WITHDRAW, ESCALATE, PLAN_MILESTONES));
        ALLOWED.put(CLAIMED, EnumSet.of(REPORT_PROGRESS, REQUEST_EXTENSION, DECIDE_EXTENSION, REQUEST_CLOSURE,
                WITHDRAW, ESCALATE, PLAN_MILESTONES, REPORT_MILESTONE, DECIDE_MILESTONE, REPORT_BACK));
        ALLOWED.put(IN_PROGRESS, EnumSet.of(REPORT_PROGRESS, REQUEST_EXTENSION, DECIDE_EXTENSION, REQUEST_CLOSURE,
                WITHDRAW, ESCALATE, PLAN_MILESTONES, REPORT_MILESTONE, DECIDE_MILESTONE, REPORT_BACK));
        ALLOWED.put(CLOSURE_REQUESTED, EnumSet.of(CLOSE, RETURN, WITHDRAW, ESCALATE, PLAN_MILESTONES,
                DECIDE_MILESTONE, REPORT_BACK));
        // Closing the task does not end the duty to report back to the level that referred it.
        ALLOWED.put(CLOSED, EnumSet.of(REOPEN, REPORT_BACK));
        ALLOWED.put(WITHDRAWN, EnumSet.noneOf(TaskAction.class));
    }

    /** Whether a task in this status may take {@code action}. */
    public boolean allows(TaskAction action) {
        return ALLOWED.get(this).contains(action);
    }

    /** Still on the books: neither closed nor withdrawn. */
    public boolean isOpen() {
        return this != CLOSED && this != WITHDRAWN;
    }
}
