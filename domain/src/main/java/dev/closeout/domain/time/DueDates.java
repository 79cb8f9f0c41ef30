package dev.closeout.domain.time;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

/**
 * The deadline facts, decided here and asked everywhere else: by the aggregates' deadline checks,
 * the sweep's index, the colour rules, the views and the ledgers. An item is due <em>on</em> its due
 * date: work due today can still be done today, so it is overdue from the next day and closed on
 * time when closed on or before it. A day is the date an instant falls on in the office's zone
 * (one zone for the whole office, {@code closeout.ledger.zone}).
 */
public final class DueDates {

    private DueDates() {
    }

    /** Past the due date on {@code today}; the due day itself is not overdue. */
    public static boolean overdue(LocalDate dueDate, LocalDate today) {
        return today.isAfter(dueDate);
    }

    /** The first day on which an item due on {@code dueDate} is overdue. */
    public static LocalDate firstDayOverdue(LocalDate dueDate) {
        return dueDate.plusDays(1);
    }

    /** Closed on or before the due date. */
    public static boolean closedOnTime(LocalDate dueDate, LocalDate closedOn) {
        return !overdue(dueDate, closedOn);
    }

    /**
     * Not overdue, and at most {@code window} working days away, the due day itself included (0
     * days away): working days, because a deadline after a holiday week is nearer in work than in days.
     */
    public static boolean dueSoon(WorkingCalendar calendar, int window, LocalDate dueDate, LocalDate today) {
        return !overdue(dueDate, today) && calendar.workingDaysBetween(today, dueDate) <= window;
    }

    /** The day {@code instant} falls on in {@code zone}. */
    public static LocalDate dayOf(Instant instant, ZoneId zone) {
        return LocalDate.ofInstant(instant, zone);
    }

    /** Today in {@code zone}, by {@code clock}. */
    public static LocalDate today(Clock clock, ZoneId zone) {
        return dayOf(clock.instant(), zone);
    }
}
