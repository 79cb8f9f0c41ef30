package dev.closeout.domain.task;

/** Where a task stands on the ledger. */
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

    /** Still on the books: neither closed nor withdrawn. */
    public boolean isOpen() {
        return this != CLOSED && this != WITHDRAWN;
    }
}
