package dev.closeout.domain.time;

import java.time.LocalDate;
import java.util.Optional;

/**
 * Yellow when the due date is at most N working days away, the due day itself included (0 days
 * away). Working days, because a deadline after a holiday week is nearer in work than in days.
 * Once overdue this rule is silent and {@link OverdueRule} speaks.
 */
final class DueSoonRule implements ColourRule {

    private final WorkingCalendar calendar;
    private final int workingDays;

    DueSoonRule(WorkingCalendar calendar, int workingDays) {
        this.calendar = calendar;
        this.workingDays = workingDays;
    }

    @Override
    public Optional<Finding> assess(ItemTimeline item, LocalDate today) {
        return Finding.when(DueDates.dueSoon(calendar, workingDays, item.dueDate(), today),
                Colour.YELLOW, ColourReason.DUE_SOON);
    }
}
