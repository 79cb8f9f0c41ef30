package dev.closeout.domain.time;

import java.time.LocalDate;
import java.util.Optional;

/** Red once the due date has passed. The due date itself is not overdue: work due today can still be done today. */
final class OverdueRule implements ColourRule {

    @Override
    public Optional<Finding> assess(ItemTimeline item, LocalDate today) {
        return Finding.when(DueDates.overdue(item.dueDate(), today), Colour.RED, ColourReason.OVERDUE);
    }
}
