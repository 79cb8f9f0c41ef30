package dev.closeout.domain.task;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Where a milestone stands, as recorded, and what each standing allows: a table, like
 * {@link TaskStatus}. Whether a milestone is missed is not a standing but a deadline fact judged on a
 * day ({@code DueDates}): a {@link #PLANNED} milestone past its due date.
 */
public enum MilestoneStatus {
    /** 待完成: planned, not yet reported met (or returned). */
    PLANNED,
    /** 已报完成: the department reports it met, with evidence; a supervisor decides. */
    REPORTED,
    /** 已确认: a supervisor confirmed it met. */
    MET;

    /** What can be done to a milestone. */
    public enum Action {
        /** 报完成 */
        REPORT_MET,
        /** 确认 or 退回 */
        DECIDE
    }

    private static final Map<MilestoneStatus, Set<Action>> ALLOWED = new EnumMap<>(MilestoneStatus.class);

    static {
        ALLOWED.put(PLANNED, EnumSet.of(Action.REPORT_MET));
        ALLOWED.put(REPORTED, EnumSet.of(Action.DECIDE));
        ALLOWED.put(MET, EnumSet.noneOf(Action.class));
    }

    public boolean allows(Action action) {
        return ALLOWED.get(this).contains(action);
    }

    /** Still waiting on the department: the only standing a due date can pass by. */
    public boolean awaitsDepartment() {
        return this == PLANNED;
    }
}
