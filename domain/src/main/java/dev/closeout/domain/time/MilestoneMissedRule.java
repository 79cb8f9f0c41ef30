package dev.closeout.domain.time;

import java.time.LocalDate;
import java.util.Optional;

/**
 * Yellow while a milestone (季度目标, 倒排工期 step) is past its due date and still waiting on the
 * department: missed by the one overdue rule, {@link DueDates#overdue}, as the task's deadline check
 * records it. A milestone reported met stops it, while the supervisor decides; a returned one starts
 * it again.
 */
final class MilestoneMissedRule implements ColourRule {

    @Override
    public Optional<Finding> assess(ItemTimeline item, LocalDate today) {
        return Finding.when(item.nextMilestoneOn() != null && DueDates.overdue(item.nextMilestoneOn(), today),
                Colour.YELLOW, ColourReason.MILESTONE_MISSED);
    }
}
