package dev.closeout.domain.time;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * Yellow when nothing has been heard of the item for M calendar days or more, counted from its
 * latest progress report, or from registration when none has come: an item that was never
 * reported on is as silent as one that stopped.
 */
final class StaleProgressRule implements ColourRule {

    private final int days;

    StaleProgressRule(int days) {
        this.days = days;
    }

    @Override
    public Optional<Finding> assess(ItemTimeline item, LocalDate today) {
        return Finding.when(ChronoUnit.DAYS.between(item.lastHeardOf(), today) >= days,
                Colour.YELLOW, ColourReason.NO_RECENT_PROGRESS);
    }
}
