package dev.closeout.domain.time;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * Yellow when the reported percent complete trails the share of time used, from registration to
 * the due date, by more than X points: half the time gone with 10% done is behind. The share is
 * of calendar days, as a reverse schedule (倒排工期) is drawn, and stops at 100% on the due date.
 * An item with no percentage reported is not judged here; silence is {@link StaleProgressRule}'s.
 */
final class LaggingProgressRule implements ColourRule {

    private final int points;

    LaggingProgressRule(int points) {
        this.points = points;
    }

    @Override
    public Optional<Finding> assess(ItemTimeline item, LocalDate today) {
        if (item.percentComplete() == null) {
            return Optional.empty();
        }
        return Finding.when(elapsedPercent(item, today) - item.percentComplete() > points,
                Colour.YELLOW, ColourReason.LAGGING);
    }

    /** Before registration nothing is used; on or after the due date (or with no span at all) everything is. */
    private static double elapsedPercent(ItemTimeline item, LocalDate today) {
        long span = ChronoUnit.DAYS.between(item.registeredOn(), item.dueDate());
        long used = ChronoUnit.DAYS.between(item.registeredOn(), today);
        if (used <= 0) {
            return 0;
        }
        if (span <= 0 || used >= span) {
            return 100;
        }
        return 100.0 * used / span;
    }
}
