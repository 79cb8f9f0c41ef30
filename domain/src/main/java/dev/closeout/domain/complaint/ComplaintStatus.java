package dev.closeout.domain.complaint;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

import static dev.closeout.domain.complaint.ComplaintAction.ACCEPT;
import static dev.closeout.domain.complaint.ComplaintAction.ASSIGN;
import static dev.closeout.domain.complaint.ComplaintAction.CLOSE;
import static dev.closeout.domain.complaint.ComplaintAction.CONVERT_TO_TASK;
import static dev.closeout.domain.complaint.ComplaintAction.DECIDE_TRANSFER;
import static dev.closeout.domain.complaint.ComplaintAction.ESCALATE;
import static dev.closeout.domain.complaint.ComplaintAction.RECORD_SATISFACTION;
import static dev.closeout.domain.complaint.ComplaintAction.REOPEN;
import static dev.closeout.domain.complaint.ComplaintAction.REPLY;
import static dev.closeout.domain.complaint.ComplaintAction.REPORT_BACK;
import static dev.closeout.domain.complaint.ComplaintAction.REQUEST_TRANSFER;
import static dev.closeout.domain.complaint.ComplaintAction.TRANSFER;

/** Where a complaint stands, and what each standing allows ({@link #allows}). */
public enum ComplaintStatus {
    /** 受理/登记: entered, not yet handed to a department. */
    RECEIVED,
    /** 交办: handed to a department (first, after a transfer, or after reopening), not yet signed for. */
    ASSIGNED,
    /** 签收: the assigned department has signed for it and is handling it. */
    ACCEPTED,
    /** 答复/反馈结果: the department has answered the complainant. */
    REPLIED,
    /** 办结: closed by a supervisor. */
    CLOSED;

    private static final Map<ComplaintStatus, Set<ComplaintAction>> ALLOWED = new EnumMap<>(ComplaintStatus.class);

    // The lifecycle as a table: what a complaint in each status may have done to it. Who may do it
    // is ComplaintPermissions' question; a pending transfer request and the reply's rating add
    // their own rules (see Complaint).
    static {
        ALLOWED.put(RECEIVED, EnumSet.of(ASSIGN, ESCALATE, CONVERT_TO_TASK));
        ALLOWED.put(ASSIGNED, EnumSet.of(ACCEPT, REQUEST_TRANSFER, DECIDE_TRANSFER, TRANSFER, ESCALATE,
                CONVERT_TO_TASK));
        ALLOWED.put(ACCEPTED, EnumSet.of(REPLY, REQUEST_TRANSFER, DECIDE_TRANSFER, TRANSFER, ESCALATE,
                CONVERT_TO_TASK, REPORT_BACK));
        ALLOWED.put(REPLIED, EnumSet.of(RECORD_SATISFACTION, CLOSE, REOPEN, ESCALATE, CONVERT_TO_TASK, REPORT_BACK));
        // Closing the complaint does not end the duty to report back to the level that referred it.
        ALLOWED.put(CLOSED, EnumSet.of(RECORD_SATISFACTION, REOPEN, REPORT_BACK));
    }

    /** Whether a complaint in this status may take {@code action}. */
    public boolean allows(ComplaintAction action) {
        return ALLOWED.get(this).contains(action);
    }

    /** Still being handled: anything but closed. */
    public boolean isOpen() {
        return this != CLOSED;
    }
}
