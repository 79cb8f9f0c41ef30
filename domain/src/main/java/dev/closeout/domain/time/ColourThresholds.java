package dev.closeout.domain.time;

import dev.closeout.domain.common.InvalidValueException;

/**
 * The numbers an office tunes in its colour rules.
 *
 * @param dueSoonWorkingDays yellow when the due date is this many working days away or fewer
 * @param staleProgressDays  yellow when no progress report came for this many calendar days (tasks
 *                           only: nothing is reported of a complaint); calendar days because reporting
 *                           cycles ("周跟进、月调度") are by the week and month, holidays or not
 * @param lagPoints          yellow when percent complete trails the share of time used by more
 *                           than this many percentage points
 */
public record ColourThresholds(int dueSoonWorkingDays, int staleProgressDays, int lagPoints) {

    /** Three working days' warning, a fortnight without a report, 30 points behind. */
    public static final ColourThresholds DEFAULT = new ColourThresholds(3, 14, 30);

    public ColourThresholds {
        if (dueSoonWorkingDays < 0) {
            throw new InvalidValueException("dueSoonWorkingDays", "must not be negative");
        }
        if (staleProgressDays < 1) {
            throw new InvalidValueException("staleProgressDays", "must be at least 1");
        }
        if (lagPoints < 0 || lagPoints > 100) {
            throw new InvalidValueException("lagPoints", "must be between 0 and 100");
        }
    }
}
