package dev.closeout.domain.complaint;

/** Where a complaint stands. */
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

    /** Still being handled: anything but closed. */
    public boolean isOpen() {
        return this != CLOSED;
    }
}
